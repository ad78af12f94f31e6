import { browser } from 'wxt/browser';
import type { Recorder } from './recorder';
import type { WebRequestEvent } from './web-request-event';

/**
 * Registers the observe-only webRequest listeners. Must run synchronously when the worker starts, or a
 * woken worker misses the event that woke it. `<all_urls>` is only a filter: the browser reports just
 * the hosts the user granted, and the recorder keeps just the watched origins. No `extraHeaders`:
 * `server`, `x-immich-cid`, `cf-ray`, `content-type` and `location` arrive without it, and it costs
 * 15-22% page-load time (measured).
 */
export function listenToRequests(recorder: Recorder): void {
  const filter = { urls: ['<all_urls>'] };
  const events = browser.webRequest;
  events.onHeadersReceived.addListener(
    (details) => {
      recorder.onHeadersReceived(details as WebRequestEvent);
      return undefined;
    },
    filter,
    ['responseHeaders'],
  );
  events.onBeforeRedirect.addListener((details) => recorder.onBeforeRedirect(details as WebRequestEvent), filter, ['responseHeaders']);
  events.onCompleted.addListener((details) => recorder.onCompleted(details as WebRequestEvent), filter, ['responseHeaders']);
  events.onErrorOccurred.addListener((details) => recorder.onErrorOccurred(details as WebRequestEvent), filter);
}
