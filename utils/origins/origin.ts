import { splitUrl } from '../classify/url-parts';

/**
 * Immich origins as the user enters and the browser reports them. Pure: shared by the background, the
 * popup and the options page.
 */

export type OriginParse = { ok: true; origin: string } | { ok: false; message: string };

/** `https://photos.example.com/photos/abc` → `https://photos.example.com`; bare hosts get `https://`. */
export function parseOrigin(input: string): OriginParse {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'Enter the address of your Immich server, e.g. https://photos.example.com.' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, message: `"${text}" is not a web address.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: `Immich is served over http or https, not ${url.protocol.replace(':', '')}.` };
  }
  if (!url.hostname) return { ok: false, message: `"${text}" has no host name.` };
  return { ok: true, origin: url.origin };
}

/**
 * The host permission patterns for an origin: its http(s) pages and its WebSocket. Chrome reports a
 * `ws(s)://` request to webRequest only with a grant for that scheme (measured: an `http://` grant alone
 * hides Immich's socket). Match patterns cannot name a port, and one pattern per scheme and host covers
 * every port, so `http://127.0.0.1:2283` asks for `http://127.0.0.1/*` and `ws://127.0.0.1/*`.
 */
export function originPatterns(origin: string): string[] {
  const url = new URL(origin);
  const socketScheme = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return [`${url.protocol}//${url.hostname}/*`, `${socketScheme}//${url.hostname}/*`];
}

/**
 * The origin of a URL (a WebSocket's is its page's: `wss://h` → `https://h`), or `undefined` for
 * anything unparseable or not http(s)/ws(s). Called for every recorded request: the canonical URLs
 * browsers report are split by position, without the URL parser.
 */
export function originOf(url: string | undefined): string | undefined {
  return splitUrl(url)?.origin || undefined;
}

/** The extension's own pages and chunks appear in webRequest too; they are never Immich's. */
export function isExtensionUrl(url: string | undefined): boolean {
  return typeof url === 'string' && /^(chrome|moz|safari-web)-extension:/.test(url);
}
