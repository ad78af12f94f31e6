import type { Page } from '@playwright/test';
import { failingExpected, type RunningScenario } from '../../lab/scenarios';
import { withoutCache } from '../fixtures';
import { popupCounts, type AttributeReader } from '../popup-counts';
import { expect, launchRelease, test, type ReleaseExtension } from './fixtures';
import { clickAllow } from './permission-prompt';
import { ToolbarPopup } from './toolbar-popup';

/**
 * The build users install, on their path: no host access at install; the popup's Watch, the browser's
 * own prompt answered with a real click on Allow, then browse at once and read the real popup. Nothing
 * here warms the extension up or waits for Chromium to recycle its worker: a user does neither.
 */

/**
 * Requests the simulated Immich answered for `browse`, until it went quiet. On a first visit that is
 * every request the page made; on a later one, the browser's cache answers some too (webRequest reports
 * those with `fromCache`), so the extension must then see at least this many.
 */
function browseCounting(running: RunningScenario, tab: Page): Promise<number> {
  return running.lab!.servedDuring(() => running.browse(tab));
}

/**
 * Runs `watch`, after which the site's open tab reloads by itself (Watch this site), and counts what
 * the lab served until the reloaded app is done and the lab is quiet.
 */
function reloadedByWatch(running: RunningScenario, tab: Page, watch: () => Promise<unknown>): Promise<number> {
  return running.lab!.servedDuring(async () => {
    const reloaded = tab.waitForEvent('load', { timeout: 20_000 });
    await watch();
    await reloaded;
    await tab.waitForSelector('body[data-state="done"]', { timeout: 20_000 });
  });
}

/** The extension API in the service worker, where `worker.evaluate` runs. */
declare const chrome: typeof import('wxt/browser').browser;

/**
 * The latest requests of the site's stored log (its `recent`, up to 50), as the lab writes its lines:
 * `METHOD path`, without the query.
 */
async function recordedLines(release: ReleaseExtension, origin: string): Promise<string[]> {
  const worker = await release.currentWorker();
  const stored = await worker.evaluate((key) => chrome.storage.session.get(key), `log:${origin}`);
  const recent = JSON.parse((stored[`log:${origin}`] as { recent?: string } | undefined)?.recent ?? '[]') as Array<{ method: string; path: string }>;
  return recent.map(({ method, path }) => `${method} ${path.split('?')[0]}`);
}

/** What `answered` holds that `recorded` lacks, each line as often as it is missing. */
function missingLines(answered: string[], recorded: string[]): string[] {
  const left = [...recorded];
  return answered.filter((line) => {
    const index = left.indexOf(line);
    if (index >= 0) left.splice(index, 1);
    return index < 0;
  });
}

/** Where a count of the lab's requests starts (`tally`): what `popupSettles` names when the popup never gets there. */
interface Tally {
  running: RunningScenario;
  release: ReleaseExtension;
  since: number;
}

/** The lab's count now, on the extension `release`: its requests from here on are the ones to be recorded. */
const tally = (running: RunningScenario, release: ReleaseExtension): Tally => ({ running, release, since: running.lab!.requestsServed() });

/**
 * Waits until the popup (live while open) shows at least `requests` requests, then returns its counts.
 * One that never gets there names the requests the site's log lacks, from the lab's lines since
 * `from` (seen in CI, in two tests: 24 of 25 recorded).
 */
async function popupSettles(popup: AttributeReader, requests: number, from: Tally) {
  try {
    await expect.poll(async () => (await popupCounts(popup)).requests, { timeout: 15_000 }).toBeGreaterThanOrEqual(requests);
  } catch (error) {
    const answered = from.running.lab!.requestsServedSince(from.since);
    const recorded = await recordedLines(from.release, from.running.origin);
    throw new Error(`the popup counts ${(await popupCounts(popup)).requests} of the ${requests} requests the lab answered; the log lacks ${missingLines(answered, recorded).join(', ') || 'none of them by name'} (the lab answered: ${answered.join(', ')}; the log's latest: ${recorded.join(', ')})`, { cause: error });
  }
  return popupCounts(popup);
}

