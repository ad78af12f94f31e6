import { defineCause, whenAnySeen } from '../cause';
import { CHECKS, verify } from '../check';
import { outcomes, responders } from '../filters';

/** A 403 without Immich's fingerprint came from an access rule in front of Immich (immich.md §3 Fingerprints). */
const forbidden = { outcome: outcomes.status(403), responder: responders.notImmich };

export const proxyForbidden = defineCause({
  id: 'proxy-forbidden',
  title: 'The reverse proxy or CDN forbids these requests',
  summary: '403 from the proxy/CDN, not Immich',
  layer: 'proxy',
  stopsSite: true,
  explanation:
    'Something in front of Immich answered 403 Forbidden before Immich saw the request: an allow/deny list, a geo or bot rule, a WAF, or an authentication rule on some paths.',
  checks: [
    ...CHECKS.directAccess,
    ...CHECKS.proxyLogs({ nginx: ['access forbidden by rule'], apache: ['client denied by server configuration'] }),
    { title: 'Look for allow/deny or auth rules on the Immich site', changes: 'nothing', command: 'sudo grep -rnE "deny|allow|auth_basic|auth_request" /etc/nginx/', runs: 'proxy', only: ['nginx'], source: 'guide: Inspect Reverse Proxy and Domain Configuration' },
    { title: 'In Cloudflare, check WAF events and Access policies for this host', changes: 'nothing', only: ['cloudflare'], source: 'guide: Inspect Reverse Proxy and Domain Configuration' },
    CHECKS.otherClient,
    { title: 'Remove or widen the rule that refuses you (your network, country or user agent)', changes: 'config', source: 'guide: Inspect Reverse Proxy and Domain Configuration' },
    ...CHECKS.reloadProxy(),
    verify('No 403 should be left.', "curl -si '{{origin}}{{ping}}' | head -n 1"),
  ],
  detect: whenAnySeen([forbidden], 0.85),
});
