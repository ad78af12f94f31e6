import { redactQuery } from '../secrets';
import { headerValue, mediaType, type HeaderList } from './headers';
import type { NetworkError } from './network-error';
import { classifyOutcome, type OutcomeKey } from './outcome';
import type { RequestKind } from './request-kind';
import { identifyResponder, type Responder } from './responder';
import { classifyRoute } from './route';

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
  /** The browser's own error code, e.g. `ERR_CONNECTION_REFUSED`, for the record. */
  errorCode?: string;
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

function parseUrl(raw: unknown): URL | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

function contentLength(headers: HeaderList | undefined): number | undefined {
  const value = Number(headerValue(headers, 'content-length'));
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function isSecureInitiator(initiator: string | undefined): boolean {
  return typeof initiator === 'string' && initiator.startsWith('https:');
}

export function classifyRequest(observation: RequestObservation): Classification {
  const url = parseUrl(observation.url);
  if (!url) return { ok: false, reason: 'malformed-url' };
  const scheme = url.protocol;
  if (scheme !== 'http:' && scheme !== 'https:' && scheme !== 'ws:' && scheme !== 'wss:') return { ok: false, reason: 'not-http' };

  const method = typeof observation.method === 'string' && observation.method ? observation.method.toUpperCase() : 'GET';
  const resourceType = typeof observation.type === 'string' ? observation.type : 'other';
  const route = classifyRoute(url, method, resourceType);
  const rawContentType = headerValue(observation.responseHeaders, 'content-type');
  const outcome = classifyOutcome({
    kind: route.kind,
    url,
    status: observation.statusCode,
    error: typeof observation.error === 'string' ? observation.error : undefined,
    redirectUrl: typeof observation.redirectUrl === 'string' ? observation.redirectUrl : undefined,
    contentType: rawContentType,
  });
  const { responder, via } = identifyResponder(url.pathname, outcome.status, observation.responseHeaders);
  const origin = url.origin.replace(/^ws(s?):/, 'http$1:');
  // Browsers report fractional milliseconds; whole ones are plenty and keep the stored log compact.
  const time = Math.round(typeof observation.timeStamp === 'number' && Number.isFinite(observation.timeStamp) ? observation.timeStamp : Date.now());

  const request: ClassifiedRequest = {
    time,
    origin,
    method,
    path: (url.pathname + redactQuery(url.searchParams)).slice(0, MAX_PATH),
    kind: route.kind,
    sharedLink: route.sharedLink,
    outcome: outcome.key,
    failure: outcome.failure,
    responder,
    insecure: scheme === 'http:' && isSecureInitiator(observation.initiator),
  };
  if (route.route !== undefined) request.route = route.route;
  if (route.assetId !== undefined) request.assetId = route.assetId;
  if (outcome.status !== undefined) request.status = outcome.status;
  if (outcome.error !== undefined) request.error = outcome.error;
  if (outcome.error !== undefined && typeof observation.error === 'string') {
    request.errorCode = observation.error.slice(0, 120);
  }
  if (outcome.redirectHost !== undefined) request.redirectHost = outcome.redirectHost;
  if (via !== undefined) request.via = via;
  const type = mediaType(rawContentType);
  if (type !== undefined) request.contentType = type;
  const size = contentLength(observation.responseHeaders);
  if (size !== undefined) request.size = size;
  if (typeof observation.tabId === 'number') request.tabId = observation.tabId;
  return { ok: true, request };
}
