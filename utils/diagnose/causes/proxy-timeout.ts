import { defineCause } from '../cause';
import { APACHE_PROXY_LINES, CHECKS, DOCS, eachContainer, GENERIC_RESPONDERS, verify } from '../check';
import { nginxLines } from '../nginx-lines';
import { outcomes, responders } from '../filters';

/** Gateway timeouts from a proxy, Cloudflare 522/524 (immich.md §5). */
const gatewayTimeout = { outcome: outcomes.status(504, 522, 524, 408), responder: responders.notImmich };
/** Traefik v3 cuts uploads at 60 s with a reset rather than a status (immich.md §5, #9639). */
const uploadCut = { kinds: ['upload' as const], outcome: outcomes.network('connection-reset', 'connection-closed', 'empty-response') };

export const proxyTimeout = defineCause({
  id: 'proxy-timeout',
  title: 'The reverse proxy times out before Immich answers',
  summary: '504, Cloudflare 522/524, uploads cut mid-way',
  layer: 'proxy',
  explanation:
    'Immich needed longer than the proxy waits: large originals, videos, uploads or a busy server. nginx waits 60 s by default, Traefik v3 cuts uploads at 60 s, Cloudflare gives up after 100 s.',
  checks: [
    ...CHECKS.directAccess,
    ...CHECKS.proxyLogs({ nginx: ['upstream timed out (110: Connection timed out) while reading response header from upstream'], caddy: ['context deadline exceeded', 'i/o timeout'] }),
    { title: 'Find nginx\'s timeouts for the Immich site', changes: 'nothing', command: 'sudo grep -rnE "proxy_(read|send)_timeout|send_timeout" /etc/nginx/', runs: 'proxy', detail: 'No line means nginx\'s default: 60 s.', only: ['nginx'], source: 'immich.md: §5 (504, docs reverse-proxy.md)', url: DOCS.reverseProxy },
    { title: "Caddy: find any timeout in its configuration", changes: 'nothing', command: 'grep -rn timeout /etc/caddy/', docker: eachContainer('caddy', 'docker exec "$c" grep -rn timeout /etc/caddy/'), runs: 'proxy', detail: "Look for read_timeout or write_timeout in reverse_proxy's transport, and the global servers { timeouts } block. None means Caddy's defaults, which do not cut a slow answer: then the timeout is elsewhere (Cloudflare, or a proxy in front of Caddy).", only: ['caddy'], source: 'guide: Inspect Reverse Proxy and Domain Configuration' },
    { title: 'Caddy: raise or remove those timeouts', changes: 'config', config: 'reverse_proxy immich-server:2283 {\n  transport http {\n    read_timeout 600s\n    write_timeout 600s\n  }\n}', configFile: 'the Immich site in the Caddyfile, as its reverse_proxy (with your own upstream)', only: ['caddy'], source: 'guide: Inspect Reverse Proxy and Domain Configuration', url: DOCS.reverseProxy },
    { title: "Apache: give ProxyPass the documented 600 s timeout", changes: 'config', config: APACHE_PROXY_LINES, configFile: 'the Immich VirtualHost, in place of its ProxyPass lines (with your own upstream)', detail: "Without timeout=, Apache waits ProxyTimeout, or Timeout (60 s by default).", only: ['apache'], source: 'immich.md: §5 (504, docs reverse-proxy.md)', url: DOCS.reverseProxy },
    { title: 'Raise nginx\'s timeouts in the Immich server block', changes: 'config', config: nginxLines('timeouts'), configFile: "the Immich server block of nginx's configuration", only: ['nginx'], source: 'immich.md: §5 (504, docs reverse-proxy.md)', url: DOCS.reverseProxy },
    { title: 'Traefik: raise the entry point\'s responding timeouts', changes: 'config', config: 'entryPoints:\n  websecure:\n    transport:\n      respondingTimeouts:\n        readTimeout: 600s\n        writeTimeout: 600s\n        idleTimeout: 600s', configFile: "Traefik's static configuration (traefik.yml)", only: ['traefik'], source: 'immich.md: §5 (#9639, docs PR #12813)', url: DOCS.reverseProxy },
    { title: 'Cloudflare 524: bypass Cloudflare for large transfers (LAN, VPN or DNS-only record)', changes: 'config', only: ['cloudflare'], source: 'immich.md: §5 (524)', url: DOCS.faq },
    { title: 'Raise the read and send timeouts of the proxy in front of Immich to 600 s', changes: 'config', detail: 'nginx: proxy_read_timeout 600s; Traefik: respondingTimeouts.readTimeout 600s; Apache: timeout=600 on ProxyPass.', only: GENERIC_RESPONDERS, source: 'immich.md: §5 (504, docs reverse-proxy.md)', url: DOCS.reverseProxy },
    ...CHECKS.reloadProxy(),
    verify('Open the same large photos or videos again: no 504.'),
  ],
  detect(view) {
    const matched = [gatewayTimeout, uploadCut].filter((filter) => view.has(filter));
    if (matched.length === 0) return undefined;
    return { matched, strength: view.has(gatewayTimeout) ? 0.9 : 0.6, healthyKinds: ['thumbnail'] };
  },
});
