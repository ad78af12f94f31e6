import { defineCause, whenAnySeen } from '../cause';
import { CHECKS, DOCS, GENERIC_RESPONDERS, verify } from '../check';
import { nginxLines } from '../nginx-lines';
import { outcomes } from '../filters';

/** An https:// page loading http:// resources, or Firefox's explicit mixed-content block (immich.md §5). */
const insecure = { where: (request: { insecure: boolean }) => request.insecure };
const blocked = { outcome: outcomes.network('mixed-content') };

export const mixedContent = defineCause({
  id: 'mixed-content',
  title: 'Mixed content: the secure page asks for insecure http:// resources',
  summary: 'an https page asking for http resources',
  layer: 'proxy',
  explanation:
    'Immich uses relative addresses, so http:// links usually come from a proxy that does not tell Immich the page is https, or from a custom external domain or map style URL set to http://.',
  checks: [
    { title: 'Check Administration → Settings → Server → External domain, and the map style URLs, for http://', changes: 'nothing', source: 'immich.md: §5 (externalDomain/map URLs)' },
    {
      title: 'Forward the original protocol and host to Immich',
      changes: 'config',
      config: nginxLines('forwarded'),
      configFile: "the Immich location of nginx's configuration",
      only: ['nginx'],
      source: 'immich.md: §5 (Mixed-content blocking)',
      url: DOCS.reverseProxy,
    },
    {
      title: 'Make your proxy send Host, X-Forwarded-Proto and X-Forwarded-For to Immich',
      changes: 'config',
      detail: 'Immich\'s reverse proxy page has the lines for nginx, Caddy, Traefik and Apache.',
      only: GENERIC_RESPONDERS,
      source: 'immich.md: §5 (Mixed-content blocking)',
      url: DOCS.reverseProxy,
    },
    ...CHECKS.reloadProxy(['nginx', ...GENERIC_RESPONDERS]),
    verify('No http:// request should be left.'),
  ],
  detect: whenAnySeen([insecure, blocked], 0.85),
});
