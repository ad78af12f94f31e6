import { defineCause, whenAnySeen } from '../cause';
import { CHECKS, DOCS, GENERIC_RESPONDERS, immichIssue, verify } from '../check';
import { nginxLines } from '../nginx-lines';
import { outcomes, responders } from '../filters';

/** Apache 2.4.54 and later limit a request's body to 1 GiB by default (0, no limit, before). */
const APACHE_LIMIT_REQUEST_BODY = 'https://httpd.apache.org/docs/2.4/mod/core.html#limitrequestbody';

/** Immich itself has no upload size limit, so a 413 always comes from in front of it (immich.md §3, §5). */
const tooLarge = { outcome: outcomes.status(413), responder: responders.any };

export const proxyBodyTooLarge = defineCause({
  id: 'proxy-body-too-large',
  title: 'The reverse proxy rejects large uploads (413)',
  summary: '413 on uploads (Immich itself has no limit)',
  layer: 'proxy',
  explanation:
    'Immich has no upload size limit of its own; the proxy or CDN in front of it refused the upload as too large. nginx allows only 1 MB by default; Cloudflare allows 100 MB on Free and Pro plans and through Tunnels.',
  checks: [
    ...CHECKS.proxyLogs({ nginx: ['client intended to send too large body'] }),
    { title: 'Find the limit in nginx\'s configuration', changes: 'nothing', command: 'sudo grep -rn client_max_body_size /etc/nginx/', runs: 'proxy', detail: 'No line means nginx\'s default: 1 MB.', only: ['nginx'], source: 'immich.md: §5 (#12734, docs reverse-proxy.md)', url: DOCS.reverseProxy },
    { title: "Find Apache's request body limit", changes: 'nothing', command: 'sudo grep -rn LimitRequestBody /etc/apache2/ /etc/httpd/ 2>/dev/null', runs: 'proxy', detail: 'No line means Apache\'s default: 1 GiB since Apache 2.4.54 (no limit before).', only: ['apache'], source: 'immich.md: §5 (413); Apache core docs (LimitRequestBody)', url: APACHE_LIMIT_REQUEST_BODY },
    { title: 'Raise nginx\'s body size limit in the Immich server block', changes: 'config', config: nginxLines('bodySize'), configFile: "the Immich server block of nginx's configuration", only: ['nginx'], source: 'immich.md: §5 (#12734, docs reverse-proxy.md)', url: DOCS.reverseProxy },
    { title: 'Nginx Proxy Manager: add the same line under the proxy host\'s Advanced tab, and save', changes: 'config', config: nginxLines('bodySize'), configFile: "the proxy host's Advanced tab", only: ['nginx'], source: 'immich.md: §5 (#23620)', url: immichIssue(23620) },
    { title: 'Cloudflare: upload over the LAN or a VPN, or set the record to DNS only (grey cloud)', changes: 'config', only: ['cloudflare'], source: 'immich.md: §5 (#20923, Cloudflare 413)', url: DOCS.faq },
    { title: 'Caddy: remove or raise any request_body max_size', changes: 'config', config: 'request_body {\n  max_size 50GB\n}', configFile: 'the Immich site in the Caddyfile', only: ['caddy'], source: 'guide: Inspect Reverse Proxy and Domain Configuration', url: DOCS.reverseProxy },
    { title: "Apache: lift the request body limit in the Immich VirtualHost", changes: 'config', config: 'LimitRequestBody 0', configFile: 'the Immich VirtualHost', detail: '0 is no limit, as Immich has none of its own.', only: ['apache'], source: 'immich.md: §5 (413); Apache core docs (LimitRequestBody)', url: APACHE_LIMIT_REQUEST_BODY },
    { title: 'Traefik: raise the buffering middleware\'s maxRequestBodyBytes, if one is set', changes: 'config', only: ['traefik'], source: 'guide: Inspect Reverse Proxy and Domain Configuration' },
    { title: 'Raise the upload size limit of the proxy in front of Immich', changes: 'config', detail: 'Immich itself has no limit. nginx: client_max_body_size 50000M; Nginx Proxy Manager: the same line in the proxy host\'s Advanced tab; Caddy: request_body max_size; Apache: LimitRequestBody 0.', only: GENERIC_RESPONDERS, source: 'immich.md: §5 (#12734, docs reverse-proxy.md)', url: DOCS.reverseProxy },
    ...CHECKS.reloadProxy(),
    verify('Upload the same file again: it should be stored, with no 413.'),
  ],
  detect: whenAnySeen([tooLarge], 0.95, ['thumbnail', 'original']),
});
