import { defineCause, whenAnySeen } from '../cause';
import { CHECKS, DOCS, immichIssue, verify } from '../check';
import { nginxLines } from '../nginx-lines';
import { outcomes, responders } from '../filters';

/** Immich's own 401s (x-immich-cid): "Authentication required", "Invalid user token", "Invalid share key" (immich.md §3). */
const unauthorised = { outcome: outcomes.status(401), responder: responders.immich };

export const sessionExpired = defineCause({
  id: 'session-expired',
  title: 'Your Immich session expired or was revoked',
  summary: '401 from Immich: log in again',
  layer: 'auth',
  explanation:
    'Immich no longer accepts this browser\'s login (or the shared link expired), so it refuses photos and data. Logging in again usually fixes it; if it keeps happening, the login cookie is not being kept (for example an http:// address that redirects to https://).',
  remedies: ['clear-site-data'],
  checks: [
    { title: 'If Immich has an https:// address, open it by that one, not by http://', changes: 'nothing', detail: 'A redirect from http to https can lose the login cookie. A server reached only over http on your network needs nothing here.', source: 'immich.md: §5 (401 on all /api/*; #30056)', url: immichIssue(30056) },
    CHECKS.logInAgain,
    CHECKS.clearSiteData,
    {
      title: 'Check that the proxy forwards the protocol so Immich marks cookies Secure correctly',
      changes: 'config',
      config: nginxLines('forwardedProto'),
      configFile: "the Immich location of nginx's configuration",
      only: ['nginx'],
      source: 'immich.md: §2 Cookies (trusted proxies since v1.124)',
      url: DOCS.reverseProxy,
    },
    {
      title: 'Check that Immich trusts your proxy (IMMICH_TRUSTED_PROXIES), or it ignores the forwarded protocol',
      changes: 'config',
      detail:
        "Since v1.124 Immich believes X-Forwarded-Proto only from loopback or the addresses in IMMICH_TRUSTED_PROXIES (comma-separated; a Docker network's subnet works). A proxy in another container or on another machine needs its address there, in Immich's .env; then docker compose up -d.",
      source: 'immich.md: §2 Cookies (trusted proxies since v1.124); Version landmarks (v1.124.0)',
      url: DOCS.reverseProxy,
    },
    ...CHECKS.reloadProxy(['nginx']),
    verify('You should stay logged in; no 401 from Immich.'),
  ],
  detect: whenAnySeen([unauthorised], 0.9, ['app-shell', 'page']),
});
