import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { listenToRequests } from '../../../utils/capture/listeners';
import { Recorder } from '../../../utils/capture/recorder';
import { sessionLogStore } from '../../../utils/state/log-store';

/**
 * When the webRequest listeners are registered again. The fake browser has no webRequest events and no
 * permissions API: these stand-ins only count registrations, which is what is under test here; that a
 * grant really revives recording is proven in Chromium (tests/browser/release/user-path.spec.ts).
 */
const EVENTS = ['onHeadersReceived', 'onBeforeRedirect', 'onCompleted', 'onErrorOccurred'] as const;

function fakeWebRequest() {
  const live = new Set<unknown>();
  const added = vi.fn();
  const event = (name: string) => ({
    addListener: (listener: unknown, filter: unknown, extraInfoSpec?: string[]) => {
      added(name, filter, extraInfoSpec);
      live.add(listener);
    },
    removeListener: (listener: unknown) => live.delete(listener),
  });
  Object.assign(fakeBrowser, { webRequest: Object.fromEntries(EVENTS.map((name) => [name, event(name)])) });
  return { live, added };
}

function grantedAtStart(origins: string[]) {
  Object.assign(fakeBrowser.permissions, { getAll: vi.fn(async () => ({ origins, permissions: [] })) });
}

const recorder = () => new Recorder({ store: sessionLogStore(), loadWatched: async () => [] });

beforeEach(() => {
  fakeBrowser.reset();
});

describe('listenToRequests', () => {
  it.each([
    { case: 'registered with no host access (a fresh release install): replaced once on the first grant', origins: [], firefox: false, registrations: 8 },
    { case: 'registered with access (the test build, or a worker started after a grant): kept', origins: ['http://192.168.1.20/*'], firefox: false, registrations: 4 },
    { case: 'Firefox, even without access: kept (its start-up listeners wake the background)', origins: [], firefox: true, registrations: 4 },
  ])('$case', async ({ origins, firefox, registrations }) => {
    const { live, added } = fakeWebRequest();
    grantedAtStart(origins);
    const listeners = listenToRequests(recorder(), { firefox });
    await listeners.reviveAfterGrant();
    expect(added).toHaveBeenCalledTimes(registrations);
    expect(live.size).toBe(EVENTS.length);
  });

  it("hears every request's headers and end, with the answer's headers, never extraHeaders", () => {
    // onHeadersReceived for every request, not only sockets': the status of a failing thumbnail that
    // the browser ends with an error after its 500's headers is seen nowhere else (docs/testing.md,
    // "What the listeners themselves cost": 24 of 400 in a page-load bench round).
    const { added } = fakeWebRequest();
    grantedAtStart(['http://192.168.1.20/*']);
    listenToRequests(recorder(), { firefox: false });
    const everyRequest = { urls: ['<all_urls>'] };
    expect(added.mock.calls).toEqual([
      ['onHeadersReceived', everyRequest, ['responseHeaders']],
      ['onBeforeRedirect', everyRequest, undefined],
      ['onCompleted', everyRequest, undefined],
      ['onErrorOccurred', everyRequest, undefined],
    ]);
  });

  it('two grants in a row replace dead listeners once, never the live ones', async () => {
    const { live, added } = fakeWebRequest();
    grantedAtStart([]);
    const listeners = listenToRequests(recorder(), { firefox: false });
    await Promise.all([listeners.reviveAfterGrant(), listeners.reviveAfterGrant()]);
    await listeners.reviveAfterGrant();
    expect(added).toHaveBeenCalledTimes(2 * EVENTS.length);
    expect(live.size).toBe(EVENTS.length);
  });
});
