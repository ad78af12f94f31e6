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
 * The longest the page's main thread goes without running a 10 ms timer, over `ms`: what a user feels
 * as a frozen page (a task that blocks the thread delays every timer behind it).
 */
const longestStall = (ms: number) =>
  new Promise<number>((resolve) => {
    let longest = 0;
    let last = performance.now();
    const stop = last + ms;
    const tick = () => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      if (now < stop) setTimeout(tick, 10);
      else resolve(longest);
    };
    setTimeout(tick, 10);
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

    // Responsive while it reads: the page's timers keep running (before: one 4.1 s task).
    expect(await options.evaluate(longestStall, 1500)).toBeLessThan(250);
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
