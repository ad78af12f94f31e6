import { startImmichLab } from '../../lab/immich-server';
import { browseTimeline } from '../../lab/scenarios';
import { timesRequested, videoToHold } from '../held-download';
import { popupCounts, settledCounts } from '../popup-counts';
import { expect, openPopup, test, watchFromPopup } from './fixtures';
import type { FirefoxTab } from './tab';
import { LOG_KEY_PREFIX, type StoredLogHead } from '../../../utils/state/site-state';

/** The extension's API in its own pages (the popup runs in a moz-extension:// tab). */
declare const browser: typeof import('wxt/browser').browser;

/** Firefox suspends an idle MV3 background page after this long (30 s by default). */
const IDLE_TIMEOUT_MS = 2000;
test.use({ firefoxPrefs: { 'extensions.background.idle.timeout': IDLE_TIMEOUT_MS } });

/** Whether the add-on's background page is running, as Firefox reports it (`runtime.getContexts`). */
function backgroundRunning(popup: FirefoxTab): Promise<boolean> {
  return popup.evaluate(async () => (await browser.runtime.getContexts({ contextTypes: ['BACKGROUND'] })).length > 0);
}

/** The last requests the stored log lists, as `METHOD path at time`: which of the lab's were counted. */
function latestRecorded(popup: FirefoxTab, origin: string): Promise<string[]> {
  return popup.evaluate(async (key) => {
    const head = (await browser.storage.session.get(key))[key] as Pick<StoredLogHead, 'recent'> | undefined;
    const recent = JSON.parse(head?.recent ?? '[]') as Array<{ method: string; path: string; time: number }>;
    return recent.slice(-6).map(({ method, path, time }) => `${method} ${path} at ${new Date(time).toISOString().slice(11, 23)}`);
  }, `${LOG_KEY_PREFIX}${origin}`);
}

test('after Firefox suspends the idle background, the next request wakes it and nothing is lost', async ({ playScenario }) => {
  const { running, popup, tab } = await playScenario('thumbnails-missing');
  const before = await settledCounts(popup);
  await expect.poll(() => popup.getAttribute('[data-cause]', 'data-cause')).toBe('media-file-unreadable');

  await expect.poll(() => backgroundRunning(popup), { message: 'Firefox suspends the idle background', timeout: 30_000, intervals: [500] }).toBe(false);

  // The app's own request wakes it (Immich's page asks its server while it is open), and must be
  // counted on top of the old log. Not a navigation to the ping's address: Firefox shows JSON in its own
  // viewer, whose tab's favicon it fetches where no extension sees it (measured: the lab served
  // `/favicon.ico` after the JSON page, webRequest reported no event for it), and this test counted
  // that request as lost whenever it reached the lab before the navigation ended.
  const servedBefore = running.lab!.requestsServed();
  const status = await tab.evaluate((path) => fetch(path, { cache: 'no-store' }).then((response) => response.status), '/api/server/ping?after-suspend=1');
  expect(status).toBe(200);
  const served = running.lab!.requestsServed() - servedBefore;
  expect(served).toBeGreaterThan(0);
  // Within the 2 s idle timeout, after which it may be suspended again before the counts settle (2.5 s reads).
  await expect.poll(() => backgroundRunning(popup), { message: 'the request wakes the background', timeout: 2_000, intervals: [100] }).toBe(true);
  const woken = await settledCounts(popup);
  // At least what reached the lab: a request the service worker also fetched is reported twice.
  const reachedLab = running.lab!.requestsServedSince(servedBefore).join(', ');
  const recorded = (await latestRecorded(popup, running.origin)).join(', ');
  expect(woken.requests, `${before.requests} requests before the suspension; the lab answered since: ${reachedLab}; the latest recorded: ${recorded}`).toBeGreaterThanOrEqual(before.requests + served);
  expect(woken.failures).toBe(before.failures);

  // The user goes on browsing: new failures add to the same log and the diagnosis holds.
  await running.browse(tab);
  const after = await settledCounts(popup);
  expect(after.failures).toBeGreaterThan(woken.failures);
  await expect.poll(() => popup.getAttribute('[data-cause]', 'data-cause')).toBe('media-file-unreadable');
});

test.describe('when Firefox suspends the background sooner than the recorder writes', () => {
  // Shorter than the recorder's batch (0.5 s after requests pause): the page is unloaded with what it
  // received still unwritten, unless it writes as Firefox suspends it (runtime.onSuspend,
  // entrypoints/background.ts). Without that: 0 of a page's 25 requests kept (measured). Firefox's
  // default is 30 s; this makes the moment it unloads the page come while something waits, every time.
  test.use({ firefoxPrefs: { 'extensions.background.idle.timeout': 300 } });

  test('every request is still counted', async ({ firefox, startScenario }) => {
    const running = await startScenario('thumbnails-missing');
    const popup = await openPopup(firefox, running.origin);
    await watchFromPopup(popup);
    const tab = await firefox.newTab();
    // Without Immich's service worker, each request is reported once: the counts must be exact.
    const served = await running.lab!.servedDuring(() => browseTimeline(tab, running.origin, '?sw=0'));
    expect(served).toBeGreaterThan(10);
    const counts = await settledCounts(popup);
    expect(counts.requests).toBe(served);
    expect(counts.failures).toBeGreaterThan(0);
  });
});

test('a download that outlives the suspended background is still counted, once', async ({ firefox }) => {
  // Immich itself, no proxy: nginx would hold the answer's headers until its body comes.
  const lab = await startImmichLab();
  try {
    const popup = await openPopup(firefox, lab.url);
    await watchFromPopup(popup);
    const tab = await firefox.newTab();
    await browseTimeline(tab, lab.url);
    const before = await settledCounts(popup);
    const video = videoToHold(lab);

    // Its headers leave at once, its bytes wait: a large video over a slow link. Firefox's `fetch`
    // resolves only once bytes come (measured: 8,008 ms for a body held 8 s, the add-on not watching),
    // so the page starts the download, and the test waits until the lab has received it and Firefox
    // has suspended the background (2 s without an event).
    lab.setFaults({ originalBodiesHeld: true });
    const servedBefore = lab.requestsServed();
    await tab.evaluate((path) => {
      const download = fetch(path, { cache: 'no-store' }).then(async (response) => ({ status: response.status, bytes: (await response.arrayBuffer()).byteLength }));
      Object.assign(globalThis, { heldDownload: download });
    }, video.path);
    await expect.poll(() => timesRequested(lab, servedBefore, video.path)).toBe(1);
    await expect.poll(() => backgroundRunning(popup), { message: 'Firefox suspends the idle background during the download', timeout: 30_000, intervals: [500] }).toBe(false);
    lab.setFaults({ originalBodiesHeld: false });
    const download = await tab.evaluate(() => (globalThis as unknown as { heldDownload: Promise<{ status: number; bytes: number }> }).heldDownload);
    expect(download).toEqual({ status: 200, bytes: video.bytes });
    // Within the 2 s idle timeout, after which it may be suspended again.
    await expect.poll(() => backgroundRunning(popup), { message: 'the end of the download wakes the background', timeout: 2_000, intervals: [100] }).toBe(true);

    // The woken background counts it, once.
    const served = lab.requestsServedSince(servedBefore);
    await expect.poll(async () => (await popupCounts(popup)).requests, { message: served.join(', ') }).toBe(before.requests + served.length);
    const after = await settledCounts(popup);
    expect(after).toEqual({ requests: before.requests + served.length, failures: before.failures });
  } finally {
    await lab.close();
  }
});
