import { expect, test } from '@playwright/test';
import type { RawRequest } from '../../utils/classify/classify-request';
import { launchWithExtension, type Extension } from '../browser/fixtures';
import { rawRequestPool } from './synthetic-traffic';
import { median } from './median';

/**
 * What the background's storage costs where the browser counts it: ten watched sites, each fed
 * 100,000 synthetic requests (the engine bench's mix: a third of them fail) through the real recorder
 * of the test build, in batches of 2,000 as the 500 ms flush would write them; then the bytes Chromium
 * counts per site (`storage.session.getBytesInUse`, the quota's own measure) and for all ten against
 * the 10 MB quota, and the time each batch took to save. The byte figures are exact, so they are
 * asserted (issue 9: at most 1 MB per site, ten sites with room to spare); times are only reported.
 */
const SITES = 10;
const REQUESTS = 100_000;
const BATCH = 2000;
const origins = Array.from({ length: SITES }, (_, index) => `https://photos-${index}.example.com`);

/** What the test build's worker exposes (entrypoints/background.ts). */
interface TestHook {
  recorder: {
    flush(): Promise<void>;
    onHeadersReceived(event: unknown): void;
    onCompleted(event: unknown): void;
    onErrorOccurred(event: unknown): void;
    logOf(origin: string): { total: number; failed: number; failures: unknown[] } | undefined;
  };
  watchOrigin(origin: string): Promise<{ ok: boolean; message?: string }>;
}
declare const immichDoctorTest: TestHook;
declare const chrome: typeof import('wxt/browser').browser;

/** Feeds one site `REQUESTS` requests, cycling the pool, and gives how long each batch took to save. */
async function feed(extension: Extension, origin: string, pool: RawRequest[]): Promise<number[]> {
  const worker = await extension.currentWorker();
  return worker.evaluate(
    async ([target, requests, total, batch]) => {
      const saves: number[] = [];
      for (let sent = 0; sent < total; ) {
        for (const end = sent + batch; sent < end; sent += 1) {
          const raw = requests[sent % requests.length]!;
          const event = { ...raw, url: target + new URL(raw.url).pathname + new URL(raw.url).search, initiator: target, requestId: String(sent), timeStamp: Date.now() };
          // As the browser reports them (tests/fixtures/web-request.ts): an answer's headers, then its end without them.
          if (raw.error) immichDoctorTest.recorder.onErrorOccurred(event);
          else {
            immichDoctorTest.recorder.onHeadersReceived(event);
            immichDoctorTest.recorder.onCompleted({ ...event, responseHeaders: undefined });
          }
        }
        const start = performance.now();
        await immichDoctorTest.recorder.flush();
        saves.push(performance.now() - start);
      }
      return saves;
    },
    [origin, pool, REQUESTS, BATCH] as const,
  );
}

test('storage: bytes per site after 100,000 requests, ten sites in the quota', async () => {
  test.setTimeout(600_000);
  const pool = rawRequestPool(1000);
  const extension = await launchWithExtension();
  try {
    const worker = await extension.currentWorker();
    for (const origin of origins) {
      const watched = await worker.evaluate((target) => immichDoctorTest.watchOrigin(target), origin);
      if (!watched.ok) throw new Error(`could not watch ${origin}: ${watched.message}`);
    }
    const saves: number[] = [];
    for (const origin of origins) saves.push(...(await feed(extension, origin, pool)));
    const usage = await (await extension.currentWorker()).evaluate(async (targets) => {
      const all = await chrome.storage.session.get(null);
      const perSite = await Promise.all(
        targets.map((origin) => chrome.storage.session.getBytesInUse(Object.keys(all).filter((key) => key.endsWith(origin) || key.includes(`${origin}#`) || key.includes(`${origin}$`)))),
      );
      const logs = targets.map((origin) => immichDoctorTest.recorder.logOf(origin)!);
      return { perSite, total: await chrome.storage.session.getBytesInUse(null), quota: chrome.storage.session.QUOTA_BYTES, logs: logs.map(({ total, failed, failures }) => ({ total, failed, kept: failures.length })) };
    }, origins);
    for (const log of usage.logs) expect(log.total).toBe(REQUESTS);
    const stored = await Promise.all(origins.map((origin) => extension.storedLog(origin)));
    for (const log of stored) expect(log.total).toBe(REQUESTS);

    const kB = (bytes: number) => `${Math.round(bytes / 1024)} kB`;
    console.log(
      [
        `storage.session after ${REQUESTS.toLocaleString('en')} requests per site, ${SITES} sites (Chromium's count):`,
        `  per site: median ${kB(median(usage.perSite))}, largest ${kB(Math.max(...usage.perSite))} (target ≤ 1,024 kB)`,
        `  failure records kept per site: ${usage.logs[0]!.kept} of ${usage.logs[0]!.failed} failures (limit 2,000; the counters are exact)`,
        `  all ${SITES} sites: ${kB(usage.total)} of the ${kB(usage.quota)} quota (${Math.round((100 * usage.total) / usage.quota)}%)`,
        `  saving one batch of ${BATCH.toLocaleString('en')} requests: median ${median(saves).toFixed(1)} ms over ${saves.length} batches`,
      ].join('\n'),
    );
    expect(Math.max(...usage.perSite)).toBeLessThanOrEqual(1024 * 1024);
    expect(usage.total).toBeLessThan(0.9 * usage.quota);
  } finally {
    await extension.context.close();
  }
});
