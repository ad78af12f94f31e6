import { defineCause } from '../cause';
import { CHECKS } from '../check';
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
  severity: 'warning',
  explanation:
    'Immich needed longer than the proxy waits: large originals, videos, uploads or a busy server. nginx waits 60 s by default, Traefik v3 cuts uploads at 60 s, Cloudflare gives up after 100 s.',
  checks: [
    CHECKS.serverLogs,
    { title: 'Raise nginx\'s timeouts in the Immich server block', command: 'proxy_read_timeout 600s;\nproxy_send_timeout 600s;\nsend_timeout 600s;', only: ['nginx'], source: 'immich.md: §5 (504, docs reverse-proxy.md)' },
    { title: 'Traefik: raise the entry point\'s responding timeouts', command: 'entryPoints:\n  websecure:\n    transport:\n      respondingTimeouts:\n        readTimeout: 600s\n        writeTimeout: 600s\n        idleTimeout: 600s', only: ['traefik'], source: 'immich.md: §5 (#9639, docs PR #12813)' },
    { title: 'Cloudflare 524: bypass Cloudflare for large transfers (LAN, VPN or DNS-only record)', only: ['cloudflare'], source: 'immich.md: §5 (524)' },
    { title: 'Caddy: check any transport read_timeout / write_timeout on reverse_proxy', only: ['caddy'], source: 'guide: Inspect Reverse Proxy and Domain Configuration' },
    ...CHECKS.directAccess,
    CHECKS.disk,
  ],
  detect(view) {
    const matched = [gatewayTimeout, uploadCut].filter((filter) => view.has(filter));
    if (matched.length === 0) return undefined;
    return { matched, strength: view.has(gatewayTimeout) ? 0.9 : 0.6, healthyKinds: ['thumbnail'] };
  },
});
