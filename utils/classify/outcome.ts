import { mediaType } from './headers';
import { classifyNetworkError, errorCode, HTTP_STATUS_ERROR, type NetworkError } from './network-error';
import { IMMICH_ROUTE_KINDS, type RequestKind } from './request-kind';
import { MAX_HOST_NAME, splitUrl, type UrlParts } from './url-parts';

/**
 * What came back, as one short key: the unit of the log's counters and of the popup's matrix.
 * - `ok`: 1xx/2xx/304, including 206 ranges and the 204 that Immich's service worker returns for
 *   loads the app cancelled;
 * - `redirect`: one that stays with Immich; `redirect-away`: to something in front of it (a login portal
 *   on another origin or under a gateway's path, a CDN challenge), or any redirect of an API or media
 *   request but Immich's own `size=fullsize` one (see `staysWithImmich`);
 * - `http-<status>`: an HTTP error status (4xx/5xx, Cloudflare 52x, anything ≥ 400);
 * - `net-<error>`: the request never got an answer (see `NetworkError`);
 * - `html`: a 2xx HTML page where an image, video, script or JSON was due;
 * - `aborted`: the page dropped the request itself. Noise, not a failure.
 */
export type OutcomeKey =
  | 'ok'
  | 'redirect'
  | 'redirect-away'
  | 'html'
  | 'aborted'
  | `http-${number}`
  | `net-${NetworkError}`;

const OUTCOME_KEY = /^(?:ok|redirect|redirect-away|html|aborted|http-[1-9]\d\d|net-[a-z]+(?:-[a-z]+)*)$/;
/** Longer than any network error's name (`net-internet-disconnected` has 25 characters), with room for a newer version's. */
const MAX_OUTCOME_KEY = 44;

/**
 * Whether a value from a file or from storage is an outcome key (never `__proto__` or another key of
 * Object). A `net-` word this version does not know is taken, within MAX_OUTCOME_KEY: a newer
 * version's error, shown as its own word (../present/labels.ts).
 */
export function isOutcomeKey(value: unknown): value is OutcomeKey {
  return typeof value === 'string' && value.length <= MAX_OUTCOME_KEY && OUTCOME_KEY.test(value);
}

export interface Outcome {
  key: OutcomeKey;
  failure: boolean;
  status?: number;
  error?: NetworkError;
  /** Host a redirect pointed to. */
  redirectHost?: string;
}

export interface OutcomeInput {
  kind: RequestKind;
  /** The request's URL, to resolve a relative redirect against. */
  url: string;
  /** The request's origin, to tell a redirect that leaves its host. */
  origin: string;
  /** Status from the response headers, when any arrived; also kept when the request later errored. */
  status?: number;
  /** Browser error string (`net::ERR_*`, `NS_ERROR_*`), when the request failed. */
  error?: string;
  redirectUrl?: string;
  contentType?: string;
}

/** Kinds for which an HTML page is never the right answer: only navigations and unknown files may be HTML. */
function htmlIsWrongFor(kind: RequestKind): boolean {
  return kind !== 'page' && kind !== 'other';
}

/**
 * The one meaning of "failed", used by the counters, the matrix, the badge, the report and the exports.
 * A navigation that leaves for a login portal is how a gateway in front of a site works, not a failure
 * of the page; the same redirect answering an API or image request is one.
 */
export function isFailure(kind: RequestKind, key: OutcomeKey): boolean {
  if (key === 'ok' || key === 'redirect' || key === 'aborted') return false;
  return !(key === 'redirect-away' && kind === 'page');
}

/** An outcome before `failure`, which only `isFailure` decides. */
type Judged = Omit<Outcome, 'failure'>;

/**
 * Login gateways that live under a path of the site they guard (oauth2-proxy, Authentik's embedded
 * outpost, Cloudflare Access, Pomerium, traefik-forward-auth): a redirect there leaves Immich even on
 * its own origin (immich.md §5, SSO gateway in front of /api).
 */
const GATEWAY_PATHS = /^\/(?:oauth2\/|outpost\.goauthentik\.io\/|cdn-cgi\/access\/|\.pomerium\/|_oauth\b)/;

/**
 * Whether a redirect stays with Immich. Immich's API answers a request with a redirect only for
 * `size=fullsize`, to the same asset's `original` or `preview` (immich.md §3, row 21b); pages and the
 * app's files may move within the site. Origins are compared by scheme, host and port: a portal on the
 * same host name but another port is another site; only the very same address upgraded to https (HSTS,
 * or the proxy's own http → https redirect) stays.
 */
function staysWithImmich(kind: RequestKind, origin: string, from: UrlParts | undefined, target: UrlParts | undefined): boolean {
  if (!target?.origin) return false;
  if (origin.startsWith('http:') && target.origin === `https:${origin.slice(5)}`) {
    return from !== undefined && target.pathname === from.pathname && target.search === from.search;
  }
  if (target.origin !== origin) return false;
  if (IMMICH_ROUTE_KINDS.includes(kind)) return kind === 'fullsize' && target.pathname.startsWith('/api/assets/');
  return !GATEWAY_PATHS.test(target.pathname);
}

function resolve(url: string, base: string): UrlParts | undefined {
  try {
    return splitUrl(new URL(url, base).href);
  } catch {
    return undefined;
  }
}

function redirectOutcome(kind: RequestKind, from: string, origin: string, redirectUrl: string, status: number | undefined): Judged {
  const target = resolve(redirectUrl, from);
  // A target that is no web address at all (an app's own scheme), or whose host is longer than any DNS
  // name, has no host to name.
  const hostname = target?.origin ? new URL(target.origin).hostname : undefined;
  const redirectHost = hostname !== undefined && hostname.length <= MAX_HOST_NAME ? hostname : undefined;
  const key: OutcomeKey = staysWithImmich(kind, origin, splitUrl(from), target) ? 'redirect' : 'redirect-away';
  return { key, status, redirectHost };
}

export function classifyOutcome(input: OutcomeInput): Outcome {
  const outcome = judge(input) as Outcome;
  outcome.failure = isFailure(input.kind, outcome.key);
  return outcome;
}

function judge({ kind, url, origin, status, error, redirectUrl, contentType }: OutcomeInput): Judged {
  // Three digits at most (RFC 9110 §15): anything larger is no status, and would make no outcome key.
  const knownStatus = typeof status === 'number' && Number.isInteger(status) && status > 0 && status <= 999 ? status : undefined;
  if (error !== undefined) {
    // An error status seen in the headers is the fact, even when the page then dropped the load
    // (ERR_ABORTED after a 500) or Chrome restated it (ERR_HTTP_RESPONSE_CODE_FAILURE).
    if (knownStatus !== undefined && knownStatus >= 400) return { key: `http-${knownStatus}`, status: knownStatus };
    const code = errorCode(error);
    if (code === HTTP_STATUS_ERROR) return { key: 'net-request-failed', error: 'request-failed' };
    const networkError = classifyNetworkError(error);
    if (networkError === 'aborted') return { key: 'aborted', error: networkError };
    return { key: `net-${networkError}`, error: networkError, status: knownStatus };
  }
  if (redirectUrl !== undefined) return redirectOutcome(kind, url, origin, redirectUrl, knownStatus);
  if (knownStatus === undefined) return { key: 'net-unknown', error: 'unknown' };
  if (knownStatus >= 400) return { key: `http-${knownStatus}`, status: knownStatus };
  if (knownStatus < 300 && htmlIsWrongFor(kind) && mediaType(contentType) === 'text/html') return { key: 'html', status: knownStatus };
  return { key: 'ok', status: knownStatus };
}
