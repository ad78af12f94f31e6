import type { RequestKind } from '../../classify/request-kind';
import { defineCause } from '../cause';
import { CHECKS, DOCS, GENERIC_RESPONDERS, verify } from '../check';
import { NGINX_LINES, nginxBlock } from '../nginx-lines';
import { outcomes, responders } from '../filters';

/** What a location the gateway must not guard starts with: no sign-in asked (auth_request, or basic auth), straight to Immich. */
const UNGUARDED = ['auth_request off;', 'auth_basic off;', 'proxy_pass http://immich-server:2283;'];

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
  explanation:
    'An authentication proxy (Authelia, Authentik, oauth2-proxy, Cloudflare Access, basic auth) sits in front of Immich and sends the web app\'s API and image requests to its login page. The app cannot follow those redirects, so images and data fail.',
  checks: [
    {
      title: 'See who answers Immich\'s API at your address',
      changes: 'nothing',
      command: "curl -si '{{origin}}{{ping}}' | head -n 15",
      runs: 'here',
      detail: 'Immich answers 200 {"res":"pong"}. A 302 with a Location to a login page, a 401, or an HTML page is the gateway.',
      source: 'immich.md: §5 (SSO gateway in front of /api)',
    },
    { title: 'Log in to the gateway in this browser, then reload Immich', changes: 'browser', detail: 'If Immich then loads, the gateway\'s session had expired: the lasting fix is the next step.', source: 'guide: Clear Browser Cache and Test Another Client' },
    {
      title: 'Exclude /api and /.well-known/immich from the gateway (Immich has its own login)',
      changes: 'config',
      // A location that sets its own proxy_set_header lines inherits none from the server block: the
      // WebSocket's and the forwarded headers are repeated (nginx-lines.ts).
      config: [
        nginxBlock('location /api/', [...UNGUARDED, ...NGINX_LINES.websocket, ...NGINX_LINES.forwarded, ...NGINX_LINES.bodySize, ...NGINX_LINES.timeouts, 'proxy_redirect off;']),
        nginxBlock('location /.well-known/immich', UNGUARDED),
      ].join('\n'),
      configFile: "the Immich server block of nginx's configuration",
      detail:
        "In place of the location /api/ the gateway guards, if you have one (nginx refuses two). Use your own upstream in proxy_pass, as in your location /, and copy its other lines too: a location that sets its own proxy_set_header lines inherits none from outside it, and the web app's WebSocket goes through /api. Or use Immich's OAuth support with the same identity provider instead of a gateway in front.",
      only: ['nginx'],
      source: 'immich.md: §5 (SSO gateway in front of /api)',
      url: DOCS.reverseProxy,
    },
    {
      title: 'Exclude /api and /.well-known/immich from the gateway (Immich has its own login)',
      changes: 'config',
      detail: 'Authelia: a "bypass" access rule for those paths; Authentik or oauth2-proxy: skip-auth routes; Traefik: a router for those paths without the forward-auth middleware. Or use Immich\'s OAuth support instead of a gateway in front.',
      only: [...GENERIC_RESPONDERS, 'caddy', 'traefik', 'apache'],
      source: 'immich.md: §5 (SSO gateway in front of /api)',
      url: DOCS.reverseProxy,
    },
    {
      title: 'Cloudflare Access: exempt /api and /.well-known/immich with an application of their own, with a Bypass policy',
      changes: 'config',
      detail:
        "In Zero Trust → Access → Applications, add a self-hosted application for your host with the paths api and .well-known/immich (one application or one each), with a Bypass policy: the more specific path wins. Never add Bypass to the application that covers the whole site: it would open all of Immich's pages to anyone, without the gateway's login.",
      only: ['cloudflare'],
      source: 'immich.md: §5 (Cloudflare Access)',
    },
    ...CHECKS.reloadProxy(),
    verify('The API should answer pong, not the gateway.', "curl -si '{{origin}}{{ping}}' | head -n 1"),
  ],
  detect(view) {
    const matched = [redirectedAway, gatewayRefusal, loginPageForApi].filter((filter) => view.has(filter));
    if (matched.length === 0) return undefined;
    return { matched, strength: view.has(redirectedAway) ? 0.92 : 0.8, healthyKinds: ['page'] };
  },
});
