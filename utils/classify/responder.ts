import { mediaType, type KnownHeaders } from './headers';

/** Who produced the answer: Immich itself, or the proxy/CDN in front of it. Also the popup's `data-responder`. */
export type Responder = 'immich' | 'nginx' | 'caddy' | 'traefik' | 'apache' | 'cloudflare' | 'unknown';

export const RESPONDERS: readonly Responder[] = ['immich', 'nginx', 'caddy', 'traefik', 'apache', 'cloudflare', 'unknown'];

/** Whether a value from a file or from storage names a responder (never `__proto__` or another key of Object). */
export function isResponder(value: unknown): value is Responder {
  return typeof value === 'string' && (RESPONDERS as readonly string[]).includes(value);
}

export interface ResponderInfo {
  /** Who produced this answer. */
  responder: Responder;
  /** The proxy or CDN the answer passed through, when its headers name one (may be the responder itself). */
  via?: Responder;
}

/** `Server:` header values of the proxies Immich is commonly run behind (Nginx Proxy Manager is openresty). */
const SERVER_NAMES: Array<[RegExp, Responder]> = [
  [/^(nginx|openresty|tengine|angie)\b/i, 'nginx'],
  [/^caddy\b/i, 'caddy'],
  [/^traefik\b/i, 'traefik'],
  [/^apache\b/i, 'apache'],
  [/^cloudflare\b/i, 'cloudflare'],
];

function proxyInFront(headers: KnownHeaders): Responder | undefined {
  if (headers.cfRay !== undefined) return 'cloudflare';
  const server = headers.server;
  if (server) return SERVER_NAMES.find(([pattern]) => pattern.test(server.trim()))?.[1];
  return undefined;
}

/**
 * Immich's fingerprints, from responses of a running v2.7.5 (immich.md, "Confirmed on a running Immich"):
 * - every answer of its API layer carries `x-immich-cid` (v1.106+), errors included;
 * - the web app and pre-1.106 API carry Express's `X-Powered-By` but no cid;
 * - engine.io answers under `/api/socket.io/` carry neither, only `Access-Control-Allow-Origin: *`
 *   with a bare `application/json` body, or are the 101 upgrade itself.
 * Proxies pass these headers through on the answers they forward, so their presence means Immich spoke.
 */
function answeredByImmich(path: string, status: number | undefined, headers: KnownHeaders): boolean {
  if (headers.immichCid !== undefined) return true;
  if (/\bexpress\b/i.test(headers.poweredBy ?? '')) return true;
  if (path.startsWith('/api/socket.io/') && headers.allowOrigin === '*') {
    return status === 101 || mediaType(headers.contentType) === 'application/json';
  }
  return false;
}

/**
 * Go's `http.Error`, which Traefik uses for its own errors, is the only common proxy answer with no
 * `Server` header: plain text, UTF-8, and `X-Content-Type-Options: nosniff`.
 */
function looksLikeGoProxyError(status: number | undefined, headers: KnownHeaders): boolean {
  return (
    status !== undefined &&
    status >= 400 &&
    headers.server === undefined &&
    headers.contentType?.toLowerCase() === 'text/plain; charset=utf-8' &&
    headers.contentTypeOptions?.toLowerCase() === 'nosniff'
  );
}

export function identifyResponder(path: string, status: number | undefined, headers: KnownHeaders): ResponderInfo {
  if (!headers.any) return { responder: 'unknown' };
  const via = proxyInFront(headers);
  if (answeredByImmich(path, status, headers)) return via ? { responder: 'immich', via } : { responder: 'immich' };
  if (via) return { responder: via, via };
  if (looksLikeGoProxyError(status, headers)) return { responder: 'traefik' };
  return { responder: 'unknown' };
}
