import { defineCause, whenAnySeen } from '../cause';
import { CHECKS } from '../check';
import { outcomes, responders } from '../filters';

/** Bad gateway from a proxy, or Cloudflare's origin errors 520/521/523/530 (immich.md §5). */
const noUpstream = { outcome: outcomes.status(502, 503, 520, 521, 523, 530), responder: responders.notImmich };

export const upstreamUnreachable = defineCause({
  id: 'upstream-unreachable',
  title: 'The reverse proxy cannot reach Immich',
  summary: '502/503, Cloudflare 520/521/523: the proxy cannot reach Immich',
  layer: 'proxy',
  stopsSite: true,
  severity: 'critical',
  explanation:
    'The proxy or CDN answered, but Immich behind it did not: the server container is stopped or crash-looping (often a failed mount check at start-up), or the proxy points to the wrong host or port (2283 since v1.118, 3001 before).',
  checks: [
    CHECKS.containers,
    CHECKS.serverLogs,
    ...CHECKS.directAccess,
    { title: "Check the proxy's upstream address and port", command: 'grep -rn "proxy_pass" /etc/nginx/   # expect http://immich-server:2283', only: ['nginx'], source: 'immich.md: §5 (502; #13490, #14407)' },
    { title: "Check the Caddyfile's reverse_proxy target", command: 'reverse_proxy immich-server:2283', only: ['caddy'], source: 'immich.md: §5 (502)' },
    { title: 'Cloudflare 52x: check that the origin is up and its port and TLS match the Cloudflare settings', only: ['cloudflare'], source: 'immich.md: §5 (520-526)' },
    CHECKS.hostMount,
    CHECKS.proxyLogs,
  ],
  detect: whenAnySeen([noUpstream], 0.95),
});
