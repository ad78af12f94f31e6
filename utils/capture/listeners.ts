import { browser } from 'wxt/browser';
import { webRequestAdapter, type WebRequestSink } from './web-request-adapter';
import type { WebRequestEvent } from './web-request-event';

export interface RequestListeners {
  /**
   * Registers the listeners again, with new functions, if the ones in place were registered while the
   * extension had no host access at all. Call it when a host is granted; a no-op otherwise.
   */
  reviveAfterGrant(): Promise<void>;
}

/**
 * Registers the observe-only webRequest listeners. Must run synchronously when the worker starts, or a
 * woken worker misses the event that woke it. `<all_urls>` is only a filter: the browser reports just
 * the hosts the user granted, and the recorder keeps just the watched origins. No `extraHeaders`:
 * `server`, `x-immich-cid`, `cf-ray`, `content-type` and `location` arrive without it, and it costs
 * 15-22% page-load time (measured).
 *
 * An answer's headers are asked of `onHeadersReceived` only, which the browser fires for every answer
 * before its redirect or completion; the recorder keeps them for the request's end (`Recorder.remember`).
 * Asked of `onBeforeRedirect` and `onCompleted` too, the same list was copied to the worker twice for
 * every request:
 * - probed in Chromium 156 and Firefox ESR (there a scratch MV2 add-on with these listeners), every
 *   redirect and completion of the lab's pages, the disk cache's answers too, had had its
 *   `onHeadersReceived` with the very same status and headers (in Firefox all but the service worker's
 *   hand-offs, which are dropped: ./web-request-adapter.ts);
 * - two copies of the test build recording the same 2,000-thumbnail loads side by side in Chromium,
 *   8 loads each way round: the copy whose end events came without headers spent 70-80 ms less CPU per
 *   load in its process, about 7% (docs/testing.md, "What the listeners themselves cost");
 * - what it gives up: if the browser stops the worker between a request's headers and its end (30 s
 *   without any event: one long video download and nothing else), the next worker records the end
 *   with its status, but answered by `unknown` (tests/browser/worker-restart.spec.ts; in Firefox the
 *   end of a download wakes the suspended background, which counts it once:
 *   tests/browser/firefox/background-suspend.spec.ts).
 *
 * Why the revival: Chromium refuses a webRequest listener registered while the extension has no host
 * access ("You need to request host permissions in the manifest file in order to be notified about
 * requests from the webRequest API", once per listener, in the worker's console), and a later runtime
 * grant does not bring it back: the release build, which asks for each Immich origin at runtime,
 * recorded nothing until Chromium happened to restart the worker (../shared/reference/
 * webextension-platform.md, "Measured on the release build"). Listeners added after the grant are
 * accepted and receive every event, response headers included (measured: the first page after the
 * grant recorded 25 of 25 requests, as the test build does). They are replaced only when they were
 * registered without access: replacing live listeners would open a gap in which events are lost.
 */
export function listenToRequests(sink: WebRequestSink, { firefox = import.meta.env.FIREFOX } = {}): RequestListeners {
  let removeCurrent = register(sink);
  // Asked right after registering: what decided whether Chromium accepted the listeners is the host
  // access they were registered with. Firefox accepts them without access (measured: it records right
  // after a grant), and wakes a suspended background through the listeners registered at start-up,
  // which removing them would forget (gecko's persistent listeners, EventManager): never replaced there.
  let registeredWithoutAccess: Promise<boolean> | undefined = firefox ? undefined : hasNoHostAccess();
  return {
    async reviveAfterGrant() {
      // Taken synchronously: of two grants in a row, only the first may replace the listeners.
      const check = registeredWithoutAccess;
      registeredWithoutAccess = undefined;
      if (!check || !(await check)) return;
      removeCurrent();
      removeCurrent = register(sink);
    },
  };
}

async function hasNoHostAccess(): Promise<boolean> {
  const { origins = [] } = await browser.permissions.getAll();
  return origins.length === 0;
}

/** Adds one listener per event, new function objects each time; returns how to remove them. */
function register(target: WebRequestSink): () => void {
  const filter = { urls: ['<all_urls>'] };
  const events = browser.webRequest;
  // What each browser reports is read here, once: Firefox's service-worker hand-offs dropped, its TLS
  // error messages turned back into codes (web-request-adapter.ts).
  const sink = webRequestAdapter(target, { firefox: import.meta.env.FIREFOX });
  const headersReceived = (details: unknown) => {
    sink.onHeadersReceived(details as WebRequestEvent);
    return undefined;
  };
  const beforeRedirect = (details: unknown) => sink.onBeforeRedirect(details as WebRequestEvent);
  const completed = (details: unknown) => sink.onCompleted(details as WebRequestEvent);
  const errorOccurred = (details: unknown) => sink.onErrorOccurred(details as WebRequestEvent);
  events.onHeadersReceived.addListener(headersReceived, filter, ['responseHeaders']);
  events.onBeforeRedirect.addListener(beforeRedirect, filter);
  events.onCompleted.addListener(completed, filter);
  events.onErrorOccurred.addListener(errorOccurred, filter);
  return () => {
    events.onHeadersReceived.removeListener(headersReceived);
    events.onBeforeRedirect.removeListener(beforeRedirect);
    events.onCompleted.removeListener(completed);
    events.onErrorOccurred.removeListener(errorOccurred);
  };
}
