import { redactQuery } from '../secrets';
import { mediaType, readHeaders, type HeaderList, type KnownHeaders } from './headers';
import type { NetworkError } from './network-error';
import { classifyOutcome, type Outcome, type OutcomeKey } from './outcome';
import { splitUrl, type UrlParts } from './url-parts';
import type { RequestKind } from './request-kind';
import { identifyResponder, type Responder } from './responder';
import { classifyRoute, firstUuid, routeName, usesSharedLink } from './route';

/** One finished request as the browser reported it (webRequest details or a HAR entry, normalised). */
export interface RequestObservation {
  url: string;
  method?: string;
  /** The browser's resource type: `main_frame`, `image`, `media`, `xmlhttprequest`, `websocket`, … */
  type?: string;
  statusCode?: number;
  error?: string;
  responseHeaders?: HeaderList;
  redirectUrl?: string;
  /** Milliseconds since the epoch. */
  timeStamp?: number;
  /** -1 for requests of a service worker (Immich's re-fetches thumbnails and originals itself). */
  tabId?: number;
  /** Origin of the page or worker that made the request. */
  initiator?: string;
}

/** A request after classification: what was asked, what came back, who answered. No credentials inside. */
export interface ClassifiedRequest {
  time: number;
  origin: string;
  method: string;
  /** Path with the query, credentials redacted. */
  path: string;
  kind: RequestKind;
  route?: string;
  assetId?: string;
  sharedLink: boolean;
  outcome: OutcomeKey;
  failure: boolean;
  status?: number;
  error?: NetworkError;
  /** The browser's own error string, e.g. `net::ERR_CONNECTION_REFUSED`, for the record. */
  errorText?: string;
  redirectHost?: string;
  responder: Responder;
  via?: Responder;
  contentType?: string;
  /** Bytes, from Content-Length, when the answer said. */
  size?: number;
  tabId?: number;
  /** An `http:` request made by an `https:` page: the browser blocks or upgrades it (mixed content). */
  insecure: boolean;
}

export type Classification =
  | { ok: true; request: ClassifiedRequest }
  | { ok: false; reason: 'malformed-url' | 'not-http' };

const MAX_PATH = 1024;

function contentLength(headers: KnownHeaders): number | undefined {
  const raw = headers.contentLength;
  if (raw === undefined) return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function isSecureInitiator(initiator: string | undefined): boolean {
  return typeof initiator === 'string' && initiator.startsWith('https:');
}

/**
 * The facts every request is counted by (what was asked, what came back, who answered), without the
 * details only a kept record needs. Most requests succeed and are only counted, so this is the hot path.
 */
export interface Observed {
  url: UrlParts;
  method: string;
  kind: RequestKind;
  outcome: Outcome;
  responder: Responder;
  via: Responder | undefined;
  headers: KnownHeaders;
  time: number;
}

export type Observation = { ok: true; observed: Observed } | { ok: false; reason: 'malformed-url' | 'not-http' };

export function observe(observation: RequestObservation): Observation {
  const url = splitUrl(observation.url);
  if (!url) return { ok: false, reason: 'malformed-url' };
  if (url.origin === '') return { ok: false, reason: 'not-http' };

  const method = typeof observation.method === 'string' && observation.method ? observation.method.toUpperCase() : 'GET';
  const resourceType = typeof observation.type === 'string' ? observation.type : 'other';
  const kind = classifyRoute(url.pathname, url.search, method, resourceType);
  const headers = readHeaders(observation.responseHeaders);
  const outcome = classifyOutcome({
    kind,
    url: observation.url,
    origin: url.origin,
    status: observation.statusCode,
    error: typeof observation.error === 'string' ? observation.error : undefined,
    redirectUrl: typeof observation.redirectUrl === 'string' ? observation.redirectUrl : undefined,
    contentType: headers.contentType,
  });
  const { responder, via } = identifyResponder(url.pathname, outcome.status, headers);
  // Browsers report fractional milliseconds; whole ones are plenty and keep the stored log compact.
  const time = Math.round(typeof observation.timeStamp === 'number' && Number.isFinite(observation.timeStamp) ? observation.timeStamp : Date.now());
  return {
    ok: true,
    observed: { url, method, kind, outcome, responder, via, headers, time },
  };
}

/** The full record of an observed request: what the log keeps for failures, with credentials redacted. */
export function describe(observed: Observed, observation: RequestObservation): ClassifiedRequest {
  const { url, outcome, kind } = observed;
  return {
    time: observed.time,
    origin: url.origin,
    method: observed.method,
    path: (url.pathname + redactQuery(url.search)).slice(0, MAX_PATH),
    kind,
    route: routeName(url.pathname, kind),
    assetId: kind === 'page' || kind === 'app-shell' || kind === 'other' ? undefined : firstUuid(url.pathname),
    sharedLink: usesSharedLink(url.search),
    outcome: outcome.key,
    failure: outcome.failure,
    status: outcome.status,
    error: outcome.error,
    errorText: outcome.error !== undefined && typeof observation.error === 'string' ? observation.error.slice(0, 120) : undefined,
    redirectHost: outcome.redirectHost,
    responder: observed.responder,
    via: observed.via,
    contentType: mediaType(observed.headers.contentType),
    size: contentLength(observed.headers),
    tabId: typeof observation.tabId === 'number' ? observation.tabId : undefined,
    insecure: url.scheme === 'http' && isSecureInitiator(observation.initiator),
  };
}

export function classifyRequest(observation: RequestObservation): Classification {
  const result = observe(observation);
  return result.ok ? { ok: true, request: describe(result.observed, observation) } : result;
}
