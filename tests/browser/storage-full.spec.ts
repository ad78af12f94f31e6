import { expect, test } from './fixtures';

declare const chrome: typeof import('wxt/browser').browser;

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
  await worker.evaluate(async () => {
    const free = chrome.storage.session.QUOTA_BYTES - (await chrome.storage.session.getBytesInUse(null));
    await chrome.storage.session.set({ filler: 'x'.repeat(free - 2048) });
  });

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
