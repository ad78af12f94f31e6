import type { RequestKind } from '../../classify/request-kind';
import { defineCause } from '../cause';
import { outcomes, responders } from '../filters';

const CALLS: readonly RequestKind[] = ['api', 'upload', 'thumbnail', 'preview', 'fullsize', 'original', 'video', 'person-thumbnail', 'profile-image', 'websocket'];

/**
 * An SSO gateway (Authelia, Authentik, oauth2-proxy, Cloudflare Access) in front of `/api` answers with
 * a redirect to its login host, a 401 of its own, or its login page (HTML) where JSON was due
 * (immich.md §5; ibizaman/selfhostblocks#583).
 */
const redirectedAway = { kinds: CALLS, outcome: outcomes.is('redirect-away') };
const gatewayRefusal = { kinds: CALLS, outcome: outcomes.status(401, 407), responder: responders.notImmich };
const loginPageForApi = { kinds: ['api' as const, 'upload' as const], outcome: outcomes.is('html') };

export const authGatewayRedirect = defineCause({
  id: 'auth-gateway-redirect',
  title: 'A login gateway in front of Immich intercepts its API',
  summary: 'an SSO gateway answers Immich\'s API instead of Immich: redirects to its login (another origin, or a gateway path such as `/oauth2/`), its own 401, or its login page',
  layer: 'auth',
  stopsSite: true,
  severity: 'critical',
  explanation:
    'An authentication proxy (Authelia, Authentik, oauth2-proxy, Cloudflare Access, basic auth) sits in front of Immich and sends the web app\'s API and image requests to its login page. The app cannot follow those redirects, so images and data fail.',
  checks: [
    {
      title: 'Exclude /api and /.well-known/immich from the gateway (Immich has its own login)',
      command: 'location /api/ {\n    auth_request off;\n    proxy_pass http://immich-server:2283;\n}',
      detail: 'Or use Immich\'s OAuth support with the same identity provider instead of a gateway in front.',
      source: 'immich.md: §5 (SSO gateway in front of /api)',
    },
    { title: 'Cloudflare Access: add a bypass policy for /api/* on this application', only: ['cloudflare'], source: 'immich.md: §5 (Cloudflare Access)' },
    { title: 'Log in to the gateway in this browser, then reload Immich', source: 'guide: Clear Browser Cache and Test Another Client' },
  ],
  detect(view) {
    const matched = [redirectedAway, gatewayRefusal, loginPageForApi].filter((filter) => view.has(filter));
    if (matched.length === 0) return undefined;
    return { matched, strength: view.has(redirectedAway) ? 0.92 : 0.8, healthyKinds: ['page'] };
  },
});
