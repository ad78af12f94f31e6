import { defineCause, whenAnySeen } from '../cause';
import { CHECKS } from '../check';
import { outcomes, responders } from '../filters';

/** Immich itself has no upload size limit, so a 413 always comes from in front of it (immich.md §3, §5). */
const tooLarge = { outcome: outcomes.status(413), responder: responders.any };

export const proxyBodyTooLarge = defineCause({
  id: 'proxy-body-too-large',
  title: 'The reverse proxy rejects large uploads (413)',
  summary: '413 on uploads (Immich itself has no limit)',
  layer: 'proxy',
  severity: 'warning',
  explanation:
    'Immich has no upload size limit of its own; the proxy or CDN in front of it refused the upload as too large. nginx allows only 1 MB by default; Cloudflare allows 100 MB on Free and Pro plans and through Tunnels.',
  checks: [
    { title: 'Raise nginx\'s body size limit in the Immich server block, then reload nginx', command: 'client_max_body_size 50000M;', only: ['nginx'], source: 'immich.md: §5 (#12734, docs reverse-proxy.md)' },
    { title: 'Nginx Proxy Manager: add the same line under the proxy host\'s Advanced tab', command: 'client_max_body_size 50000M;', only: ['nginx'], source: 'immich.md: §5 (#23620)' },
    { title: 'Cloudflare: upload over the LAN or a VPN, or set the record to DNS only (grey cloud)', only: ['cloudflare'], source: 'immich.md: §5 (#20923, Cloudflare 413)' },
    { title: 'Caddy: remove or raise any request_body max_size', command: 'request_body {\n  max_size 50GB\n}', only: ['caddy'], source: 'guide: Inspect Reverse Proxy and Domain Configuration' },
    { title: 'Traefik: raise the buffering middleware\'s maxRequestBodyBytes, if one is set', only: ['traefik'], source: 'guide: Inspect Reverse Proxy and Domain Configuration' },
    ...CHECKS.directAccess,
  ],
  detect: whenAnySeen([tooLarge], 0.95, ['thumbnail', 'original']),
});
