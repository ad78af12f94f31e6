import { describe, expect, it, vi } from 'vitest';
import { pausableSink } from '../../../utils/capture/pausable-sink';
import type { WebRequestSink } from '../../../utils/capture/web-request-adapter';
import type { WebRequestEvent } from '../../../utils/capture/web-request-event';

const EVENTS = ['onHeadersReceived', 'onBeforeRedirect', 'onCompleted', 'onErrorOccurred'] as const;

function target() {
  const received: Array<[string, WebRequestEvent]> = [];
  const sink = Object.fromEntries(EVENTS.map((name) => [name, vi.fn((event: WebRequestEvent) => received.push([name, event]))])) as unknown as WebRequestSink;
  return { sink, received };
}

const event = (requestId: string): WebRequestEvent => ({ requestId, url: 'http://immich.local/api/server/ping', method: 'GET', type: 'xmlhttprequest', timeStamp: 1, tabId: 1 });

describe('pausableSink', () => {
  it.each(EVENTS)('%s: forwarded, dropped while paused, forwarded again after', (name) => {
    const { sink, received } = target();
    const pausable = pausableSink(sink);
    pausable[name](event('1'));
    pausable.setPaused(true);
    pausable[name](event('2'));
    pausable.setPaused(false);
    pausable[name](event('3'));
    expect(received).toEqual([
      [name, event('1')],
      [name, event('3')],
    ]);
  });

  it('a pause drops every kind of event, and only what arrives during it', () => {
    const { sink, received } = target();
    const pausable = pausableSink(sink);
    pausable.setPaused(true);
    for (const name of EVENTS) pausable[name](event(name));
    expect(received).toEqual([]);
    pausable.setPaused(false);
    for (const name of EVENTS) pausable[name](event(name));
    expect(received.map(([name]) => name)).toEqual([...EVENTS]);
  });
});
