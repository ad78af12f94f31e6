import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { CATALOG } from '../../utils/diagnose/catalog';
import { startImmichLab } from '../lab/immich-server';
import { caddyAccepts, nginxAccepts, startNginx, withUpstream } from '../lab/proxies';

/**
 * Every proxy configuration a card offers is one the proxy starts with: pasted where its step says
 * (`configFile`), the upstream it names replaced by a real one as the steps ask, Debian's nginx passes
 * `nginx -t` and Caddy `caddy validate` with it. Here, not in the unit tests: both come from
 * tests/system-deps.sh. Around them, nothing a stock configuration would not have (`nginxAccepts`). Traefik's and Apache's snippets are not checked (neither is installed); the
 * list of places is pinned, so a new nginx or Caddy place cannot go unchecked.
 */

const UPSTREAM = '127.0.0.1:2283';

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
  // A whole reverse_proxy with its own upstream, in place of the site's.
  'the Immich site in the Caddyfile, as its reverse_proxy (with your own upstream)': { proxy: 'caddy', site: (config) => config },
};
const NOT_CHECKED = ["Traefik's static configuration (traefik.yml)", 'the Immich VirtualHost', 'the Immich VirtualHost, in place of its ProxyPass lines (with your own upstream)'];

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
    const { ok, output } = accepts(proxy, site(withUpstream(config, UPSTREAM)));
    expect(ok, output).toBe(true);
  });
}

/** Whether a WebSocket to Immich's socket.io address opens (the upgrade got through), within 5 s. */
function socketOpens(origin: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/socket.io/?EIO=4&transport=websocket`);
    const done = (opened: boolean) => {
      clearTimeout(timer);
      socket.terminate();
      resolve(opened);
    };
    const timer = setTimeout(() => done(false), 5_000);
    socket.once('open', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * The SSO gateway card's nginx exemption, in a real nginx whose gateway guards the whole site from the
 * server block (auth_request there, as a gateway put in front of everything is): pasted as its step
 * says, the API and the WebSocket reach Immich while the web app's pages stay behind the gateway.
 * Without its `auth_request off` line, the API is still the gateway's: that line is what exempts it.
 */
test("auth-gateway: the card's nginx exemption, in a gateway guarding the whole server, lets the API and the WebSocket through and nothing else", async () => {
  const step = CATALOG.find((cause) => cause.id === 'auth-gateway-redirect')!.checks.find((check) => check.configFile === "the Immich server block of nginx's configuration")!;
  const lab = await startImmichLab();
  const upstream = `127.0.0.1:${lab.port}`;
  const snippet = withUpstream(step.config!, upstream);
  const withoutOff = snippet
    .split('\n')
    .filter((line) => !line.includes('auth_request off'))
    .join('\n');
  expect(withoutOff).not.toBe(snippet);
  // The gateway's refusal is its 302 to its portal (/sso/login); any other answer says who gave it.
  const statusOf = async (url: string) => {
    const response = await fetch(url, { redirect: 'manual' });
    return response.status === 302 && !response.headers.get('location')?.includes('/sso/login?') ? `302 to ${response.headers.get('location')}` : response.status;
  };
  try {
    for (const [apiLocations, through] of [
      [undefined, false],
      [withoutOff, false],
      [snippet, true],
    ] as const) {
      const proxy = await startNginx(upstream, 'forward-auth', { gate: 'server', apiLocations });
      try {
        const what = apiLocations === undefined ? 'the gated site' : apiLocations === snippet ? 'the whole snippet' : 'the snippet without auth_request off';
        expect(await statusOf(`${proxy.url}/api/server/ping`), `${what}: /api/server/ping`).toBe(through ? 200 : 302);
        expect(await statusOf(`${proxy.url}/.well-known/immich`), `${what}: /.well-known/immich`).toBe(through ? 200 : 302);
        expect(await socketOpens(proxy.url), `${what}: the WebSocket`).toBe(through);
        // The web app's own pages stay behind the gateway: the exemption is for the API only.
        expect(await statusOf(`${proxy.url}/photos`), `${what}: /photos`).toBe(302);
      } finally {
        await proxy.stop();
      }
    }
  } finally {
    await lab.close();
  }
});
