import type { RawRequest } from '../classify/classify-request';
import { readHeaders, type HeaderList } from '../classify/headers';
import { asReported } from '../classify/url-parts';

/**
 * One HAR entry as the browser's webRequest would have reported it. Three writers, three conventions
 * for a request that never got an answer:
 * - Chrome DevTools: `response.status: 0` and `response._error: "net::ERR_…"`;
 * - Playwright (`recordHar`): `response.status: -1` and `response._failureText`;
 * - Firefox DevTools: `response.status: 0` and no error text at all.
 */
const RESOURCE_TYPES: Record<string, string> = {
  document: 'main_frame',
  subdocument: 'sub_frame',
  iframe: 'sub_frame',
  fetch: 'xmlhttprequest',
  xhr: 'xmlhttprequest',
  websocket: 'websocket',
  image: 'image',
  img: 'image',
  media: 'media',
  script: 'script',
  stylesheet: 'stylesheet',
  font: 'font',
};

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/**
 * An HTTP status as HAR 1.2 writes it, or one of the "no answer" conventions above (0, -1). Anything
 * else (`"500"`, `-5`, `999`, `200.5`) is not a status this entry can be judged by.
 */
function isHarStatus(value: unknown): value is number {
  return value === 0 || value === -1 || (Number.isInteger(value) && (value as number) >= 100 && (value as number) <= 599);
}

/** `undefined` for an entry without a usable request URL or response status (the caller counts it as skipped). */
export function harEntryRequest(value: unknown): RawRequest | undefined {
  const entry = record(value);
  const request = record(entry.request);
  const response = record(entry.response);
  const written = text(request.url);
  const url = written && asReported(written);
  if (!url || !isHarStatus(response.status)) return undefined;
  const status = response.status;
  const error = text(response._error) ?? text(response._failureText) ?? text(entry._error) ?? (status !== undefined && status <= 0 ? 'unknown error' : undefined);
  const started = Date.parse(String(entry.startedDateTime));
  const headers = Array.isArray(response.headers) ? (response.headers as HeaderList) : undefined;
  const redirect = text(response.redirectURL);
  const resourceType = text(entry._resourceType)?.toLowerCase();
  return {
    url,
    method: text(request.method) ?? 'GET',
    type: resourceType ? (RESOURCE_TYPES[resourceType] ?? 'other') : guessType(url, headers),
    statusCode: status !== undefined && status > 0 ? status : undefined,
    error: status !== undefined && status > 0 && !text(response._error) ? undefined : error,
    responseHeaders: headers,
    redirectUrl: status !== undefined && status >= 300 && status < 400 ? redirect : undefined,
    timeStamp: Number.isFinite(started) ? started : undefined,
    // What made the request, where the writer says (Chrome DevTools' `_initiator.url`).
    initiator: text(record(entry._initiator).url),
  };
}

/** Firefox writes no resource type: the URL and the answer's type stand in. */
function guessType(url: string, headers: HeaderList | undefined): string {
  if (/^wss?:/.test(url)) return 'websocket';
  const contentType = readHeaders(headers).contentType ?? '';
  if (contentType.startsWith('image/')) return 'image';
  if (contentType.startsWith('video/')) return 'media';
  if (/\/api\//.test(url)) return 'xmlhttprequest';
  return 'other';
}
