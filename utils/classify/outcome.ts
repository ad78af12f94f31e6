import { mediaType } from './headers';
import { classifyNetworkError, errorCode, HTTP_STATUS_ERROR, type NetworkError } from './network-error';
import type { RequestKind } from './request-kind';

/**
 * What came back, as one short key: the unit of the log's counters and of the popup's matrix.
 * - `ok`: 1xx/2xx/304, including 206 ranges and the 204 that Immich's service worker returns for
 *   loads the app cancelled;
 * - `redirect`: to the same host; `redirect-away`: to another host (a login portal, a CDN challenge);
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

function httpOutcome(status: number): Outcome {
  return { key: `http-${status}`, failure: true, status };
}

function hostOf(url: string, base?: string): string | undefined {
  try {
    return new URL(url, base).hostname;
  } catch {
    return undefined;
  }
}

function redirectOutcome(kind: RequestKind, from: string, origin: string, redirectUrl: string, status: number | undefined): Outcome {
  const host = hostOf(redirectUrl, from);
  if (host === hostOf(origin)) return { key: 'redirect', failure: false, status, redirectHost: host };
  // Leaving the Immich host is how SSO gateways and CDN challenges answer; only a navigation may do that.
  return { key: 'redirect-away', failure: kind !== 'page', status, redirectHost: host };
}

export function isFailureKey(key: OutcomeKey): boolean {
  return key !== 'ok' && key !== 'redirect' && key !== 'aborted';
}

export function classifyOutcome({ kind, url, origin, status, error, redirectUrl, contentType }: OutcomeInput): Outcome {
  const knownStatus = typeof status === 'number' && Number.isInteger(status) && status > 0 ? status : undefined;
  if (error !== undefined) {
    // An error status seen in the headers is the fact, even when the page then dropped the load
    // (ERR_ABORTED after a 500) or Chrome restated it (ERR_HTTP_RESPONSE_CODE_FAILURE).
    if (knownStatus !== undefined && knownStatus >= 400) return httpOutcome(knownStatus);
    const code = errorCode(error);
    if (code === HTTP_STATUS_ERROR) return { key: 'net-request-failed', failure: true, error: 'request-failed' };
    const networkError = classifyNetworkError(error);
    if (networkError === 'aborted') return { key: 'aborted', failure: false, error: networkError };
    return { key: `net-${networkError}`, failure: true, error: networkError, status: knownStatus };
  }
  if (redirectUrl !== undefined) return redirectOutcome(kind, url, origin, redirectUrl, knownStatus);
  if (knownStatus === undefined) return { key: 'net-unknown', failure: true, error: 'unknown' };
  if (knownStatus >= 400) return httpOutcome(knownStatus);
  if (knownStatus < 300 && htmlIsWrongFor(kind) && mediaType(contentType) === 'text/html') {
    return { key: 'html', failure: true, status: knownStatus };
  }
  return { key: 'ok', failure: false, status: knownStatus };
}
