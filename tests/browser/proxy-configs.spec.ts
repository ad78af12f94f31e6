import { expect, test } from '@playwright/test';
import { CATALOG } from '../../utils/diagnose/catalog';
import { caddyAccepts, nginxAccepts } from '../lab/proxies';

/**
 * Every proxy configuration a card offers is one the proxy starts with: pasted where its step says
 * (`configFile`), the upstream it names replaced by a real one as the steps ask, Debian's nginx passes
 * `nginx -t` and Caddy `caddy validate` with it. Here, not in the unit tests: both come from
 * tests/system-deps.sh. Around them, nothing a stock configuration would not have (`nginxAccepts`). Traefik's and Apache's snippets are not checked (neither is installed); the
 * list of places is pinned, so a new nginx or Caddy place cannot go unchecked.
 */

const UPSTREAM = '127.0.0.1:2283';
const withUpstream = (config: string) => config.replaceAll('immich-server:2283', UPSTREAM);

/** nginx's server block for Immich, the configuration pasted into it or into its `location /`. */
const nginxServer = (where: 'server' | 'location') => (config: string) =>
  where === 'server' ? `server {\n  listen 127.0.0.1:8080;\n${config}\n  location / { proxy_pass http://${UPSTREAM}; }\n}` : `server {\n  listen 127.0.0.1:8080;\n  location / {\n    proxy_pass http://${UPSTREAM};\n${config}\n  }\n}`;

/** Where a step's configuration goes → the proxy's whole site with it pasted there. */
const PLACES: Record<string, { proxy: 'nginx' | 'caddy'; site: (config: string) => string }> = {
  "the Immich server block of nginx's configuration": { proxy: 'nginx', site: nginxServer('server') },
  // Nginx Proxy Manager writes its Advanced tab into the proxy host's server block.
  "the proxy host's Advanced tab": { proxy: 'nginx', site: nginxServer('server') },
  "the Immich location of nginx's configuration": { proxy: 'nginx', site: nginxServer('location') },
  'the Immich site in the Caddyfile': { proxy: 'caddy', site: (config) => `${config}\n\treverse_proxy ${UPSTREAM}` },
};
const NOT_CHECKED = ["Traefik's static configuration (traefik.yml)", 'the Immich VirtualHost'];

const configurations = CATALOG.flatMap((cause) => cause.checks.filter((check) => check.config !== undefined).map((check) => ({ cause: cause.id, title: check.title, config: check.config!, place: check.configFile ?? '(no place)' })));

const accepts = (proxy: 'nginx' | 'caddy', site: string) => (proxy === 'nginx' ? nginxAccepts(site) : caddyAccepts(site));

test('every configuration a card offers has a place, and the places are the ones checked here or named as not', () => {
  expect([...new Set(configurations.map(({ place }) => place))].sort()).toEqual([...Object.keys(PLACES), ...NOT_CHECKED].sort());
});

test('the proxies refuse a broken configuration: the checks below can fail', () => {
  expect(nginxAccepts(PLACES["the Immich location of nginx's configuration"]!.site('proxy_set_header Upgrade;')).ok).toBe(false);
  expect(caddyAccepts(PLACES['the Immich site in the Caddyfile']!.site('request_body {\n  max_size fifty\n}')).ok).toBe(false);
});

for (const { cause, title, config, place } of configurations.filter(({ place }) => place in PLACES)) {
  const { proxy, site } = PLACES[place]!;
  test(`${cause}: "${title}": ${proxy} accepts it in ${place}`, () => {
    const { ok, output } = accepts(proxy, site(withUpstream(config)));
    expect(ok, output).toBe(true);
  });
}
