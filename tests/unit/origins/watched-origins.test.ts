import { beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { apiKeysItem } from '../../../utils/options/check-settings';
import { directAddressesItem } from '../../../utils/options/direct-address';
import { completePendingWatch, hasOriginAccess, listWatchedOrigins, readPendingWatch, rememberPendingWatch, unwatchOrigin, watchedOriginsItem, watchOrigin } from '../../../utils/origins/watched-origins';

/**
 * The fake browser has no permissions API, and a real prompt cannot be clicked: the user's answer is
 * the one thing stubbed here.
 */
function userAnswers(granted: boolean | Error) {
  const request = vi.fn(async () => {
    if (granted instanceof Error) throw granted;
    return granted;
  });
  const remove = vi.fn(async () => true);
  const contains = vi.fn(async () => false);
  const getAll = vi.fn(async () => ({ origins: request.mock.calls.flatMap((call) => (call as unknown as [{ origins: string[] }])[0].origins) }));
  Object.assign(fakeBrowser.permissions, { request, remove, contains, getAll });
  return { request, remove, contains, getAll };
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('watchOrigin', () => {
  it('asks for access to that origin only, then lists it: in Chromium its port only', async () => {
    const { request } = userAnswers(true);
    expect(await watchOrigin('https://photos.example.com/photos', 'chromium')).toEqual({ ok: true, origin: 'https://photos.example.com' });
    expect(request).toHaveBeenCalledWith({ origins: ['https://photos.example.com:443/*', 'wss://photos.example.com:443/*'] });
    expect(await watchOrigin('http://192.168.1.10:2283', 'chromium')).toEqual({ ok: true, origin: 'http://192.168.1.10:2283' });
    expect(request).toHaveBeenLastCalledWith({ origins: ['http://192.168.1.10:2283/*', 'ws://192.168.1.10:2283/*'] });
    expect(await listWatchedOrigins()).toEqual(['https://photos.example.com', 'http://192.168.1.10:2283']);
  });

  it('in Firefox, whose match patterns cannot name a port, the whole host', async () => {
    const { request } = userAnswers(true);
    await watchOrigin('http://192.168.1.10:2283', 'firefox');
    expect(request).toHaveBeenCalledWith({ origins: ['http://192.168.1.10/*', 'ws://192.168.1.10/*'] });
  });

  it('without a browser named, the build\'s own (the unit tests run as the Chromium build)', async () => {
    const { request } = userAnswers(true);
    await watchOrigin('http://192.168.1.10:2283');
    expect(request).toHaveBeenCalledWith({ origins: ['http://192.168.1.10:2283/*', 'ws://192.168.1.10:2283/*'] });
  });

  it('adds an origin once, however often it is watched', async () => {
    userAnswers(true);
    await watchOrigin('https://photos.example.com');
    await watchOrigin('photos.example.com');
    expect(await listWatchedOrigins()).toEqual(['https://photos.example.com']);
  });

  it('a denied permission watches nothing and says why', async () => {
    userAnswers(false);
    const result = await watchOrigin('https://photos.example.com');
    expect(result).toEqual({ ok: false, message: 'Access to https://photos.example.com was not granted, so Immich Doctor cannot watch it.' });
    expect(await listWatchedOrigins()).toEqual([]);
  });

  it('a refused request (no user gesture) is reported, not thrown', async () => {
    userAnswers(new Error('This function must be called during a user gesture'));
    const result = await watchOrigin('https://photos.example.com');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('user gesture');
  });

  it('outside a user gesture, access already granted at install is enough', async () => {
    const { contains } = userAnswers(new Error('This function must be called during a user gesture'));
    contains.mockResolvedValue(true);
    expect(await watchOrigin('http://127.0.0.1:2283')).toEqual({ ok: true, origin: 'http://127.0.0.1:2283' });
    expect(contains).toHaveBeenCalledWith({ origins: ['http://127.0.0.1:2283/*', 'ws://127.0.0.1:2283/*'] });
  });

  it('an address that is not a web address asks nothing', async () => {
    const { request } = userAnswers(true);
    expect((await watchOrigin('ftp://nas.local')).ok).toBe(false);
    expect(request).not.toHaveBeenCalled();
  });
});

describe('unwatchOrigin and listWatchedOrigins', () => {
  it('removes the origin and gives its host access back (Chromium: its port)', async () => {
    const { remove } = userAnswers(true);
    await watchOrigin('https://photos.example.com', 'chromium');
    await watchOrigin('http://nas.local:2283', 'chromium');
    await unwatchOrigin('https://photos.example.com', 'chromium');
    expect(await listWatchedOrigins()).toEqual(['http://nas.local:2283']);
    expect(remove.mock.calls).toEqual([[{ origins: ['https://photos.example.com:443/*', 'wss://photos.example.com:443/*'] }]]);
  });

  it('Chromium: another port of the same host keeps its own grant', async () => {
    const { remove } = userAnswers(true);
    await watchOrigin('http://nas.local:2283', 'chromium');
    await watchOrigin('http://nas.local:8080', 'chromium');
    await unwatchOrigin('http://nas.local:2283', 'chromium');
    expect(remove.mock.calls).toEqual([[{ origins: ['http://nas.local:2283/*', 'ws://nas.local:2283/*'] }]]);
  });

  it('Chromium: a whole-host grant from an earlier version still counts as access, and Stop watching gives it back too', async () => {
    const { remove, contains, getAll } = userAnswers(true);
    await watchedOriginsItem.setValue(['http://nas.local:2283']);
    getAll.mockResolvedValue({ origins: ['http://nas.local/*', 'ws://nas.local/*'] });
    // The browser says yes: it holds a pattern that contains these (measured in Chromium 156).
    contains.mockResolvedValue(true);
    expect(await hasOriginAccess('http://nas.local:2283', 'chromium')).toBe(true);
    expect(contains).toHaveBeenCalledWith({ origins: ['http://nas.local:2283/*', 'ws://nas.local:2283/*'] });
    await unwatchOrigin('http://nas.local:2283', 'chromium');
    // Removing the port patterns alone leaves the old grant in place (measured): it is removed on its own.
    expect(remove.mock.calls).toEqual([[{ origins: ['http://nas.local:2283/*', 'ws://nas.local:2283/*'] }], [{ origins: ['http://nas.local/*', 'ws://nas.local/*'] }]]);
  });

  it('Firefox: removes the whole host, unless another watched origin on it still needs it', async () => {
    const { remove } = userAnswers(true);
    await watchOrigin('http://nas.local:2283', 'firefox');
    await watchOrigin('http://nas.local:8080', 'firefox');
    await unwatchOrigin('http://nas.local:2283', 'firefox');
    expect(remove).not.toHaveBeenCalled();
    await unwatchOrigin('http://nas.local:8080', 'firefox');
    expect(remove.mock.calls).toEqual([[{ origins: ['http://nas.local/*', 'ws://nas.local/*'] }]]);
  });

  it('a browser that cannot list its grants: the old whole host goes only when no other watched origin is on it', async () => {
    const { remove, getAll } = userAnswers(true);
    getAll.mockRejectedValue(new Error('no'));
    await watchedOriginsItem.setValue(['http://nas.local:2283', 'http://nas.local:8080']);
    await unwatchOrigin('http://nas.local:2283', 'chromium');
    expect(remove.mock.calls).toEqual([[{ origins: ['http://nas.local:2283/*', 'ws://nas.local:2283/*'] }]]);
    await unwatchOrigin('http://nas.local:8080', 'chromium');
    expect(remove.mock.calls.slice(1)).toEqual([[{ origins: ['http://nas.local:8080/*', 'ws://nas.local:8080/*'] }], [{ origins: ['http://nas.local/*', 'ws://nas.local/*'] }]]);
  });

  it('does not fail when access was granted at install and cannot be removed', async () => {
    userAnswers(true);
    Object.assign(fakeBrowser.permissions, { remove: vi.fn(async () => { throw new Error('You cannot remove required permissions.'); }) });
    await watchOrigin('http://127.0.0.1:2283');
    await expect(unwatchOrigin('http://127.0.0.1:2283')).resolves.toBeUndefined();
    expect(await listWatchedOrigins()).toEqual([]);
  });

  it('drops corrupt stored entries', async () => {
    await watchedOriginsItem.setValue(['https://ok.example', 'not an origin', 42, 'https://ok.example/path', 'https://ok.example'] as never);
    expect(await listWatchedOrigins()).toEqual(['https://ok.example']);
    await fakeBrowser.storage.local.set({ watchedOrigins: 'garbage' });
    expect(await listWatchedOrigins()).toEqual([]);
  });
});

describe('changes to the watched list from several pages at once', () => {
  // Each page of the extension (the popup, the options page, the background) has its own copy of the
  // module and shares the storage and the Web Locks: two module copies here, over one fake storage and
  // tests/unit/setup/navigator.ts.
  async function twoPages() {
    const popup = await import('../../../utils/origins/watched-origins');
    vi.resetModules();
    const options = await import('../../../utils/origins/watched-origins');
    expect(options).not.toBe(popup);
    return { popup, options };
  }

  it('Watch in two pages at once: both sites are listed', async () => {
    userAnswers(true);
    const { popup, options } = await twoPages();
    await Promise.all([popup.watchOrigin('https://photos.example.com', 'chromium'), options.watchOrigin('http://192.168.1.10:2283', 'chromium')]);
    expect((await listWatchedOrigins()).sort()).toEqual(['http://192.168.1.10:2283', 'https://photos.example.com']);
  });

  it('Stop watching in two pages at once: neither site stays listed', async () => {
    userAnswers(true);
    await watchedOriginsItem.setValue(['https://photos.example.com', 'http://192.168.1.10:2283', 'https://other.example']);
    const { popup, options } = await twoPages();
    await Promise.all([popup.unwatchOrigin('https://photos.example.com', 'chromium'), options.unwatchOrigin('http://192.168.1.10:2283', 'chromium')]);
    expect(await listWatchedOrigins()).toEqual(['https://other.example']);
  });

  it('Stop watching two sites at once, storage taking its time: neither API key nor direct address stays', async () => {
    userAnswers(true);
    const sites = ['https://photos.example.com', 'http://192.168.1.10:2283'];
    await watchedOriginsItem.setValue(sites);
    await apiKeysItem.setValue({ [sites[0]!]: 'key-aaaaaaaaaaaaaaaa', [sites[1]!]: 'key-bbbbbbbbbbbbbbbb' });
    await directAddressesItem.setValue({ [sites[0]!]: 'http://10.0.0.5:2283', [sites[1]!]: 'http://10.0.0.6:2283' });
    // Each storage call crosses to the browser process: a slow write of the keys (or addresses), and the
    // second page reads them before the first page's write lands.
    const local = fakeBrowser.storage.local;
    const set = local.set.bind(local);
    onTestFinished(() => {
      vi.restoreAllMocks();
    });
    vi.spyOn(local, 'set').mockImplementation(async (items) => {
      if (!('watchedOrigins' in items)) await new Promise((resolve) => setTimeout(resolve, 10));
      return set(items);
    });
    const { popup, options } = await twoPages();
    await Promise.all([popup.unwatchOrigin(sites[0]!, 'chromium'), options.unwatchOrigin(sites[1]!, 'chromium')]);
    expect(await listWatchedOrigins()).toEqual([]);
    expect(await apiKeysItem.getValue()).toEqual({});
    expect(await directAddressesItem.getValue()).toEqual({});
  });
});

/**
 * Chrome closes the toolbar popup when its permission dialog opens: the popup asks, the background
 * finishes the watch when the grant arrives.
 */
describe('completePendingWatch', () => {
  const origin = 'http://192.168.1.20:2283';
  const now = 1_800_000_000_000;

  it.each([
    { case: 'a Watch click answered with Allow: watched', pending: { origin, askedAt: now - 3_000 }, granted: true, watched: [origin], kept: false },
    { case: 'no Watch click waiting: nothing', pending: null, granted: true, watched: [], kept: false },
    { case: 'the grant is for another site: nothing, the click still waits', pending: { origin, askedAt: now - 3_000 }, granted: false, watched: [], kept: true },
    { case: 'a click from long ago (a grant made later in the browser menu): nothing, and forgotten', pending: { origin, askedAt: now - 6 * 60_000 }, granted: true, watched: [], kept: false },
    { case: 'a click from a time still to come (the clock set back since): nothing, and forgotten', pending: { origin, askedAt: now + 60_000 }, granted: true, watched: [], kept: false },
    { case: 'a corrupt pending entry: nothing', pending: { origin: 'javascript:alert(1)', askedAt: now }, granted: true, watched: [], kept: true },
    { case: 'a pending entry without a time: nothing', pending: { origin } as never, granted: true, watched: [], kept: false },
  ])('$case', async ({ pending, granted, watched, kept }) => {
    const { contains } = userAnswers(true);
    contains.mockResolvedValue(granted);
    await rememberPendingWatch(pending as never);
    await completePendingWatch(now);
    expect(await listWatchedOrigins()).toEqual(watched);
    expect(await readPendingWatch()).toEqual(kept ? pending : undefined);
  });

  it.each([
    { answer: false, case: 'Deny' },
    { answer: new Error('This function must be called during a user gesture'), case: 'a refused request' },
  ])('$case in the popup leaves nothing pending: a later grant in the browser menu watches nothing', async ({ answer }) => {
    const { contains } = userAnswers(answer);
    await watchOrigin(origin);
    expect(await readPendingWatch()).toBeUndefined();
    contains.mockResolvedValue(true);
    await completePendingWatch(Date.now());
    expect(await listWatchedOrigins()).toEqual([]);
  });

  it('a Watch click completes while storage.session is full (the sites’ logs fill it)', async () => {
    const { contains } = userAnswers(true);
    contains.mockResolvedValue(true);
    vi.spyOn(fakeBrowser.storage.session, 'set').mockRejectedValue(new Error('Session storage quota bytes exceeded. Values were not stored.'));
    expect(await watchOrigin(origin, undefined, { reloadTabs: true })).toMatchObject({ ok: true });
    expect(await completePendingWatch(Date.now())).toMatchObject({ origin });
    expect(await listWatchedOrigins()).toEqual([origin]);
  });

  it('the popup that asked sends the click to storage before the browser asks the user', async () => {
    const { request } = userAnswers(true);
    const write = vi.spyOn(fakeBrowser.storage.local, 'set');
    request.mockImplementation(async () => {
      expect((await readPendingWatch())?.origin).toBe(origin);
      return true;
    });
    await watchOrigin(origin);
    // Sent first, in the same turn: Chrome's dialog may close the popup before anything later is sent.
    expect(write.mock.invocationCallOrder[0]).toBeLessThan(request.mock.invocationCallOrder[0]!);
    // Answered in the popup: nothing left pending for the background.
    expect(await readPendingWatch()).toBeUndefined();
  });
});
