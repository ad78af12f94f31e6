import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buildExport } from '../../utils/export/export-file';
import type { ServerCheckReport } from '../../utils/server-checks/types';
import { ORIGIN } from '../fixtures/responses';
import { sampledLog } from '../fixtures/sampled-log';
import { EXPORT_META, twoCauses } from '../fixtures/two-causes';
import { freePort } from '../lab/proxies';
import { browseTimeline, expect, test } from './fixtures';

declare const chrome: typeof import('wxt/browser').browser;

test('popup on a site not watched yet: it checks the site is Immich, and "Watch this site" starts watching', async ({ extension, startLab }) => {
  const lab = await startLab({ thumbnailsMissing: true });
  const popup = await extension.openPopup(lab.url);
  await expect(popup.locator('main')).toHaveAttribute('data-phase', 'not-watched');
  await expect(popup.locator('.verdict')).toHaveText(/answers like Immich/);
  await popup.click('[data-action="watch"]');
  await expect(popup.locator('main')).toHaveAttribute('data-phase', 'watched');

  // The popup stays live while the user browses: the diagnosis appears without reopening it.
  const tab = await extension.context.newPage();
  await extension.warmUp(lab.url, tab);
  await browseTimeline(tab, lab.url);
  await expect(popup.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'media-file-unreadable');
  await expect(popup.locator('.summary')).toContainText('failed');

  // Reset log empties it and clears the badge.
  await popup.click('[data-action="reset-log"]');
  await expect(popup.locator('section.watched')).toHaveAttribute('data-state', 'waiting');
  await expect(popup.locator('.summary')).toContainText('no requests from this site yet');
  await expect.poll(() => extension.badgeText(tab)).toBe('');
});

