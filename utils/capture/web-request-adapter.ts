import { firefoxErrorString } from './firefox-error';
import type { WebRequestEvent } from './web-request-event';

/** The recorder's four webRequest entry points (the Recorder has them; tests may pass a stand-in). */
export interface WebRequestSink {
  onHeadersReceived(event: WebRequestEvent): void;
  onBeforeRedirect(event: WebRequestEvent): void;
  onCompleted(event: WebRequestEvent): void;
  onErrorOccurred(event: WebRequestEvent): void;
}

export interface AdapterOptions {
  /** The build is Firefox's (`import.meta.env.FIREFOX`): its error strings need reading differently. */
  firefox: boolean;
}

/**
 * Firefox's service-worker interception, not a redirect: when a page is controlled by a service worker,
 * Firefox moves each of its requests to an intercepting channel through an internal redirect, and
 * webRequest reports it as `onBeforeRedirect` to the same URL with no HTTP answer (`statusCode` 0,
 * `statusLine` "", `ip` null). Then either the worker lets the request through, and the same requestId
 * goes on to the network and completes (the real answer), or the worker answers it (`respondWith`), and
 * the page's request gets no further event at all: the worker's own fetch is reported on its own, with
 * `tabId` -1 and the worker script as `originUrl`, carrying Immich's status and headers (a failing
 * thumbnail: the worker's fetch says 500 with Immich's headers; the synthesized answer to the page is
 * never reported). Measured in Firefox ESR 153 with the lab's Immich-like worker
 * (tests/lab/app/service-worker.js). Recorded as redirects, these made every load count twice.
 * Chromium reports only the worker's fetch, and its own internal redirects (HSTS, extensions) carry a
 * status (307), so this never matches there.
 */
export function isServiceWorkerHandoff(event: WebRequestEvent): boolean {
  return event.redirectUrl === event.url && !event.statusCode;
}

/**
 * Turns webRequest events into recorder input, so that each load is counted once, from the event that
 * says what the server answered.
 */
export function webRequestAdapter(sink: WebRequestSink, { firefox }: AdapterOptions): WebRequestSink {
  return {
    onHeadersReceived: (event) => sink.onHeadersReceived(event),
    onBeforeRedirect: (event) => {
      if (!isServiceWorkerHandoff(event)) sink.onBeforeRedirect(event);
    },
    onCompleted: (event) => sink.onCompleted(event),
    onErrorOccurred: (event) => sink.onErrorOccurred(firefox ? { ...event, error: firefoxErrorString(event.error) } : event),
  };
}
