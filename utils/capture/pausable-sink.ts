import type { WebRequestSink } from './web-request-adapter';

/** A sink whose events can be dropped at the door, for a while. */
export interface PausableSink extends WebRequestSink {
  setPaused(paused: boolean): void;
}

/**
 * Forwards every event to `sink` unless paused. The test build's listeners go through it
 * (entrypoints/background.ts), so that a bench can make one copy of Immich Doctor a do-nothing
 * extension with the very same listeners, in the same kind of process: the page-load bench's floor
 * beside another copy that records (tests/bench/page-load.bench.spec.ts, "side by side").
 */
export function pausableSink(sink: WebRequestSink): PausableSink {
  let paused = false;
  return {
    onHeadersReceived: (event) => {
      if (!paused) sink.onHeadersReceived(event);
    },
    onBeforeRedirect: (event) => {
      if (!paused) sink.onBeforeRedirect(event);
    },
    onCompleted: (event) => {
      if (!paused) sink.onCompleted(event);
    },
    onErrorOccurred: (event) => {
      if (!paused) sink.onErrorOccurred(event);
    },
    setPaused: (value) => {
      paused = value;
    },
  };
}
