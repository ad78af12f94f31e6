import { errorMessage } from '../error-message';
import { MAX_SERVER } from '../classify/classify-request';
import { MAX_ROUTE_ERROR } from './read-report';
import type { AskedRoute } from './types';
import { readBodyWithin } from '../read-body';
import { visibleTextWithin } from '../visible-text';

/**
 * The one place the server checks reach the network. Every request goes to the watched origin only,
 * with the user's session: Chromium and Firefox send Immich's HttpOnly, SameSite=Lax cookie on the
 * extension's own requests once the site is granted (measured: docs/permissions.md, "The user's session
 * on the extension's own requests"). An API key from the options goes in `x-api-key` (immich.md §1,
 * "Auth resolution order") instead of the session, never in the address, so that no log or history keeps it.
 */
export interface ServerAsker {
  origin: string;
  /** The browser's fetch unless a test gives its own. */
  fetcher?: typeof fetch;
  /** An Immich API key the user entered for this site, if any. */
  apiKey?: string;
  /** How long one request may take before the check gives up on it. */
  timeoutMs: number;
  /** The browser's WebSocket unless a test gives its own. */
  openSocket?: (url: string) => WebSocket;
}

export interface Answer {
  route: AskedRoute;
  /** The answer's media type (`text/html`), when it said. */
  contentType?: string;
  /** The parsed JSON body of an answer that said it is JSON and is not huge; undefined otherwise. */
  body?: unknown;
  /** The body as text, when asked for (`read: 'text'`) and not huge: a page of the web app. */
  text?: string;
}

/** Immich's JSON answers are a few kilobytes; anything far larger is not the route's answer. */
const MAX_BODY_BYTES = 1_000_000;

export interface AskOptions {
  /** The body read as JSON when it says it is (`json`, the default), or as text (`text`, a web app page). */
  read?: 'json' | 'text';
  /** More request headers (`Range: bytes=0-0` for an original: its first byte says it is there). */
  headers?: Record<string, string>;
}

/** A redirect not followed (`redirect: 'manual'`), as a browser or Node gives it. */
const isRedirect = (response: Response) => response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400);

/** What a request sent with a key says of a redirect it did not follow. */
export const KEY_NOT_FOLLOWED = 'answered with a redirect, not followed so that the API key is not sent elsewhere (a login gateway in front of Immich?)';

/** Why a request got no answer, as a stored report keeps it (./read-report.ts). */
const routeError = (error: unknown) => visibleTextWithin(errorMessage(error), MAX_ROUTE_ERROR);

/** `GET <origin><path>` with the user's session (or key), within the timeout: never throws. */
export async function askServer(asker: ServerAsker, path: string, { read = 'json', headers: more = {} }: AskOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { Accept: 'application/json', ...more };
  if (asker.apiKey) headers['x-api-key'] = asker.apiKey;
  let response: Response;
  try {
    const fetcher = asker.fetcher ?? fetch;
    const url = `${asker.origin}${path}`;
    const signal = AbortSignal.timeout(asker.timeoutMs);
    // With a key, no cookies: Immich reads a session before a key (immich.md §1, "Auth resolution
    // order"), so a member's session would hide an administrator's key (measured in the lab's test).
    // And no redirect followed: fetch sends a custom header along to wherever one leads (the Fetch
    // standard strips only `Authorization` at a cross-origin redirect: https://fetch.spec.whatwg.org/
    // #http-redirect-fetch), a login gateway's own address (found by a review).
    response = asker.apiKey
      ? await fetcher(url, { credentials: 'omit', cache: 'no-store', headers, signal, redirect: 'manual' })
      : await fetcher(url, { credentials: 'include', cache: 'no-store', headers, signal });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return { route: { path, error: timedOut ? `no answer within ${asker.timeoutMs / 1000} s` : routeError(error) } };
  }
  if (asker.apiKey && isRedirect(response)) {
    // A browser hides a redirect it did not follow (status 0, `opaqueredirect`); Node shows its status.
    const status = response.status >= 300 && response.status < 400 ? { status: response.status } : {};
    return { route: { path, ...status, error: KEY_NOT_FOLLOWED } };
  }
  // The server's text is kept as it can be shown (../visible-text.ts): a proxy's header is anyone's.
  const server = response.headers.get('server');
  const route: AskedRoute = { path, status: response.status, ...(server ? { server: visibleTextWithin(server, MAX_SERVER) } : {}) };
  const contentType = response.headers.get('content-type')?.slice(0, 100);
  const answer: Answer = contentType ? { route, contentType } : { route };
  if (read === 'json' && !/\bjson\b/i.test(contentType ?? '')) return answer;
  try {
    const text = await readBodyWithin(response, MAX_BODY_BYTES);
    if (text === undefined) return answer;
    return read === 'text' ? { ...answer, text } : { ...answer, body: JSON.parse(text) as unknown };
  } catch {
    return answer;
  }
}

/** How many requests one check has in flight at most: a home server on a small machine is not flooded. */
export const AT_ONCE = 3;

/** `askServer` for each path, `AT_ONCE` at a time, answers in the paths' order. */
export async function askEach(asker: ServerAsker, paths: readonly string[], options: AskOptions = {}): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let start = 0; start < paths.length; start += AT_ONCE) answers.push(...(await Promise.all(paths.slice(start, start + AT_ONCE).map((path) => askServer(asker, path, options)))));
  return answers;
}

/** The `message` of Immich's JSON error (immich.md §3), when the body has one. */
export function errorText(body: unknown): string | undefined {
  const message = (body as { message?: unknown } | undefined)?.message;
  if (typeof message === 'string') return visibleTextWithin(message, 200);
  if (Array.isArray(message) && typeof message[0] === 'string') return visibleTextWithin(message[0], 200);
  return undefined;
}

/**
 * Opens the site's WebSocket at `path` as the web app does and waits for engine.io's open packet
 * (`0{"sid":…}`, immich.md row 51b): whether the upgrade gets through whatever is in front of Immich.
 * The browser says nothing of why a WebSocket failed (no status), so the check asks again over plain
 * HTTP to see who answers. The socket is closed at once; it carries no credentials of its own.
 */
export function openServerSocket(asker: ServerAsker, path: string): Promise<{ opened: boolean; error?: string }> {
  const url = `${asker.origin.replace(/^http/, 'ws')}${path}`;
  return new Promise((resolve) => {
    let socket: WebSocket;
    const finish = (result: { opened: boolean; error?: string }) => {
      clearTimeout(timer);
      socket.onmessage = socket.onerror = socket.onclose = null;
      socket.close();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ opened: false, error: `no open packet within ${asker.timeoutMs / 1000} s` }), asker.timeoutMs);
    try {
      socket = (asker.openSocket ?? ((address: string) => new WebSocket(address)))(url);
    } catch (error) {
      clearTimeout(timer);
      resolve({ opened: false, error: routeError(error) });
      return;
    }
    socket.onmessage = (event: MessageEvent) => {
      if (typeof event.data === 'string' && /^0\{.*"sid"/.test(event.data)) finish({ opened: true });
    };
    socket.onerror = () => finish({ opened: false, error: 'the upgrade failed' });
    socket.onclose = () => finish({ opened: false, error: 'closed before engine.io opened' });
  });
}
