import { defineCause, whenAnySeen } from '../cause';
import { CHECKS } from '../check';
import { outcomes, responders } from '../filters';

/** A 403 without Immich's fingerprint came from an access rule in front of Immich (immich.md §3 Fingerprints). */
const forbidden = { outcome: outcomes.status(403), responder: responders.notImmich };

export const proxyForbidden = defineCause({
  id: 'proxy-forbidden',
  title: 'The reverse proxy or CDN forbids these requests',
  summary: '403 from the proxy/CDN, not Immich',
  layer: 'proxy',
  stopsSite: true,
  severity: 'critical',
  explanation:
    'Something in front of Immich answered 403 Forbidden before Immich saw the request: an allow/deny list, a geo or bot rule, a WAF, or an authentication rule on some paths.',
  checks: [
    ...CHECKS.directAccess,
    CHECKS.proxyLogs,
    { title: 'Look for allow/deny or auth rules on the Immich site', command: 'grep -rnE "deny|allow|auth_basic|auth_request" /etc/nginx/', only: ['nginx'], source: 'guide: Inspect Reverse Proxy and Domain Configuration' },
    { title: 'In Cloudflare, check WAF events and Access policies for this host', only: ['cloudflare'], source: 'guide: Inspect Reverse Proxy and Domain Configuration' },
    CHECKS.otherClient,
  ],
  detect: whenAnySeen([forbidden], 0.85),
});
