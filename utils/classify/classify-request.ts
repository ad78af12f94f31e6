import { cutText } from '../cut-text';
import { redactPathAndQuery } from '../secrets';
import { mediaType, readHeaders, type HeaderList, type KnownHeaders } from './headers';
import type { NetworkError } from './network-error';
import { classifyOutcome, type Outcome, type OutcomeKey } from './outcome';
import { MAX_HOST_NAME, originHostName, printablePath, splitUrl, type UrlParts } from './url-parts';
import type { RequestKind } from './request-kind';
import { identifyResponder, type Responder } from './responder';
import { classifyRoute, firstUuid, routeName, usesSharedLink } from './route';
import { isTime } from '../time';
import { visibleTextWithin } from '../visible-text';

/** One finished request as the browser reported it (webRequest details or a HAR entry, normalised). */
export interface RawRequest {
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
export interface RequestRecord {
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
  /**
   * The answer's `Server` header as sent (`nginx/1.25.3`, `Caddy`, `cloudflare`), its control
   * characters written out (`keptText`): the proxy in front of Immich and often its version, which a
   * helper asks for first. Immich itself sends none.
   */
  server?: string;
  tabId?: number;
  /** An `http:` request made by an `https:` page: the browser blocks or upgrades it (mixed content). */
  insecure: boolean;
}

export const MAX_PATH = 1024;
/**
 * A URL is read from its first this many characters: a record keeps its path cut to MAX_PATH, and what
 * is read further (its origin, its asset id) would be slices of the whole URL, which keep it alive
 * (../cut-text.ts): any page may request the Immich host with a URL of 2 MB.
 */
const MAX_URL = 2 * MAX_PATH;
/** Product tokens are short (`Apache/2.4.62 (Debian) OpenSSL/3.0.15` has 37 characters); a longer header is cut. */
export const MAX_SERVER = 100;
export const MAX_METHOD = 32;
/** The browser's error strings are short (`net::ERR_CONTENT_LENGTH_MISMATCH`); Firefox's own messages a line. */
export const MAX_ERROR_TEXT = 120;
/** A media type's type and subtype have at most 127 characters each (RFC 6838 §4.2). */
export const MAX_CONTENT_TYPE = 255;

/**
 * Text from traffic as a record keeps it: as it can be shown anywhere (a hostile proxy's header, a
 * hand-made HAR's error: ../visible-text.ts), cut to `max`.
 */
const keptText = (text: string | undefined, max: number) => (text ? visibleTextWithin(text, max) : undefined);

function contentLength(headers: KnownHeaders): number | undefined {
  const raw = headers.contentLength;
  if (raw === undefined) return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** A route as a record keeps it: made from the path, so printable as the path is (`printablePath`). */
const keptRoute = (route: string | undefined) => (route === undefined ? undefined : cutText(printablePath(route), MAX_PATH));

/** The methods browsers send, already upper-case: only another spelling pays for `toUpperCase` (the hot path). */
const UPPER_CASE_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);

function upperCaseMethod(method: string): string {
  return UPPER_CASE_METHODS.has(method) ? method : keptText(method.toUpperCase(), MAX_METHOD)!;
}

function isSecureInitiator(initiator: string | undefined): boolean {
  return typeof initiator === 'string' && initiator.startsWith('https:');
}

/**
 * The facts every request is counted by (what was asked, what came back, who answered), without the
 * details only a kept record needs. Most requests succeed and are only counted, so this is the hot path.
 */
export interface RequestFacts {
  url: UrlParts;
  method: string;
  kind: RequestKind;
  outcome: Outcome;
  responder: Responder;
  via: Responder | undefined;
  headers: KnownHeaders;
  time: number;
}

export type Classification = { ok: true; facts: RequestFacts } | { ok: false; reason: 'malformed-url' | 'not-http' };


export function classify(raw: RawRequest): Classification {
  const url = splitUrl(typeof raw.url === 'string' ? cutText(raw.url, MAX_URL) : raw.url);
  if (!url) return { ok: false, reason: 'malformed-url' };
  if (url.origin === '') return { ok: false, reason: 'not-http' };
  // Every record holds its origin: one of unbounded length would make each of them as long.
  if (url.origin.length > MAX_HOST_NAME && originHostName(url.origin).length > MAX_HOST_NAME) return { ok: false, reason: 'malformed-url' };

  // Methods are short tokens (the longest registered one has 17 characters); a page may still invent a longer one.
  const method = typeof raw.method === 'string' && raw.method ? upperCaseMethod(cutText(raw.method, MAX_METHOD)) : 'GET';
  const resourceType = typeof raw.type === 'string' ? raw.type : 'other';
  const kind = classifyRoute(url.pathname, url.search, method, resourceType);
  const headers = readHeaders(raw.responseHeaders);
  const outcome = classifyOutcome({
    kind,
    url: raw.url,
    origin: url.origin,
    status: raw.statusCode,
    error: typeof raw.error === 'string' ? raw.error : undefined,
    redirectUrl: typeof raw.redirectUrl === 'string' ? raw.redirectUrl : undefined,
    contentType: headers.contentType,
  });
  const { responder, via } = identifyResponder(url.pathname, outcome.status, headers);
  // Browsers report fractional milliseconds; whole ones are plenty and keep the stored log compact.
  // A time no Date can hold, or one before 1970, would make the stored log unreadable: it is unknown, so now.
  const time = Math.round(isTime(raw.timeStamp) ? raw.timeStamp : Date.now());
  return {
    ok: true,
    facts: { url, method, kind, outcome, responder, via, headers, time },
  };
}

/** The record of a classified request: what the log keeps of a failure (or a recent request), credentials redacted. */
export function toRecord(facts: RequestFacts, raw: RawRequest): RequestRecord {
  const { url, outcome, kind } = facts;
  return {
    time: facts.time,
    origin: url.origin,
    method: facts.method,
    path: cutText(printablePath(redactPathAndQuery(url.pathname, url.search)), MAX_PATH),
    kind,
    route: keptRoute(routeName(url.pathname, kind)),
    assetId: kind === 'page' || kind === 'app-shell' || kind === 'other' ? undefined : firstUuid(url.pathname),
    sharedLink: usesSharedLink(url.search),
    outcome: outcome.key,
    failure: outcome.failure,
    status: outcome.status,
    error: outcome.error,
    errorText: outcome.error !== undefined && typeof raw.error === 'string' ? keptText(raw.error, MAX_ERROR_TEXT) : undefined,
    redirectHost: outcome.redirectHost,
    responder: facts.responder,
    via: facts.via,
    contentType: keptText(mediaType(facts.headers.contentType), MAX_CONTENT_TYPE),
    size: contentLength(facts.headers),
    server: keptText(facts.headers.server, MAX_SERVER),
    tabId: Number.isSafeInteger(raw.tabId) ? raw.tabId : undefined,
    insecure: url.scheme === 'http' && isSecureInitiator(raw.initiator),
  };
}
