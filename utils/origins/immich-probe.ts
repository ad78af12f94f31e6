import { browser } from 'wxt/browser';
import { originOf } from './origin';

/**
 * Does an origin answer like Immich? Asked only when the user opens the popup on a site (the activeTab
 * grant) or clicks "Check": `GET /api/server/ping` answers `{"res":"pong"}` and `/.well-known/immich`
 * `{"api":{"endpoint":"/api"}}` on every version from v1.100 (immich.md §1-2). Both are public.
 */
export type ProbeResult = 'immich' | 'not-immich' | 'unreachable';

async function answers(fetcher: typeof fetch, url: string, test: (body: unknown) => boolean): Promise<boolean | undefined> {
  let response: Response;
  try {
    response = await fetcher(url, { credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(4000) });
  } catch {
    return undefined;
  }
  if (!response.ok) return false;
  try {
    return test(await response.json());
  } catch {
    return false;
  }
}

/**
 * Runs *inside* a tab of the site (`scripting.executeScript({func})` serialises it, so it uses nothing
 * from outside): one of the probe's requests, made from the page's own origin, where no CORS header is
 * needed to read the answer. Its status and the start of its body, or null when it got no answer.
 */
export async function fetchFromPage(url: string): Promise<{ status: number; body: string } | null> {
  try {
    const response = await fetch(url, { credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(4000) });
    // Both answers the probe reads are a few bytes of JSON; a page that is not Immich may send anything.
    return { status: response.status, body: (await response.text()).slice(0, 4096) };
  } catch {
    return null;
  }
}

export async function probeImmich(origin: string, fetcher: typeof fetch = fetch): Promise<ProbeResult> {
  const ping = await answers(fetcher, `${origin}/api/server/ping`, (body) => (body as { res?: unknown })?.res === 'pong');
  if (ping) return 'immich';
  const wellKnown = await answers(fetcher, `${origin}/.well-known/immich`, (body) => typeof (body as { api?: { endpoint?: unknown } })?.api?.endpoint === 'string');
  if (wellKnown) return 'immich';
  return ping === undefined && wellKnown === undefined ? 'unreachable' : 'not-immich';
}

/**
 * A `fetch` whose requests the site's own page makes (`fetchFromPage`), in a tab the extension may
 * script. Throws, as `fetch` does, when the tab cannot be scripted or got no answer.
 */
function fetchInTab(tabId: number): typeof fetch {
  return async (input) => {
    const [injection] = await browser.scripting.executeScript({ target: { tabId }, func: fetchFromPage, args: [String(input)] });
    const answer = injection?.result as { status?: unknown; body?: unknown } | null | undefined;
    if (typeof answer?.status !== 'number' || answer.status < 200 || answer.status > 599 || typeof answer.body !== 'string') throw new TypeError(`The site's tab got no answer from ${String(input)}`);
    return new Response(answer.body, { status: answer.status });
  };
}

/**
 * Is the site the popup opened on Immich? Asked as the popup may before any access is granted: by the
 * extension itself, which the activeTab grant lets read the answer in Chromium; and when that reaches
 * nothing, from inside the user's tab of the site. Firefox's activeTab lets the extension script the
 * tab but not read a cross-origin answer, and Immich's ping sends no CORS headers: measured in the
 * real toolbar popup of Firefox ESR 153, which said it could not reach a running Immich
 * (tests/browser/firefox/toolbar-popup.spec.ts).
 */
export async function probeSite(origin: string): Promise<ProbeResult> {
  const direct = await probeImmich(origin);
  if (direct !== 'unreachable') return direct;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true }).catch(() => []);
  if (tab?.id === undefined || originOf(tab.url) !== origin) return direct;
  return probeImmich(origin, fetchInTab(tab.id));
}
