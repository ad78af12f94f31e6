/** The parts of a URL the classifier reads. */
export interface UrlParts {
  scheme: string;
  origin: string;
  pathname: string;
  search: string;
}

/**
 * Browsers hand webRequest (and write into HARs) canonical URLs: lower-case scheme and host, no default
 * port, no fragment, no spaces, no dot segments. Those are split by position; anything else goes through
 * the URL parser first, which also rejects what is not a URL. `new URL` for every request would cost a
 * third of the hot path.
 */
const SCHEMES: Record<string, string> = { http: 'http', https: 'https', ws: 'http', wss: 'https' };
const CANONICAL_HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;
/**
 * What the URL parser would rewrite: spaces, a fragment, backslashes (a path separator in web URLs) and
 * dot segments, raw or percent-encoded (`/./`, `/../`, `/%2e%2E/`). Kept as written, `/x/../share/<key>`
 * would be filed under another path than the browser requested, its shared-link key unredacted.
 * Characters beyond ASCII are not looked for here: browsers never report them, and a file's are
 * encoded when it is read (`asReported`).
 */
const NOT_CANONICAL = /[\s#\\]|\/(?:\.|%2e){1,2}(?:[/?]|$)/i;
/** All a URL a browser reports holds: printable ASCII (it percent-encodes the rest). */
const PRINTABLE_ASCII = /^[!-~]*$/;
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

/** A DNS name has at most 253 characters (RFC 1035 §2.3.4): a longer host names nothing a request could reach. */
export const MAX_HOST_NAME = 253;

/** The host name of an origin as `splitUrl` gives it (`https://host:port`), without parsing it again. */
export function originHostName(origin: string): string {
  return origin.slice(origin.indexOf('//') + 2).replace(/:\d+$/, '');
}

/** Whether a text is printable ASCII only, as every path the classifier writes from a browser's URL is. */
export function isPrintableAscii(text: string): boolean {
  return PRINTABLE_ASCII.test(text);
}

/**
 * A record's path as a browser reports one: anything but printable ASCII percent-encoded as UTF-8 (a
 * lone surrogate as U+FFFD, as the URL parser writes it). Browsers' own paths already are, and pass the
 * one test; a URL handed to the classifier otherwise (a test's, a fuzzer's) cannot put a raw control
 * or bidirectional character into a record. Made once per kept record, never per request.
 */
export function printablePath(path: string): string {
  if (isPrintableAscii(path)) return path;
  return path.replace(/[^\x21-\x7e]/gu, (char) => {
    try {
      return encodeURIComponent(char);
    } catch {
      return encodeURIComponent('\ufffd');
    }
  });
}

/**
 * An address read from a file as a browser would have reported it, through the URL parser: anything
 * but printable ASCII percent-encoded (a hand-made HAR's raw right-to-left override, U+202E, would
 * otherwise show the rest of its path reversed wherever it is displayed: "Trojan Source",
 * CVE-2021-42574), and every other spelling the fast path of `splitUrl` would keep as written (`'` or
 * `"` in a query, a port with a leading zero, a long IPv6 form); `undefined` for what no browser would
 * request (a port above 65535). Not on the per-request path, where browsers hand canonical URLs: the
 * parser costs about four times the classifier's split, and even a printable-ASCII check would cost
 * 120-190 ns a request, against 175 ns for `NOT_CANONICAL` (Node 20, thumbnail URLs).
 */
export function asReported(raw: string): string | undefined {
  try {
    return new URL(raw).href;
  } catch {
    return undefined;
  }
}

/** The parts of a web URL; `origin` is empty for a URL that is not http(s)/ws(s), `undefined` for no URL at all. */
export function splitUrl(raw: unknown): UrlParts | undefined {
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
