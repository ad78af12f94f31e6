import { diagnose } from '../../utils/diagnose/diagnose';
import { browseTimeline, expect, test } from './fixtures';

test('thumbnails missing on disk, behind nginx: the background diagnoses media-file-unreadable (thumbnails, Immich)', async ({ extension, startLab, startNginx }) => {
  const lab = await startLab();
  const proxy = await startNginx(`127.0.0.1:${lab.port}`);
  const page = await extension.context.newPage();
  await extension.watch(proxy.url);
  await extension.warmUp(proxy.url, page);

  lab.setFaults({ thumbnailsMissing: true });
  await browseTimeline(page, proxy.url, '?viewer=0');
  // The viewer asks for the preview (also generated, also gone) and the original (still on disk).
  await page.goto(`${proxy.url}/photos?viewer=1`);
  await page.waitForSelector('body[data-state="done"]');

  const log = await extension.storedLog(proxy.url);
  const report = diagnose(log);
  const top = report.diagnoses[0];
  expect(top, JSON.stringify(report.diagnoses.map((d) => [d.cause, d.confidence]))).toBeDefined();
  expect(top).toMatchObject({ cause: 'media-file-unreadable', scope: 'thumbnails', responder: 'immich' });
  // Every one of the 12 timeline thumbnails failed at least once; the original loaded.
  const failedThumbnails = top!.evidence.failing.filter((line) => line.kind === 'thumbnail').reduce((sum, line) => sum + line.count, 0);
  expect(failedThumbnails).toBeGreaterThanOrEqual(12);
  expect(top!.evidence.healthy.find((line) => line.kind === 'original')).toMatchObject({ ok: expect.any(Number) });
  expect(top!.evidence.healthy.find((line) => line.kind === 'original')!.ok).toBeGreaterThan(0);
  // Immich's service worker re-fetched the thumbnails itself (tabId -1): attributed by origin, not tab.
  expect(log.failures.some((failure) => failure.tabId === -1)).toBe(true);
  // Nothing outside the watched origin, nor the extension's own pages, was recorded.
  expect(log.failures.every((failure) => failure.origin === proxy.url)).toBe(true);
  // nginx forwarded Immich's answers; the failures are Immich's own, seen through the proxy.
  expect(log.failures.every((failure) => failure.responder === 'immich' && failure.via === 'nginx')).toBe(true);
  // The toolbar badge on the Immich tab counts the failed media.
  await expect.poll(() => extension.badgeText(page)).toMatch(/^\d+$/);
  expect(Number(await extension.badgeText(page))).toBeGreaterThanOrEqual(12);
});

test('a healthy Immich gives no diagnosis and no badge', async ({ extension, startLab }) => {
  const lab = await startLab();
  const page = await extension.context.newPage();
  await extension.watch(lab.url);
  await extension.warmUp(lab.url, page);

  await browseTimeline(page, lab.url, '?viewer=1&video=1');
  const log = await extension.storedLog(lab.url);
  expect(log.total).toBeGreaterThan(15);
  expect(diagnose(log)).toMatchObject({ healthy: true, diagnoses: [] });
  // The socket.io WebSocket is seen (it needs its own ws:// grant) and answered by Immich.
  expect(log.counters.websocket?.ok?.immich).toBeGreaterThan(0);
  expect(log.counters.video?.ok?.immich).toBeGreaterThan(0);
  expect(await extension.badgeText(page)).toBe('');
});