test('popup on a site that is not Immich, or not reachable, says so', async ({ extension }) => {
  // Some other web app: every path answers an HTML page.
  const other = createServer((_, response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>Router login</h1>'));
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  try {
    const popup = await extension.openPopup(`http://127.0.0.1:${(other.address() as AddressInfo).port}`);
    await expect(popup.locator('.verdict')).toHaveText(/does not answer like Immich/);
    const unreachable = await extension.openPopup(`http://127.0.0.1:${await freePort()}`);
    await expect(unreachable.locator('.verdict')).toHaveText(/could not reach/);
    await expect(unreachable.locator('[data-action="check-immich"]')).toBeVisible();
  } finally {
    other.close();
  }
});

test('options page: add a site, keep fewer records, see what is stored, stop watching the site: its data goes', async ({ extension, startLab }) => {
  const lab = await startLab({ thumbnailsMissing: true });
  const options = await extension.context.newPage();
  await options.goto(`chrome-extension://${extension.id}/options.html`);
  await options.fill('#origin-input', `${lab.url}/photos`);
  await options.click('[data-action="add-origin"]');
  await expect(options.locator('.origins code')).toHaveText([lab.url]);

  await options.selectOption('[data-action="record-limit"]', '500');
  const tab = await extension.context.newPage();
  await extension.warmUp(lab.url, tab);
  await browseTimeline(tab, lab.url);
  await expect.poll(async () => (await extension.storedLog(lab.url)).limit).toBe(500);
  await expect(options.locator('table')).toContainText(`request log of ${lab.url}`);
  await expect(options.locator('table')).toContainText(`failure records of ${lab.url} (redacted paths, status, who answered)`);

  await options.fill('#origin-input', 'ftp://nas.local');
  await options.click('[data-action="add-origin"]');
  await expect(options.locator('[role="alert"]')).toContainText('not ftp');

  await options.click('[data-action="unwatch"]');
  await options.click('[data-action="confirm-unwatch"]');
  await expect(options.locator('.origins')).toHaveCount(0);
  await expect(options.locator('table')).not.toContainText('request log of');
  await expect(options.locator('table')).not.toContainText('failure records of');
});

test("options page: what is typed in Run checks' settings stays while the page reloads its state, and a refused value says why", async ({ extension }) => {
  const options = await extension.context.newPage();
  await options.goto(`chrome-extension://${extension.id}/options.html`);
  const stored = () => options.evaluate(async () => (await chrome.storage.local.get('serverCheckSettings')).serverCheckSettings as { diskFullPercent?: number; hostMediaPath?: string } | undefined);
  // Any storage change reloads the page's state a second later (followStorage), as a busy site's log does every 2 s.
  const reloadState = async () => {
    await options.evaluate(() => chrome.storage.local.set({ unrelated: Date.now() }));
    await options.waitForTimeout(1500);
  };
  const path = options.locator('[data-setting="host-media-path"]');
  await path.pressSequentially('/srv/immich/lib');
  await reloadState();
  await expect(path).toHaveValue('/srv/immich/lib');
  await path.pressSequentially('rary');
  await path.press('Tab');
  await expect.poll(async () => (await stored())?.hostMediaPath).toBe('/srv/immich/library');

  const percent = options.locator('[data-setting="disk-full-percent"]');
  // Typed key by key, as a user types: Playwright's fill() on a number field did not reach the field's input handler.
  const typePercent = async (text: string) => {
    await percent.focus();
    await percent.press('Control+A');
    await percent.pressSequentially(text);
  };
  await typePercent('40');
  await percent.press('Tab');
  await expect(options.locator('[role="alert"]')).toContainText('Enter a percentage from 50 to 100.');
  await reloadState();
  await expect(percent).toHaveValue('40');
  expect((await stored())?.diskFullPercent).not.toBe(40);
  await typePercent('90');
  await percent.press('Tab');
  await expect.poll(async () => (await stored())?.diskFullPercent).toBe(90);
  await expect(options.locator('[role="alert"]')).toHaveCount(0);
  await options.reload();
  await expect(percent).toHaveValue('90');
  await expect(path).toHaveValue('/srv/immich/library');
});

test("options page: an exported log's Run checks weigh and list as the command line's do; a HAR export says it holds a sample; skipped entries are counted; the same file chosen again is read again", async ({ extension }) => {
  const options = await extension.context.newPage();
  await options.goto(`chrome-extension://${extension.id}/options.html`);
  const input = options.locator('[data-action="analyse-file"]');
  // A storage check against the log's first cause (media-file-unreadable) puts the WebSocket first,
  // as `npm run diagnose` ranks the same file (tests/unit/cli/server-checks.test.ts).
  const checks: ServerCheckReport = {
    origin: ORIGIN,
    ranAt: Date.UTC(2026, 10, 25, 22, 40, 0),
    serverVersion: 'v2.7.5',
    routesBasis: 'version',
    usedApiKey: false,
    results: [{ id: 'storage', status: 'ok', summary: 'The library disk has room: 40% used.', figure: '40.0% of 252.0 GiB used', ms: 35, asked: [], verdicts: [{ cause: 'media-file-unreadable', verdict: 'against', reason: 'the library disk reads fine' }] }],
  };
  const log = buildExport('json', twoCauses(), EXPORT_META, { hideHost: false, hideAssetIds: false }, { serverChecks: checks }).text;
  await input.setInputFiles({ name: 'log.json', mimeType: 'application/json', buffer: Buffer.from(log) });
  const analysis = options.locator('[data-analysis="done"]');
  await expect(analysis.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'websocket-blocked');
  await expect(analysis.locator('[data-analysis-checks]')).toContainText('OK · Storage: The library disk has room: 40% used. [40.0% of 252.0 GiB used] (35 ms)');
  // Emptied once read: the browser fires no change for the same file chosen again.
  await expect(input).toHaveValue('');

  // A HAR export holds a sample of its log: the counts shown are its entries', and it says so.
  const sample = buildExport('har', sampledLog(30, 120, 10), EXPORT_META, { hideHost: false, hideAssetIds: false }).text;
  await input.setInputFiles({ name: 'sample.har', mimeType: 'application/json', buffer: Buffer.from(sample) });
  await expect(analysis.locator('[data-analysis="sample"]')).toHaveText("(this HAR holds 60 of the 150 requests Immich Doctor counted (30 failed): the counts here are of its entries; the extension's JSON export keeps every count)");
  await expect(analysis.locator('.summary')).toContainText('60 requests, 10 failed');

  const har = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/har/chrome-thumbnails-500.har'), 'utf8')) as { log: { entries: Array<{ response: { status: unknown } }> } };
  har.log.entries[0]!.response.status = '500';
  await input.setInputFiles({ name: 'one-bad.har', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(har)) });
  await expect(analysis.locator('.summary')).toContainText('(1 entry without a usable URL or status was skipped)');
  for (const entry of har.log.entries) entry.response.status = 'none';
  await input.setInputFiles({ name: 'all-bad.har', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(har)) });
  await expect(options.locator('[data-analysis="error"]')).toContainText(`all-bad.har: The HAR file has ${har.log.entries.length} entries, each without a usable URL or status.`);
});

test('options page: a HAR file from DevTools gets the same diagnosis view; a broken one a clear message', async ({ extension }) => {
  const options = await extension.context.newPage();
  await options.goto(`chrome-extension://${extension.id}/options.html`);
  const fixtures = join(import.meta.dirname, '../fixtures/har');
  await options.setInputFiles('[data-action="analyse-file"]', join(fixtures, 'chrome-thumbnails-500.har'));
  const analysis = options.locator('[data-analysis="done"]');
  await expect(analysis).toHaveAttribute('data-origin', 'https://photos.example.com');
  await expect(analysis.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'media-file-unreadable');
  await expect(analysis.locator('[data-cause]').first()).toHaveAttribute('data-responder', 'immich');

  const truncated = readFileSync(join(fixtures, 'chrome-thumbnails-500.har')).subarray(0, 2500);
  await options.setInputFiles('[data-action="analyse-file"]', { name: 'cut.har', mimeType: 'application/json', buffer: truncated });
  await expect(options.locator('[data-analysis="error"]')).toContainText('cut.har: The file ends early');
  await options.setInputFiles('[data-action="analyse-file"]', { name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from([0xff, 0xd8, 0xff, 0xe0]) });
  await expect(options.locator('[data-analysis="error"]')).toContainText('photo.jpg: The file is not valid JSON');
});
