import { defineCause, whenAnySeen } from '../cause';
import { outcomes } from '../filters';
import { APACHE_PROXY_LINES, CHECKS, DOCS, GENERIC_RESPONDERS, verify } from '../check';
import { nginxLines } from '../nginx-lines';

/** The socket.io handshake as the web app makes it (HTTP/1.1, websocket only): a 101 means the upgrade got through. */
const SOCKET_HANDSHAKE =
  "curl -si --http1.1 --max-time 5 -H 'Connection: Upgrade' -H 'Upgrade: websocket' -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: SW1taWNoRG9jdG9yVGVzdA==' '{{origin}}/api/socket.io/?EIO=4&transport=websocket' | head -n 5";

/**
 * The socket.io handshake failed. When a proxy drops the Upgrade/Connection headers, Immich's
 * engine.io answers 400 {"code":3,"message":"Bad request"}, or the browser sees no status at all
 * (immich.md §5; FAQ, #4521, #28984).
 */
const socketFailed = { kinds: ['websocket' as const], outcome: outcomes.anyFailure };

export const websocketBlocked = defineCause({
  id: 'websocket-blocked',
  title: 'Live updates are blocked: the WebSocket does not connect',
  summary: 'the socket.io WebSocket does not connect (missing `Upgrade` headers); follows any cause that stops the whole site',
  layer: 'proxy',
  failsWithSite: true,
  explanation:
    'Immich\'s web app keeps a WebSocket open for live updates ("Server Offline / Version Unknown" in the sidebar when it fails). The proxy in front of Immich is not forwarding the WebSocket upgrade, so the app keeps retrying.',
  checks: [
    {
      title: 'Try the WebSocket handshake through your address',
      changes: 'nothing',
      command: SOCKET_HANDSHAKE,
      runs: 'here',
      detail: 'Expect "HTTP/1.1 101 Switching Protocols". A 400 {"code":3,"message":"Bad request"} means the proxy dropped the Upgrade headers; a 502 or nothing, that it cannot reach Immich.',
      source: 'immich.md: §3 (rows 50f, 51b), §5 (FAQ.mdx, #4521)',
      url: DOCS.faq,
    },
    ...CHECKS.directAccess,
    {
      title: 'nginx: forward the WebSocket upgrade in the Immich location',
      changes: 'config',
      config: nginxLines('websocket'),
      configFile: "the Immich location of nginx's configuration",
      only: ['nginx'],
      source: 'immich.md: §5 (FAQ.mdx, #4521)',
      url: DOCS.reverseProxy,
    },
    { title: 'Nginx Proxy Manager: turn on "Websockets Support" for the proxy host, and save', changes: 'config', only: ['nginx'], source: 'immich.md: §5 (NPM toggle)', url: DOCS.faq },
    { title: 'Apache: proxy WebSockets with upgrade=websocket', changes: 'config', config: APACHE_PROXY_LINES, configFile: 'the Immich VirtualHost, in place of its ProxyPass lines (with your own upstream)', only: ['apache'], source: 'immich.md: §5 (Apache needs upgrade=websocket)', url: DOCS.reverseProxy },
    { title: 'Cloudflare: enable WebSockets in the zone\'s Network settings', changes: 'config', only: ['cloudflare'], source: 'guide: Inspect Reverse Proxy and Domain Configuration' },
    {
      title: 'Make the proxy in front of Immich forward the WebSocket upgrade',
      changes: 'config',
      detail: 'nginx: proxy_http_version 1.1 and the Upgrade and Connection headers; Nginx Proxy Manager: "Websockets Support"; Apache: upgrade=websocket. Caddy and Traefik forward it by themselves.',
      only: GENERIC_RESPONDERS,
      source: 'immich.md: §5 (FAQ.mdx, #4521)',
      url: DOCS.reverseProxy,
    },
    ...CHECKS.reloadProxy(['nginx', 'apache', ...GENERIC_RESPONDERS]),
    verify('The sidebar should show the server online, not "Server Offline".', SOCKET_HANDSHAKE),
  ],
  detect: whenAnySeen([socketFailed], 0.85, ['api', 'thumbnail']),
});
