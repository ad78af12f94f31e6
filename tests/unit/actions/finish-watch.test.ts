import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { watchFinisher } from '../../../utils/actions/finish-watch';
import { Recorder } from '../../../utils/capture/recorder';
import { listWatchedOrigins, readPendingWatch, rememberPendingWatch, watchOrigin } from '../../../utils/origins/watched-origins';
import { sessionLogStore } from '../../../utils/state/log-store';

const ORIGIN = 'http://192.168.1.10:2283';

/** The background's parts a Watch click reaches, with the tabs of the site and of another. */
async function setUp() {
  const recorder = new Recorder({ store: sessionLogStore(), loadWatched: listWatchedOrigins, flushDelayMs: 5 });
  const revive = vi.fn(async () => undefined);
  const site = await fakeBrowser.tabs.create({ url: `${ORIGIN}/photos` });
  await fakeBrowser.tabs.create({ url: 'http://192.168.1.10:8080/' });
  const reload = vi.spyOn(fakeBrowser.tabs, 'reload').mockResolvedValue(undefined);
  return { recorder, revive, finish: watchFinisher(recorder, { reviveAfterGrant: revive }), site, reload };
}

/** The user's answer to the prompt (the fake browser has no permissions API). */
const request = vi.fn(async () => true);

beforeEach(() => {
  fakeBrowser.reset();
  request.mockResolvedValue(true);
  Object.assign(fakeBrowser.permissions, { request, contains: vi.fn(async () => true) });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('watchFinisher: the background’s end of Watch this site', () => {
  it('watches, with the listeners and the recorder ready, then reloads the site’s tabs, once for both ways the grant arrives', async () => {
    const { recorder, revive, finish, site, reload } = await setUp();
    expect(await watchOrigin(ORIGIN, 'chromium', { reloadTabs: true })).toEqual({ ok: true, origin: ORIGIN });
    // Left for the background: the popup may be gone (Chrome closes it for its dialog).
    expect(await readPendingWatch()).toMatchObject({ origin: ORIGIN, reloadTabs: true });
    // permissions.onAdded and the popup's finishWatch message, at the same moment.
    await Promise.all([finish(), finish()]);
    expect(reload.mock.calls).toEqual([[site.id]]);
    expect(revive).toHaveBeenCalled();
    expect(await listWatchedOrigins()).toEqual([ORIGIN]);
    expect(recorder.watchedOrigins).toEqual([ORIGIN]);
    expect(await readPendingWatch()).toBeUndefined();
  });

  it.each([
    ['Grant access again and the options page: watched at once, nothing reloaded', async () => watchOrigin(ORIGIN, 'chromium')],
    ['a grant with no Watch click waiting (the browser’s own menus)', async () => rememberPendingWatch(null)],
    ['a Watch click refused', async () => request.mockResolvedValue(false) && watchOrigin(ORIGIN, 'chromium', { reloadTabs: true })],
  ])('%s', async (_name, click) => {
    const { finish, reload } = await setUp();
    await click();
    await finish();
    expect(reload).not.toHaveBeenCalled();
  });

  it('a failure in one call does not stop the next', async () => {
    const { revive, finish, reload, site } = await setUp();
    revive.mockRejectedValueOnce(new Error('listeners'));
    await watchOrigin(ORIGIN, 'chromium', { reloadTabs: true });
    await expect(finish()).rejects.toThrow('listeners');
    await finish();
    expect(reload.mock.calls).toEqual([[site.id]]);
  });
});
