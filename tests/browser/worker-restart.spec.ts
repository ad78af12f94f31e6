import { browseTimeline, expect, test } from './fixtures';
import { timesRequested, videoToHold } from './held-download';

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
  // Polled: the page's load can end before the browser hands the ping's end to the worker, and a flush
  // then has not seen it yet (seen once in CI: 4 for 5). The count must reach it, and not pass it.
  await expect.poll(async () => (await extension.storedLog(running.origin)).counters.api?.ok?.immich).toBe(apiOkBefore + 1);

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

test('a download that outlives the worker is still counted, once, with its status', async ({ extension, startLab }) => {
  // Immich itself, no proxy: nginx (proxy_buffering on) holds an answer's headers until its body comes
  // (measured with this lab fault: curl's first byte at 8 ms direct, at the body's release through nginx).
  const lab = await startLab();
  const tab = await extension.context.newPage();
  await extension.watch(lab.url);
  await extension.warmUp(lab.url, tab);
  await browseTimeline(tab, lab.url);
  const before = await extension.storedLog(lab.url);
  const video = videoToHold(lab);

  // Its headers arrive, its bytes wait: a large video over a slow link. Chromium's fetch resolves
  // with the headers, which the browser hands to webRequest before the page.
  lab.setFaults({ originalBodiesHeld: true });
  const servedBefore = lab.requestsServed();
  const status = await tab.evaluate(async (path) => {
    const response = await fetch(path, { cache: 'no-store' });
    Object.assign(globalThis, { heldDownload: response });
    return response.status;
  }, video.path);
  expect(status).toBe(200);
  // Chrome stops a worker after 30 s without an event: here, in the middle of the download.
  await extension.stopWorker(tab);
  lab.setFaults({ originalBodiesHeld: false });
  const bytes = await tab.evaluate(async () => (await (globalThis as unknown as { heldDownload: Response }).heldDownload.arrayBuffer()).byteLength);
  expect(bytes).toBe(video.bytes);

  // Its end wakes a new worker, which counts it. That worker never had its headers (they went with
  // the stopped one), so who answered is not known (utils/capture/listeners.ts); the status came with
  // the end.
  expect(timesRequested(lab, servedBefore, video.path)).toBe(1);
  const served = lab.requestsServedSince(servedBefore);
  const after = await extension.storedLog(lab.url);
  expect(after.total, served.join(', ')).toBe(before.total + served.length);
  expect(after.failed).toBe(before.failed);
  expect(after.counters.video?.ok?.unknown ?? 0).toBe((before.counters.video?.ok?.unknown ?? 0) + 1);
  const recorded = after.recent.filter((record) => record.kind === 'video').at(-1);
  expect(recorded).toMatchObject({ path: video.path, status: 200, responder: 'unknown', failure: false });
});
