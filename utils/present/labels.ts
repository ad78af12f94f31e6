import type { NetworkError } from '../classify/network-error';
import type { OutcomeKey } from '../classify/outcome';
import type { RequestKind } from '../classify/request-kind';
import type { Responder } from '../classify/responder';
import type { Layer, MediaScope, Severity } from '../diagnose/cause';

/** Plain words for the engine's vocabulary, shared by the popup, the options page and reports. */

const KIND_NAMES: Record<RequestKind, [singular: string, plural: string]> = {
  thumbnail: ['thumbnail', 'thumbnails'],
  preview: ['preview', 'previews'],
  fullsize: ['full-size image', 'full-size images'],
  original: ['original', 'originals'],
  video: ['video', 'videos'],
  upload: ['upload', 'uploads'],
  'person-thumbnail': ['face thumbnail', 'face thumbnails'],
  'profile-image': ['profile image', 'profile images'],
  websocket: ['WebSocket connection', 'WebSocket connections'],
  api: ['API call', 'API calls'],
  'app-shell': ['web-app file', 'web-app files'],
  page: ['page', 'pages'],
  other: ['other file', 'other files'],
};

export function kindName(kind: RequestKind, count = 2): string {
  return KIND_NAMES[kind][count === 1 ? 0 : 1];
}

const RESPONDER_NAMES: Record<Responder, string> = {
  immich: 'Immich',
  nginx: 'nginx',
  caddy: 'Caddy',
  traefik: 'Traefik',
  apache: 'Apache',
  cloudflare: 'Cloudflare',
  unknown: 'a server we could not identify',
};

export function responderName(responder: Responder): string {
  return RESPONDER_NAMES[responder];
}

const NETWORK_ERRORS: Record<NetworkError, string> = {
  aborted: 'aborted by the page',
  'blocked-by-client': 'blocked by the browser or an extension',
  'blocked-by-response': 'blocked by the response headers',
  'mixed-content': 'blocked as mixed content',
  'connection-refused': 'connection refused',
  'connection-reset': 'connection reset',
  'connection-closed': 'connection closed early',
  'empty-response': 'empty response',
  'timed-out': 'timed out',
  'name-not-resolved': 'host name not found',
  'address-unreachable': 'address unreachable',
  'internet-disconnected': 'offline',
  'certificate-invalid': 'certificate not trusted',
  'tls-handshake-failed': 'TLS handshake failed',
  'too-many-redirects': 'too many redirects',
  'invalid-response': 'invalid response',
  'request-failed': 'a network error',
  unknown: 'unknown network error',
};

/** `http-500` → `500`, `net-connection-refused` → `connection refused`, `html` → `HTML instead`. */
export function outcomeName(outcome: OutcomeKey): string {
  if (outcome.startsWith('http-')) return outcome.slice(5);
  if (outcome.startsWith('net-')) {
    // A newer version's error, or a file's `net-constructor` (isOutcomeKey takes any word): its own word, never Object's.
    const error = outcome.slice(4);
    return Object.hasOwn(NETWORK_ERRORS, error) ? NETWORK_ERRORS[error as NetworkError] : error;
  }
  switch (outcome) {
    case 'ok':
      return 'ok';
    case 'redirect':
      return 'redirect';
    case 'redirect-away':
      return 'redirected away';
    case 'html':
      return 'HTML page instead';
    case 'aborted':
      return 'aborted';
  }
  return outcome;
}

/** How a failing outcome reads after "failed": "with 500", "with connection refused", "with an HTML page instead". */
export function failedWith(outcome: OutcomeKey): string {
  if (outcome === 'html') return 'with an HTML page instead';
  if (outcome === 'redirect-away') return 'with a redirect to a login page or another site';
  return `with ${outcomeName(outcome)}`;
}

export const LAYER_NAMES: Record<Layer, string> = {
  client: 'Browser',
  network: 'Network',
  proxy: 'Reverse proxy',
  server: 'Immich server',
  storage: 'Storage',
  jobs: 'Background jobs',
  auth: 'Login',
};

export const SEVERITY_NAMES: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };

export const SCOPE_NAMES: Record<MediaScope, string> = {
  thumbnails: 'thumbnails and previews',
  originals: 'originals and videos',
  all: 'all media',
};