test('a failing site is diagnosed from the first page browsed after the grant, with no request lost', async ({ release, startScenario }) => {
  const expected = failingExpected('thumbnails-missing', 'chromium');
  const running = await startScenario('thumbnails-missing');
  const popup = await release.openPopup(running.origin);
  await expect(popup.locator('[data-state="not-watched"]')).toBeVisible();
  const { prompted } = await release.watchFromPopup(popup, running.origin);
  expect(prompted).toBe(true);

  const tab = await release.context.newPage();
  const from = tally(running, release);
  const served = await browseCounting(running, tab);
  expect(served).toBeGreaterThan(10);
  // Every request Immich answered was recorded: nothing of the first page was lost.
  expect((await popupSettles(popup, served, from)).requests).toBe(served);
  const first = popup.locator('[data-cause]').first();
  await expect(first).toHaveAttribute('data-cause', expected.cause);
  await expect(first).toHaveAttribute('data-responder', expected.responder);
  // The badge counts this tab's failed media.
  expect(Number(await release.badgeText(tab))).toBeGreaterThan(0);
});

test('Watch → Allow with the site already open: its tab reloads by itself, once, and the open popup shows every request of it', async ({ release, startScenario }) => {
  const running = await startScenario('thumbnails-missing');
  const tab = await release.context.newPage();
  // The user is signed in on their Immich before Immich Doctor may see it: nothing of this is recorded.
  await running.browse(tab);
  // Every request of the reload reaches the lab: its count is exact.
  await withoutCache(tab);
  let loads = 0;
  tab.on('load', () => loads++);
  const popup = await release.openPopup(running.origin);
  await expect(popup.locator('[data-state="not-watched"]')).toBeVisible();
  const from = tally(running, release);
  const served = await reloadedByWatch(running, tab, () => release.watchFromPopup(popup, running.origin));
  expect(served).toBeGreaterThan(10);
  // The user reloaded nothing and kept the popup open: it shows the reload's requests as they arrive.
  expect(popup.isClosed()).toBe(false);
  expect((await popupSettles(popup, served, from)).requests).toBe(served);
  await expect(popup.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'media-file-unreadable');
  // The grant reached the background twice (the browser's onAdded, the popup's message): one reload.
  expect(loads).toBe(1);
});

test('a healthy site records its requests at once, and keeps recording after the worker is stopped and woken', async ({ release, startScenario }) => {
  const running = await startScenario('healthy');
  const popup = await release.openPopup(running.origin);
  await release.watchFromPopup(popup, running.origin);
  const tab = await release.context.newPage();
  const from = tally(running, release);
  const first = await browseCounting(running, tab);
  expect((await popupSettles(popup, first, from)).requests).toBe(first);
  await expect(popup.locator('section.watched')).toHaveAttribute('data-state', 'healthy');

  // Chromium stops an idle worker after 30 s; the next request starts a new one, which must record it.
  // The cache is off for this second visit, so every request reaches the server and the count is exact.
  await withoutCache(tab);
  await release.stopWorker(tab);
  const second = await browseCounting(running, tab);
  const after = await popupSettles(popup, first + second, from);
  expect(after.requests).toBe(first + second);
  await expect(popup.locator('section.watched')).toHaveAttribute('data-state', 'healthy');
});

test('Stop watching, then Watch again: the access comes back and recording resumes', async ({ release, startScenario }) => {
  const running = await startScenario('thumbnails-missing');
  let popup = await release.openPopup(running.origin);
  await release.watchFromPopup(popup, running.origin);
  const tab = await release.context.newPage();
  await browseCounting(running, tab);

  await popup.bringToFront();
  await popup.click('[data-action="unwatch"]');
  await popup.click('[data-action="confirm-unwatch"]');
  await expect(popup.locator('[data-state="not-watched"]')).toBeVisible();
  await expect.poll(() => release.hasAccess(running.origin)).toBe(false);

  await popup.close();
  popup = await release.openPopup(running.origin);
  await withoutCache(tab);
  // Watch reloads the open tab by itself. The log started over with Stop watching: it holds that reload only.
  // Seen twice in CI: 24 of 25 recorded; a next failure names the request the log lacks.
  const from = tally(running, release);
  const served = await reloadedByWatch(running, tab, () => release.watchFromPopup(popup, running.origin));
  expect((await popupSettles(popup, served, from)).requests).toBe(served);
  await expect(popup.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'media-file-unreadable');
});

