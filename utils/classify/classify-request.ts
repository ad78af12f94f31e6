import { redactQuery } from '../secrets';
import { mediaType, readHeaders, type HeaderList, type KnownHeaders } from './headers';
import type { NetworkError } from './network-error';
import { classifyOutcome, type Outcome, type OutcomeKey } from './outcome';
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

/** The parts of a URL the classifier reads. */
export interface UrlParts {
  scheme: string;
  origin: string;
  pathname: string;
  search: string;
}

/**
 * Browsers hand webRequest (and write into HARs) canonical URLs: lower-case scheme and host, no default
 * port, no fragment, no spaces. Those are split by position; anything else goes through the URL parser
 * first, which also rejects what is not a URL. `new URL` for every request would cost a third of the
 * hot path.
 */
const SCHEMES: Record<string, string> = { http: 'http', https: 'https', ws: 'http', wss: 'https' };
const CANONICAL_HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;
const NOT_CANONICAL = /[\s#]/;
const DEFAULT_PORTS: Record<string, string> = { http: ':80', https: ':443', ws: ':80', wss: ':443' };

function splitCanonical(raw: string): UrlParts | undefined {
  const schemeEnd = raw.indexOf('://');
  const scheme = raw.slice(0, schemeEnd);
  const pageScheme = SCHEMES[scheme];
  if (schemeEnd <= 0 || !pageScheme || NOT_CANONICAL.test(raw)) return undefined;
  const hostStart = schemeEnd + 3;
  const pathStart = raw.indexOf('/', hostStart);
  if (pathStart === -1) return undefined;
  const host = raw.slice(hostStart, pathStart);
  if (!CANONICAL_HOST.test(host) || host.endsWith(DEFAULT_PORTS[scheme]!)) return undefined;
  const queryStart = raw.indexOf('?', pathStart);
  const search = queryStart === -1 || queryStart === raw.length - 1 ? '' : raw.slice(queryStart);
  return { scheme, origin: `${pageScheme}://${host}`, pathname: queryStart === -1 ? raw.slice(pathStart) : raw.slice(pathStart, queryStart), search };
}

function splitUrl(raw: unknown): UrlParts | undefined {
  if (typeof raw !== 'string') return undefined;
  const canonical = splitCanonical(raw);
  if (canonical) return canonical;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  const scheme = url.protocol.slice(0, -1);
  return { scheme, origin: SCHEMES[scheme] ? url.origin.replace(/^ws/, 'http') : '', pathname: url.pathname, search: url.search };
}

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
