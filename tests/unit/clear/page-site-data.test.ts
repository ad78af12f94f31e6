import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readPageSiteData } from '../../../utils/actions/page-site-data';

/**
 * The page-side reader, with the page's globals stubbed: a page's local storage copy can still list keys
 * for a moment after the browser deleted them; the reader looks again before calling them left.
 */
function stubLocalStorage(listings: string[][]) {
  let reads = 0;
  const storage = new Proxy({}, { ownKeys: () => listings[Math.min(reads++, listings.length - 1)] ?? [], getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }) });
  vi.stubGlobal('localStorage', storage);
  return () => reads;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('isSecureContext', false);
  vi.stubGlobal('navigator', {});
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('readPageSiteData: local storage', () => {
  it.each([
    { case: 'empty at once', listings: [[]], expected: [], reads: 1 },
    { case: 'emptied on the third read (the page heard of the deletion late)', listings: [['immich-settings'], ['immich-settings'], []], expected: [], reads: 3 },
    { case: 'still there after a second of reads', listings: [['immich-settings']], expected: ['immich-settings'], reads: 11 },
  ])('$case', async ({ listings, expected, reads }) => {
    const readCount = stubLocalStorage(listings);
    const data = readPageSiteData();
    await vi.runAllTimersAsync();
    expect((await data).localStorage).toEqual(expected);
    expect(readCount()).toBe(reads);
  });

  it('waits no more than a second', async () => {
    stubLocalStorage([['left']]);
    const data = readPageSiteData();
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await data).localStorage).toEqual(['left']);
  });

  it('in a hidden tab, whose timers wait a second each, still about a second: two reads', async () => {
    const readCount = stubLocalStorage([['left']]);
    const throttled = setTimeout;
    vi.stubGlobal('setTimeout', (callback: () => void) => throttled(callback, 1_000));
    const data = readPageSiteData();
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await data).localStorage).toEqual(['left']);
    expect(readCount()).toBe(2);
  });
});
