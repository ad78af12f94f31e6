import type { BrowserName } from '../browser-name';
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
 * The host permission patterns Watch asks for an origin: its http(s) pages and its WebSocket. Chrome
 * reports a `ws(s)://` request to webRequest only with a grant for that scheme (measured: an `http://`
 * grant alone hides Immich's socket). Each browser gets what works in it, measured with the release
 * build (docs/permissions.md):
 *
 * - **Chromium: this origin's port only.** A match pattern may name a port there, and a pattern with
 *   none means every port. Chromium 156 accepts `http://127.0.0.1:2283/*` and `ws://127.0.0.1:2283/*`
 *   in `permissions.request` and `contains`, and with only those webRequest reports the page, its
 *   thumbnails and its WebSocket; another port of the same host stays out. An origin without a port
 *   names its scheme's default one (`https://photos.example.com` → `https://photos.example.com:443/*`
 *   and `wss://photos.example.com:443/*`): Chromium matches a URL's effective port, so the address
 *   without a port is covered (measured on port 80), and the host's other ports are not.
 * - **Firefox: the whole host, every port.** Firefox's match patterns cannot name a port (MDN; bugs
 *   1362809, 1468162): ESR 153 accepts and stores `http://127.0.0.1:2283/*` as it is, but never matches a
 *   request with it, so webRequest reported none of the 22 requests of a page browsed with that grant
 *   alone (the WebSocket included); `http://127.0.0.1/*` reports all 22.
 */
export function originPatterns(origin: string, browser: BrowserName = 'chromium'): string[] {
  const url = new URL(origin);
  const socketScheme = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const host = browser === 'firefox' ? url.hostname : `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}`;
  return [`${url.protocol}//${host}/*`, `${socketScheme}//${host}/*`];
}

/**
 * The patterns Watch asked for before it asked for one port (and still asks in Firefox): the whole
 * host, every port. A Chromium user who watched a site then still holds them; they contain the
 * port-specific patterns (`permissions.contains` says yes: measured), so that site stays granted, and
 * Stop watching must give them back too: removing the port-specific patterns leaves them in place.
 */
export function wholeHostPatterns(origin: string): string[] {
  return originPatterns(origin, 'firefox');
}

/**
 * What Stop watching gives back, as groups of patterns, each removed on its own (a group the browser
 * refuses, such as access granted at install, must not keep another from going). `remaining` are the
 * origins still watched, `granted` the host patterns the browser reports (`permissions.getAll`), if known.
 * A whole-host grant stays while another watched origin of that scheme and host still needs it: in
 * Firefox always (that is its only grant); in Chromium when that origin holds no port-specific grant of
 * its own (unknown counts as none).
 */
export function patternsToRemove(origin: string, remaining: readonly string[], browser: BrowserName, granted?: readonly string[]): string[][] {
  const whole = wholeHostPatterns(origin);
  const sameHost = remaining.filter((entry) => entry !== origin && wholeHostPatterns(entry)[0] === whole[0]);
  if (browser === 'firefox') return sameHost.length > 0 ? [] : [whole];
  const held = granted ? whole.filter((pattern) => granted.includes(pattern)) : whole;
  const stillNeeded = sameHost.some((entry) => !granted || !originPatterns(entry, browser).every((pattern) => granted.includes(pattern)));
  return held.length > 0 && !stillNeeded ? [originPatterns(origin, browser), held] : [originPatterns(origin, browser)];
}

/**
 * The origin of a URL (a WebSocket's is its page's: `wss://h` → `https://h`), or `undefined` for
 * anything unparseable or not http(s)/ws(s). Called for every recorded request: the canonical URLs
 * browsers report are split by position, without the URL parser.
 */
export function originOf(url: string | undefined): string | undefined {
  return splitUrl(url)?.origin || undefined;
}

/**
 * The `https:` page an `http:` request to its own address belongs to (mixed content: the browser blocks
 * or upgrades it), given the origins of the request and of what made it; undefined otherwise. Anything
 * on another port is another site: a login portal's, not Immich's.
 */
export function mixedContentPage(requestOrigin: string | undefined, initiatorOrigin: string | undefined): string | undefined {
  return requestOrigin && initiatorOrigin?.startsWith('https:') && requestOrigin === `http:${initiatorOrigin.slice(6)}` ? initiatorOrigin : undefined;
}

/** The extension's own pages and chunks appear in webRequest too; they are never Immich's. */
export function isExtensionUrl(url: string | undefined): boolean {
  return typeof url === 'string' && /^(chrome|moz|safari-web)-extension:/.test(url);
}