test('access revoked in the browser: the popup says so and grants it again', async ({ release, startScenario }) => {
  const running = await startScenario('thumbnails-missing');
  const popup = await release.openPopup(running.origin);
  await release.watchFromPopup(popup, running.origin);
  await expect(popup.locator('[data-state="access-missing"]')).toHaveCount(0);

  await release.revokeInBrowser(running.origin);
  // The open popup follows permissions.onRemoved; a popup opened now says the same.
  await expect(popup.locator('[data-state="access-missing"]')).toBeVisible();
  const reopened = await release.openPopup(running.origin);
  await expect(reopened.locator('[data-state="access-missing"]')).toContainText('no longer has access');
  // The options page's dashboard says it of that site's row too.
  const options = await release.context.newPage();
  await options.goto(`chrome-extension://${release.id}/options.html`);
  const row = options.locator(`[data-site="${running.origin}"]`);
  await expect(row.locator('[data-state="access-missing"]')).toContainText('No access to this site any more');
  await options.screenshot({ path: '.output/screenshots/options-access-missing.png', fullPage: true });
  const tab = await release.context.newPage();
  await withoutCache(tab);
  expect(await browseCounting(running, tab)).toBeGreaterThan(10);
  // The background writes what it saw every 500 ms: give it several rounds before reading "nothing".
  await reopened.waitForTimeout(2_000);
  expect((await popupCounts(reopened)).requests).toBe(0);

  await release.watchFromPopup(reopened, running.origin);
  await expect(reopened.locator('[data-state="access-missing"]')).toHaveCount(0);
  // The dashboard follows the grant (permissions.onAdded), without a reload.
  await expect(row.locator('[data-state="access-missing"]')).toHaveCount(0);
  const from = tally(running, release);
  const served = await browseCounting(running, tab);
  expect((await popupSettles(reopened, served, from)).requests).toBe(served);
});

test('after a browser restart the grant and the watched site remain, and the first page is recorded', async ({ release, display, profile, startScenario }, testInfo) => {
  const running = await startScenario('thumbnails-missing');
  const popup = await release.openPopup(running.origin);
  await release.watchFromPopup(popup, running.origin);
  await release.context.close();

  const restarted = await launchRelease(display, profile, testInfo.outputDir);
  try {
    const tab = await restarted.context.newPage();
    const from = tally(running, restarted);
    const served = await browseCounting(running, tab);
    const reopened = await restarted.openPopup(running.origin);
    await expect(reopened.locator('main')).toHaveAttribute('data-phase', 'watched');
    await expect(reopened.locator('[data-state="access-missing"]')).toHaveCount(0);
    expect((await popupSettles(reopened, served, from)).requests).toBe(served);
    await expect(reopened.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'media-file-unreadable');
  } finally {
    await restarted.context.close();
  }
});

test('the real toolbar popup: activeTab recognises Immich before any grant, Watch → Allow, diagnosis', async ({ release, display, startScenario }, testInfo) => {
  const running = await startScenario('thumbnails-missing');
  const tab = await release.context.newPage();
  // The user is on their Immich tab (signed out: the app's own requests fail before any grant).
  await tab.goto(`${running.origin}/photos`);
  let popup = await ToolbarPopup.open(release, display, tab);
  // The lab's /api/server/ping sends no CORS headers, like Immich's: only activeTab lets the popup read it.
  await popup.waitFor('.verdict-immich');
  expect(await popup.text('.verdict')).toContain('answers like Immich');
  // Chrome closes the popup when its permission dialog opens; the background finishes the watch, and
  // reloads the tab the user is on.
  const reloaded = tab.waitForEvent('load', { timeout: 20_000 });
  await popup.click('[data-action="watch"]');
  await clickAllow(display, testInfo.outputPath('permission-prompt.png'));
  await expect.poll(() => release.hasAccess(running.origin)).toBe(true);
  await reloaded;

  const from = tally(running, release);
  const served = await browseCounting(running, tab);
  popup = await ToolbarPopup.open(release, display, tab);
  await popup.waitFor('[data-cause]');
  expect(await popup.getAttribute('main', 'data-phase')).toBe('watched');
  // The tab loaded the app once before: the browser's cache answers a few requests too. The popup may
  // open between two batches (2 s apart while requests arrive): wait for the last one.
  await popupSettles(popup, served, from);
  expect(await popup.getAttribute('[data-cause]', 'data-cause')).toBe('media-file-unreadable');

  // Test again from the real toolbar popup reloads the tab it was opened on, and the popup stays open.
  const reloadedAgain = tab.waitForEvent('load', { timeout: 20_000 });
  await popup.click('[data-action="test-again"]');
  await reloadedAgain;
  await popup.waitFor('section.test-again[data-test-again="still-failing"]', 30_000);
  await popup.close();
});
