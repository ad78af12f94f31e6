import { startImmichLab } from '../../lab/immich-server';
import { browseTimeline } from '../../lab/scenarios';
import { timesRequested, videoToHold } from '../held-download';
import { popupCounts, settledCounts } from '../popup-counts';
import { expect, openPopup, test, watchFromPopup } from './fixtures';
import type { FirefoxTab } from './tab';

/** The extension's API in its own pages (the popup runs in a moz-extension:// tab). */
declare const browser: typeof import('wxt/browser').browser;

/** Firefox suspends an idle MV3 background page after this long (30 s by default). */
const IDLE_TIMEOUT_MS = 2000;
test.use({ firefoxPrefs: { 'extensions.background.idle.timeout': IDLE_TIMEOUT_MS } });

/** Whether the add-on's background page is running, as Firefox reports it (`runtime.getContexts`). */
function backgroundRunning(popup: FirefoxTab): Promise<boolean> {
  return popup.evaluate(async () => (await browser.runtime.getContexts({ contextTypes: ['BACKGROUND'] })).length > 0);
}

test('after Firefox suspends the idle background, the next request wakes it and nothing is lost', async ({ playScenario }) => {
  const { running, popup, tab } = await playScenario('thumbnails-missing');
  const before = await settledCounts(popup);
  await expect.poll(() => popup.getAttribute('[data-cause]', 'data-cause')).toBe('media-file-unreadable');

  await expect.poll(() => backgroundRunning(popup), { message: 'Firefox suspends the idle background', timeout: 30_000, intervals: [500] }).toBe(false);

  // One navigation wakes it: the waking requests themselves must be counted, on top of the old log.
  const servedBefore = running.lab!.requestsServed();
  await tab.goto(`${running.origin}/api/server/ping?after-suspend=1`);
  const served = running.lab!.requestsServed() - servedBefore;
  expect(served).toBeGreaterThan(0);
  // Asked at once: with a 2 s idle timeout, it may be suspended again before the counts settle (2.5 s reads).
  expect(await backgroundRunning(popup)).toBe(true);
  const woken = await settledCounts(popup);
  // At least what reached the lab: a request the service worker also fetched is reported twice.
  const reachedLab = running.lab!.requestsServedSince(servedBefore).join(', ');
  expect(woken.requests, `${before.requests} requests before the suspension; the lab answered since: ${reachedLab}`).toBeGreaterThanOrEqual(before.requests + served);
  expect(woken.failures).toBe(before.failures);

  // The user goes on browsing: new failures add to the same log and the diagnosis holds.
  await running.browse(tab);
  const after = await settledCounts(popup);
  expect(after.failures).toBeGreaterThan(woken.failures);
  await expect.poll(() => popup.getAttribute('[data-cause]', 'data-cause')).toBe('media-file-unreadable');
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
