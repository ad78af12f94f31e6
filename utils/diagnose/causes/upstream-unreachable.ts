import { defineCause, whenAnySeen } from '../cause';
import { CHECKS, DOCS, eachContainer, immichIssue, verify } from '../check';
import { outcomes, responders } from '../filters';

/** Bad gateway from a proxy, or Cloudflare's origin errors 520/521/523/530 (immich.md §5). */
const noUpstream = { outcome: outcomes.status(502, 503, 520, 521, 523, 530), responder: responders.notImmich };

export const upstreamUnreachable = defineCause({
  id: 'upstream-unreachable',
  title: 'The reverse proxy cannot reach Immich',
  summary: '502/503, Cloudflare 520/521/523: the proxy cannot reach Immich',
  layer: 'proxy',
  stopsSite: true,
  explanation:
    'The proxy or CDN answered, but Immich behind it did not: the server container is stopped or crash-looping (often a failed mount check at start-up), or the proxy points to the wrong host or port (2283 since v1.118, 3001 before).',
  checks: [
    CHECKS.containers,
    CHECKS.serverLogs(['Failed to read (the start-up check of a .immich folder: a mount is missing)', 'IMMICH_IGNORE_MOUNT_CHECK_ERRORS', 'exited with code'], 'Why Immich is not answering: a crash loop shows the same start-up error again and again.'),
    ...CHECKS.directAccess,
    { title: "Check the proxy's upstream address and port", changes: 'nothing', command: 'sudo grep -rn "proxy_pass" /etc/nginx/', runs: 'proxy', detail: 'Expect http://immich-server:2283 (or the server\'s address and 2283; 3001 before v1.118).', only: ['nginx'], source: 'immich.md: §5 (502; #13490, #14407)', url: immichIssue(13490) },
    { title: "Check the Caddyfile's reverse_proxy target", changes: 'nothing', command: 'grep -rn "reverse_proxy" /etc/caddy/', docker: eachContainer('caddy', 'docker exec "$c" grep -rn reverse_proxy /etc/caddy/'), runs: 'proxy', detail: 'Expect immich-server:2283 (or the server\'s address and 2283).', only: ['caddy'], source: 'immich.md: §5 (502)', url: DOCS.reverseProxy },
    { title: 'Cloudflare 52x: check that the origin is up and its port and TLS match the Cloudflare settings', changes: 'nothing', only: ['cloudflare'], source: 'immich.md: §5 (520-526)' },
    CHECKS.hostMount,
    ...CHECKS.proxyLogs({
      nginx: ['connect() failed (111: Connection refused) while connecting to upstream', 'no live upstreams', 'host not found in upstream'],
      caddy: ['dial tcp', 'connect: connection refused', 'no such host'],
      traefik: ['502 Bad Gateway', 'connection refused'],
    }),
    CHECKS.startImmich,
    verify('The proxy should reach Immich again.', "curl -si '{{origin}}{{ping}}' | head -n 1"),
  ],
  detect: whenAnySeen([noUpstream], 0.95),
});
