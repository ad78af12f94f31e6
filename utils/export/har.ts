import type { Entry, Har, Header, Log } from 'har-format';
import type { RequestRecord } from '../classify/classify-request';
import type { Responder } from '../classify/responder';
import { RECENT_LIMIT, type RequestLog } from '../log/request-log';
import type { ServerCheckReport } from '../server-checks/types';
import type { ExportMeta } from './export-meta';
import { redactRequest } from './json-log';
import type { Redactor } from './redaction';

/**
 * The fingerprint headers of who answered, as the classifier reads them, so a HAR written here and read
 * back (by `npm run diagnose`, or by this extension) attributes each answer as the browser saw it. No
 * other header was ever recorded.
 */
function fingerprint(request: RequestRecord): Header[] {
  const headers: Header[] = [];
  const server: Partial<Record<Responder, string>> = { nginx: 'nginx', caddy: 'Caddy', apache: 'Apache', cloudflare: 'cloudflare' };
  const front = request.via ?? (request.responder === 'immich' ? undefined : request.responder);
  // The header as the browser received it when it was recorded; else one that names the same proxy.
  const serverValue = request.server ?? (front && server[front]);
  if (serverValue) headers.push({ name: 'server', value: serverValue });
  if (front === 'cloudflare') headers.push({ name: 'cf-ray', value: 'not-recorded' });
  if (request.responder === 'immich') headers.push({ name: 'x-powered-by', value: 'Express' }, { name: 'x-immich-cid', value: 'not-recorded' });
  if (request.responder === 'traefik') headers.push({ name: 'content-type', value: 'text/plain; charset=utf-8' }, { name: 'x-content-type-options', value: 'nosniff' });
  else if (request.contentType) headers.push({ name: 'content-type', value: request.contentType });
  if (request.size !== undefined) headers.push({ name: 'content-length', value: String(request.size) });
  return headers;
}

const RESOURCE_TYPES: Record<RequestRecord['kind'], NonNullable<Entry['_resourceType']>> = {
  thumbnail: 'image',
  preview: 'image',
  fullsize: 'image',
  original: 'image',
  video: 'media',
  upload: 'xhr',
  'person-thumbnail': 'image',
  'profile-image': 'image',
  websocket: 'websocket',
  api: 'fetch',
  'app-shell': 'script',
  page: 'document',
  other: 'other',
};

/**
 * The query's parameters as the address writes them, percent-encoded, as Chrome DevTools' HAR export
 * splits them (`NetworkRequest.parseParameters`: at `&`, then at the first `=`). Decoded, a path's
 * `%E2%80%AE` would be a raw right-to-left override in the file, showing what follows reversed
 * (../visible-text.ts).
 */
function queryParameters(url: URL): Array<{ name: string; value: string }> {
  return url.search
    .slice(1)
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const equals = pair.indexOf('=');
      return equals === -1 ? { name: pair, value: '' } : { name: pair.slice(0, equals), value: pair.slice(equals + 1) };
    });
}

