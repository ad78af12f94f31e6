import { defineCause, whenAnySeen } from '../cause';
import { outcomes } from '../filters';
import { CHECKS } from '../check';

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
  severity: 'warning',
  explanation:
    'Immich\'s web app keeps a WebSocket open for live updates ("Server Offline / Version Unknown" in the sidebar when it fails). The proxy in front of Immich is not forwarding the WebSocket upgrade, so the app keeps retrying.',
  checks: [
    {
      title: 'nginx: forward the WebSocket upgrade in the Immich location',
      command: 'proxy_http_version 1.1;\nproxy_set_header Upgrade $http_upgrade;\nproxy_set_header Connection "upgrade";',
      only: ['nginx', 'immich', 'unknown'],
      source: 'immich.md: §5 (FAQ.mdx, #4521)',
    },
    { title: 'Nginx Proxy Manager: turn on "Websockets Support" for the proxy host', only: ['nginx', 'immich', 'unknown'], source: 'immich.md: §5 (NPM toggle)' },
    { title: 'Apache: proxy WebSockets with upgrade=websocket', command: 'ProxyPass / http://immich-server:2283/ upgrade=websocket', only: ['apache', 'immich', 'unknown'], source: 'immich.md: §5 (Apache needs upgrade=websocket)' },
    { title: 'Cloudflare: enable WebSockets in the zone\'s Network settings', only: ['cloudflare'], source: 'guide: Inspect Reverse Proxy and Domain Configuration' },
    ...CHECKS.directAccess,
  ],
  detect: whenAnySeen([socketFailed], 0.85, ['api', 'thumbnail']),
});
