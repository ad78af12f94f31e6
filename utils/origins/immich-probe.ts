import { browser } from 'wxt/browser';
import { currentBrowser, type BrowserName } from '../browser-name';
import { readBodyWithin } from '../read-body';
import { originOf } from './origin';

/**
 * Does an origin answer like Immich? Asked only when the user opens the popup on a site (the activeTab
 * grant) or clicks "Check": `GET /api/server/ping` answers `{"res":"pong"}` and `/.well-known/immich`
 * `{"api":{"endpoint":"/api"}}` on every version from v1.100 (immich.md §1-2). Both are public.
 */
export type ProbeResult = 'immich' | 'not-immich' | 'unreachable';

/** Both answers the probe reads are a few bytes of JSON; a site that is not Immich may send anything. */
const MAX_PROBE_BODY_BYTES = 4096;

/** How long each of the probe's requests may take, from the extension or from the tab. */
const PROBE_TIMEOUT_MS = 4000;

/**
 * Whether one of the probe's addresses answers as `test` wants; `undefined` when it got no answer, from
 * `fetcher` nor, if given, from `fallback`, asked only then.
 */
async function answers(url: string, test: (body: unknown) => boolean, fetcher: typeof fetch, fallback?: typeof fetch): Promise<boolean | undefined> {
  const signal = AbortSignal.timeout(PROBE_TIMEOUT_MS);
  const ask = (from: typeof fetch) => from(url, { credentials: 'omit', cache: 'no-store', signal });
  let response: Response;
  try {
    response = await ask(fetcher).catch((error: unknown) => (fallback ? ask(fallback) : Promise.reject(error)));
  } catch {
    return undefined;
  }
  if (!response.ok) return false;
  try {
    const body = await readBodyWithin(response, MAX_PROBE_BODY_BYTES);
    return body !== undefined && test(JSON.parse(body));
  } catch {
    return false;
  }
}

/**
 * Runs *inside* a tab of the site (`scripting.executeScript({func})` serialises it, so it uses nothing
 * from outside): one of the probe's requests, made from the page's own origin, where no CORS header is
 * needed to read the answer. Its status and the start of its body, or null when it got no answer or
 * the tab no longer shows `origin` (it navigated since the popup looked).
 */
export async function fetchFromPage(url: string, origin: string, timeoutMs: number): Promise<{ status: number; body: string } | null> {
  if (location.origin !== origin) return null;
  try {
    const response = await fetch(url, { credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
    // Both answers the probe reads are a few bytes of JSON; a page that is not Immich may send anything,
    // without end: only its start is read (`readBodyWithin`'s loop, which this function cannot import).
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    let body = '';
    while (reader && body.length < 4096) {
      const { done, value } = await reader.read();
      if (done) break;
      body += decoder.decode(value, { stream: true });
    }
    await reader?.cancel();
    return { status: response.status, body: body.slice(0, 4096) };
  } catch {
    return null;
  }
}

/** Asks with `fetcher`, and with `fallback` each address `fetcher` got no answer from. */
export async function probeImmich(origin: string, fetcher: typeof fetch = fetch, fallback?: typeof fetch): Promise<ProbeResult> {
  const ping = await answers(`${origin}/api/server/ping`, (body) => (body as { res?: unknown })?.res === 'pong', fetcher, fallback);
  if (ping) return 'immich';
  const wellKnown = await answers(`${origin}/.well-known/immich`, (body) => typeof (body as { api?: { endpoint?: unknown } })?.api?.endpoint === 'string', fetcher, fallback);
  if (wellKnown) return 'immich';
  return ping === undefined && wellKnown === undefined ? 'unreachable' : 'not-immich';
}

/** Statuses whose answer has no body: a `Response` made with one throws. */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/** `promise`, or its rejection once `signal` aborts, whichever comes first. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | null | undefined): Promise<T> {
  if (!signal) return promise;
  const aborted = new Promise<never>((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  return Promise.race([promise, aborted]);
}

/**
 * A `fetch` whose requests the site's own page makes (`fetchFromPage`) in one tab, which the extension
 * may script once the user clicked the icon there (activeTab). Throws, as `fetch` does, when the tab
 * cannot be scripted, shows another site, got no answer, or the caller's time is up: a tab stuck
 * loading would otherwise keep the popup on "Checking…".
 */
function fetchInTab(tabId: number, origin: string): typeof fetch {
  return async (input, init) => {
    const url = String(input);
    const injected = browser.scripting.executeScript({ target: { tabId }, func: fetchFromPage, args: [url, origin, PROBE_TIMEOUT_MS], injectImmediately: true });
    const [injection] = await untilAborted(injected, init?.signal);
    const answer = injection?.result as { status?: unknown; body?: unknown } | null | undefined;
    if (typeof answer?.status !== 'number' || answer.status < 200 || answer.status > 599 || typeof answer.body !== 'string') throw new TypeError(`The site's tab got no answer from ${url}`);
    return new Response(NULL_BODY_STATUSES.has(answer.status) ? null : answer.body, { status: answer.status });
  };
}

/**
 * Is the site the popup opened on Immich? Asked as the popup may before any access is granted, with
 * the activeTab grant of the user's click. Chromium's lets the extension read the answer itself.
 * Firefox's lets it script the tab but not read a cross-origin answer, and Immich's ping sends no CORS
 * headers (immich.md: CORS only in development): measured in the real toolbar popup of Firefox ESR 153,
 * which said it could not reach a running Immich (tests/browser/firefox/toolbar-popup.spec.ts). So in
 * Firefox each request the extension gets no answer to is made again from the user's tab of the site.
 */
export async function probeSite(origin: string, browserName: BrowserName = currentBrowser()): Promise<ProbeResult> {
  if (browserName !== 'firefox') return probeImmich(origin);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true }).catch(() => []);
  if (tab?.id === undefined || originOf(tab.url) !== origin) return probeImmich(origin);
  return probeImmich(origin, fetch, fetchInTab(tab.id, origin));
}