/** `page`: the watched site's origin, as exported (`Redactor.origin`). */
function entry(request: RequestRecord, page: string): Entry {
  const url = request.origin + request.path;
  const address = new URL(url);
  const redirect = request.outcome === 'redirect' || request.outcome === 'redirect-away';
  const result: Entry = {
    startedDateTime: new Date(request.time).toISOString(),
    time: 0,
    request: {
      method: request.method,
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: [],
      queryString: queryParameters(address),
      headersSize: -1,
      bodySize: -1,
    },
    response: {
      status: request.status ?? 0,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: fingerprint(request),
      content: { size: request.size ?? 0, mimeType: request.contentType ?? 'x-unknown' },
      redirectURL: redirect && request.redirectHost ? `${address.protocol}//${request.redirectHost}/` : '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
    _resourceType: RESOURCE_TYPES[request.kind],
    _immichDoctor: { kind: request.kind, outcome: request.outcome, responder: request.responder },
    // An http request of the https site (mixed content) says what made it, as Chrome DevTools does: read
    // back, it is the site's again (../import/har-reader.ts), not a site of its own that never failed.
    ...(request.insecure ? { _initiator: { type: 'other', url: `${page}/` } } : {}),
  };
  // Chrome DevTools' convention for requests that never got an answer.
  if (request.errorText) Object.assign(result.response, { _error: request.errorText });
  return result;
}

/**
 * The recorded requests (failure records and the latest requests of any outcome), oldest first. A
 * failure among the latest requests too is listed once, matched one to one: two requests alike (the
 * same time, method, path and outcome; Firefox's times are whole milliseconds) are two entries, not one
 * (a review: a set of keys dropped the second, and the HAR's count said it was never kept).
 */
function recordedRequests(log: RequestLog): RequestRecord[] {
  const keyOf = (request: RequestRecord) => `${request.time} ${request.method} ${request.path} ${request.outcome}`;
  const failuresLeft = new Map<string, number>();
  for (const request of log.failures) {
    const key = keyOf(request);
    failuresLeft.set(key, (failuresLeft.get(key) ?? 0) + 1);
  }
  const latestOnly = log.recent.filter((request) => {
    const key = keyOf(request);
    const left = failuresLeft.get(key) ?? 0;
    if (left > 0) failuresLeft.set(key, left - 1);
    return left === 0;
  });
  return [...log.failures, ...latestOnly].sort((a, b) => a.time - b.time);
}

/**
 * What the log counted, of which a HAR holds only the requests it recorded (`recordedRequests`): every
 * request was counted, but only the newest failures (up to the record limit) and the latest requests
 * of any outcome were kept. A HAR read back counts its entries, so it says so (../import/sampled-har.ts).
 */
export interface HarCounted {
  requests: number;
  failed: number;
}

/** HAR with the log-level custom field this extension writes (har-format types custom fields on entries only). */
export type DoctorHar = Har & { log: Log & { _immichDoctor: { counted: HarCounted; immichVersion?: string; serverChecks?: ServerCheckReport } } };

/**
 * HAR 1.2 of the recorded requests, without bodies, readable by Chrome's and Firefox's HAR import.
 * *Run checks*' report (redacted, export-file.ts) rides in `log._immichDoctor.serverChecks` and the
 * server's version in `log._immichDoctor.immichVersion` (both read back: ../import/har-reader.ts), as each
 * entry's own facts ride in its `_immichDoctor`: HAR 1.2 lets custom fields start with `_`, and its
 * readers skip them.
 */
export function buildHar(log: RequestLog, meta: ExportMeta, redactor: Redactor, serverChecks?: ServerCheckReport): DoctorHar {
  const entries = recordedRequests(log).map((request) => entry(redactRequest(request, redactor), redactor.origin(log.origin)));
  return {
    log: {
      version: '1.2',
      creator: { name: 'Immich Doctor', version: meta.extensionVersion, comment: 'Requests recorded by the Immich Doctor extension; no bodies, no cookies, credentials redacted.' },
      browser: { name: meta.browser, version: '' },
      pages: [],
      entries,
      comment: `Exported ${new Date(meta.exportedAt).toISOString()} for ${redactor.origin(log.origin)}${meta.immichVersion ? `, Immich ${meta.immichVersion}` : ''}. ${heldSentence(log, entries.length)}`,
      _immichDoctor: { counted: { requests: log.total, failed: log.failed }, ...(meta.immichVersion ? { immichVersion: meta.immichVersion } : {}), ...(serverChecks ? { serverChecks } : {}) },
    },
  };
}

/** What the HAR holds of what the log counted, for a reader of the file itself. */
function heldSentence(log: RequestLog, entries: number): string {
  if (entries >= log.total) return `It holds every request counted since ${new Date(log.since).toISOString()}.`;
  return `It holds ${entries.toLocaleString('en')} of the ${log.total.toLocaleString('en')} requests counted since ${new Date(log.since).toISOString()} (${log.failed.toLocaleString('en')} failed): the newest failures (up to ${log.limit.toLocaleString('en')}) and the latest ${RECENT_LIMIT} requests of any outcome. Immich Doctor's JSON export keeps every count.`;
}
