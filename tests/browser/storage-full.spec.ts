import type { Worker } from '@playwright/test';
import { expect, test, type TestHook } from './fixtures';

declare const chrome: typeof import('wxt/browser').browser;
declare const immichDoctorTest: TestHook;

/** Fills `storage.session`'s quota, in the worker, with one `filler` item that leaves `room` bytes free. */
function fillStorageLeaving(worker: Worker, room: number): Promise<void> {
  return worker.evaluate(async (left) => {
    const free = chrome.storage.session.QUOTA_BYTES - (await chrome.storage.session.getBytesInUse(null));
    await chrome.storage.session.set({ filler: 'x'.repeat(free - left) });
  }, room);
}

/**
 * storage.session full (its 10 MB quota is shared by every site and by anything else the extension
 * keeps there): the save is refused, the popup says so and keeps counting, and once there is room
 * again the log is saved complete and the popup says that too.
 */
test('a save the full storage refuses is shown in the popup, retried, and then saved complete', async ({ extension, playScenario }) => {
  const { running, tab } = await playScenario('thumbnails-missing');
  const before = await extension.storedLog(running.origin);
  const worker = await extension.currentWorker();
  // Fill the quota but for room for a notice (a few hundred bytes), not for a log's head and summary.
  await fillStorageLeaving(worker, 2048);

  await tab.reload();
  await tab.waitForSelector('body[data-state="done"]');
  const popup = await extension.openPopup(running.origin);
  const notice = popup.locator('.notice');
  await expect(notice).toContainText("Saving this site's log failed at");
  await expect(notice).toContainText('quota');
  // What the popup shows is what was saved before: the stored log did not change.
  expect((await worker.evaluate((origin) => chrome.storage.session.get(`log:${origin}`), running.origin))[`log:${running.origin}`]).toMatchObject({ total: before.total });

  await worker.evaluate(() => chrome.storage.session.remove('filler'));
  // Retried on its own (within 30 s): saved complete, and the notice says when.
  await expect(notice).toContainText('it was saved again at', { timeout: 40_000 });
  const after = await extension.storedLog(running.origin);
  expect(after.total).toBeGreaterThan(before.total);
  expect(after.failed).toBeGreaterThan(before.failed);
  await expect(popup.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'media-file-unreadable');
});

/**
 * The quota filled with the site's own failure records as much as with anything else, and nobody
 * making room: the retries, each with half the byte budget, drop the site's oldest records until its
 * save fits, and remove them before writing (utils/state/log-store.ts). Before, the writes came first,
 * storage refused every one, and the log was never saved again.
 */
test("a full storage and nobody making room: the site's oldest failure records go, and its log is saved again, counts exact", async ({ extension, playScenario }) => {
  const { running, tab } = await playScenario('thumbnails-missing');
  const worker = await extension.currentWorker();
  // 600 more failing thumbnails of the site, fed as the browser reports them: six pages of records.
  await worker.evaluate(async (origin) => {
    for (let index = 0; index < 600; index += 1) {
      const event = {
        url: `${origin}/api/assets/3f2a9c1e-5b7d-4e8f-9a0b-${String(index).padStart(12, '0')}/thumbnail?size=thumbnail`,
        method: 'GET',
        type: 'image',
        statusCode: 500,
        responseHeaders: [{ name: 'x-immich-cid', value: `fed-${index}` }, { name: 'content-type', value: 'application/json; charset=utf-8' }],
        initiator: origin,
        requestId: `fed-${index}`,
        timeStamp: Date.now(),
        tabId: -1,
      };
      immichDoctorTest.recorder.onHeadersReceived(event);
      immichDoctorTest.recorder.onCompleted({ ...event, responseHeaders: undefined });
    }
    await immichDoctorTest.recorder.flush();
  }, running.origin);
  const before = await extension.storedLog(running.origin);
  expect(before.failures.length).toBeGreaterThan(500);
  // Room for a notice, not for the newest page's growth; the filler stays to the end.
  await fillStorageLeaving(worker, 1024);

  await tab.reload();
  await tab.waitForSelector('body[data-state="done"]');
  const popup = await extension.openPopup(running.origin);
  await expect(popup.locator('.notice')).toContainText('it was saved again at', { timeout: 40_000 });
  const after = await extension.storedLog(running.origin);
  expect(after.total).toBeGreaterThan(before.total);
  expect(after.failed).toBeGreaterThan(before.failed);
  expect(after.failures.length).toBeLessThan(before.failures.length);
  expect(after.dropped).toBe(after.failed - after.failures.length);
  expect(await worker.evaluate(async () => ((await chrome.storage.session.get('filler')).filler as string | undefined)?.length)).toBeGreaterThan(1_000_000);
});
