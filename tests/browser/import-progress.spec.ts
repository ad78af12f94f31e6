import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './fixtures';

/**
 * Issue 9, item 3: a large HAR dropped on the options page is read off the page's main thread, with
 * its progress shown and a Cancel that stops it. Before, a 200 MB HAR blocked the page for one 4.1 s
 * task with "Reading…" and nothing else.
 */

/** A HAR of about `megabytes` MB of failing thumbnails, written block by block. */
function writeLargeHar(path: string, megabytes: number): void {
  const entry = JSON.stringify({
    startedDateTime: '2026-11-25T12:00:00.000Z',
    request: { method: 'GET', url: 'https://photos.example.com/api/assets/0b1c2d3e-0000-4000-8000-000000000000/thumbnail?size=thumbnail', headers: [{ name: 'Accept', value: 'image/avif,image/webp,*/*' }] },
    response: { status: 500, headers: [{ name: 'X-Immich-Cid', value: 'b9b1c0c2' }, { name: 'Content-Type', value: 'application/json' }], content: { size: 72, mimeType: 'application/json' } },
    _resourceType: 'image',
  });
  const block = Buffer.from(`${Array.from({ length: Math.ceil(1e6 / entry.length) }, () => entry).join(',')},`);
  const file = openSync(path, 'w');
  writeSync(file, '{"log":{"version":"1.2","creator":{"name":"test","version":"1"},"entries":[');
  for (let written = 0; written < megabytes * 1e6; written += block.length) writeSync(file, block);
  writeSync(file, `${entry}]}}`);
  closeSync(file);
}

/**
 * The longest task the page's main thread ran over the next `ms` (the Long Tasks API reports every
 * task over 50 ms: https://w3c.github.io/longtasks/), after running one of `calibrateMs` itself: what
 * a user feels as a frozen page. Not a timer's delay: with two tests at a time on two cores, the
 * reader's worker and the other test's browser delay the page's timers by 300 ms and more while its
 * main thread is idle (measured: 331 ms), which says nothing about this page. The calibration task
 * shows that the browser reports long tasks at all, so an empty report cannot pass for a free thread.
 */
const longestTask = ({ ms, calibrateMs }: { ms: number; calibrateMs: number }) =>
  new Promise<{ calibration: number; longest: number }>((resolve) => {
    const tasks: Array<{ startTime: number; duration: number }> = [];
    const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries()));
    observer.observe({ type: 'longtask' });
    // In a task of its own: the one running this evaluation (DevTools') is not reported.
    let calibratedAt = Number.NaN;
    setTimeout(() => {
      calibratedAt = performance.now();
      while (performance.now() < calibratedAt + calibrateMs);
    }, 0);
    setTimeout(() => {
      // Entries are delivered to the callback later: those still queued are taken now.
      tasks.push(...observer.takeRecords());
      observer.disconnect();
      const isCalibration = (task: { startTime: number; duration: number }) => task.startTime <= calibratedAt && calibratedAt <= task.startTime + task.duration;
      resolve({
        calibration: Math.max(0, ...tasks.filter(isCalibration).map((task) => task.duration)),
        longest: Math.max(0, ...tasks.filter((task) => !isCalibration(task)).map((task) => task.duration)),
      });
    }, calibrateMs + ms);
  });

test('options page: a large HAR is read with progress, the page stays responsive, and Cancel stops it', async ({ extension }) => {
  const dir = mkdtempSync(join(tmpdir(), 'large-har-'));
  try {
    const har = join(dir, 'large.har');
    writeLargeHar(har, 150);
    const options = await extension.context.newPage();
    await options.goto(`chrome-extension://${extension.id}/options.html`);
    await options.setInputFiles('[data-action="analyse-file"]', har);

    const reading = options.locator('[data-analysis="reading"]');
    await expect(reading).toContainText('large.har');
    const progress = reading.locator('progress');
    // Progress moves: some bytes read, not all.
    await expect.poll(async () => Number(await progress.getAttribute('value')), { timeout: 20_000 }).toBeGreaterThan(0);
    const total = Number(await progress.getAttribute('max'));
    expect(total).toBeGreaterThan(150e6);

    // Responsive while it reads: no long task on the page's main thread (before: one 4.1 s task).
    const { calibration, longest } = await options.evaluate(longestTask, { ms: 1500, calibrateMs: 300 });
    expect(calibration, 'the browser reports a long task').toBeGreaterThanOrEqual(300);
    expect(longest).toBeLessThan(250);
    const readSoFar = Number(await progress.getAttribute('value'));
    expect(readSoFar).toBeLessThan(total);
    await expect(reading).toContainText(/[\d.]+ of [\d.]+ MB/);

    await options.click('[data-action="cancel-import"]');
    await expect(options.locator('[data-analysis="cancelled"]')).toContainText('Stopped reading large.har');
    await expect(reading).toHaveCount(0);
    // Stopped for good: no diagnosis arrives later.
    await options.waitForTimeout(1000);
    await expect(options.locator('[data-analysis="done"]')).toHaveCount(0);

    // The next file is read as usual.
    await options.setInputFiles('[data-action="analyse-file"]', join(import.meta.dirname, '../fixtures/har/chrome-thumbnails-500.har'));
    await expect(options.locator('[data-analysis="done"]')).toHaveAttribute('data-origin', 'https://photos.example.com');
    await expect(options.locator('[data-analysis="cancelled"]')).toHaveCount(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
