import { expect, test } from './fixtures';

test('a service-worker restart in the middle of a scenario loses nothing', async ({ extension, playScenario }) => {
  const { running, tab } = await playScenario('thumbnails-missing');
  const before = await extension.storedLog(running.origin);
  expect(before.failed).toBeGreaterThanOrEqual(12);
  const firstWorker = await extension.currentWorker();
  await firstWorker.evaluate(() => Object.assign(globalThis, { startedBeforeRestart: true }));

  await extension.stopWorker(tab);
  // One API request wakes a new worker: it must read the stored log first, then count this request.
  const apiOkBefore = before.counters.api?.ok?.immich ?? 0;
  await tab.goto(`${running.origin}/api/server/ping?after-restart=1`);
  const worker = await extension.currentWorker();
  expect(await worker.evaluate(() => 'startedBeforeRestart' in globalThis)).toBe(false);
  const woken = await extension.storedLog(running.origin);
  expect(woken.counters.api?.ok?.immich).toBe(apiOkBefore + 1);

  // The user goes on browsing.
  await tab.goto(`${running.origin}/photos?viewer=1`);
  await tab.waitForSelector('body[data-state="done"]');
  const after = await extension.storedLog(running.origin);
  expect(after.since).toBe(before.since);
  expect(after.total).toBeGreaterThan(before.total);
  expect(after.failed).toBeGreaterThan(before.failed);
  for (const [kind, byOutcome] of Object.entries(before.counters)) {
    for (const [outcome, byResponder] of Object.entries(byOutcome ?? {})) {
      for (const [responder, count] of Object.entries(byResponder ?? {})) {
        const now = (after.counters as Record<string, Record<string, Record<string, number>>>)[kind]?.[outcome]?.[responder] ?? 0;
        expect(now, `${kind} ${outcome} ${responder}`).toBeGreaterThanOrEqual(count as number);
      }
    }
  }
  const popup = await extension.openPopup(running.origin);
  await expect(popup.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'media-file-unreadable');
});
