import type { Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { LAB_ADMIN_API_KEY } from '../../lab/immich-server';
import { exportFrom } from '../exports';
import { cardCheckLines, finishedCheckRows, signInAndBrowse, startCheckedSite, type CheckedSite, type CheckRow } from '../checked-site';
import { popupCounts, settledCounts } from '../popup-counts';
import { expect, test, type ReleaseExtension } from './fixtures';
import { clickAllow } from './permission-prompt';

/**
 * *Run checks* in the build users install: the popup asks the simulated Immich itself, with the
 * session the user's login in a tab left (measured to reach the extension's requests:
 * session-cookie.spec.ts), and the real popup shows what each check found.
 */

/** The extension API in the service worker, where `worker.evaluate` runs. */
declare const chrome: typeof import('wxt/browser').browser;

let site: CheckedSite | undefined;
test.afterEach(async () => {
  await site?.stop();
  site = undefined;
});

/** Watches the site from the popup, signs in and browses it in a tab, and waits for the popup to settle. */
async function watchAndBrowse(release: ReleaseExtension, user: 'admin' | 'member' = 'admin'): Promise<Page> {
  const popup = await release.openPopup(site!.origin);
  await release.watchFromPopup(popup, site!.origin);
  const tab = await release.context.newPage();
  await signInAndBrowse(tab, site!.origin, user);
  await settledCounts(popup);
  return popup;
}

/** Clicks Run checks and reads every check's row once this run (a new `data-ran-at`) has finished. */
async function runChecks(popup: Page): Promise<CheckRow[]> {
  const before = await popup.locator('.server-checks').getAttribute('data-ran-at');
  await popup.click('[data-action="run-checks"]');
  const rows = await popup.waitForFunction(finishedCheckRows, before ?? undefined, { timeout: 30_000 });
  return (await rows.jsonValue())!;
}

const statuses = (rows: CheckRow[]) => Object.fromEntries(rows.map((row) => [row.check, row.status]));

test('v2.7.5, disk nearly full and thumbnail jobs failed: Run checks finds both, the cards say so, and the checks stay out of the log', async ({ release }) => {
  site = await startCheckedSite({ version: 'v2.7.5', faults: { diskUsagePercent: 97.5, thumbnailJobsFailed: true } });
  const popup = await watchAndBrowse(release);
  await popup.waitForSelector('[data-cause="thumbnail-not-generated"]');
  const before = await popupCounts(popup);

  const rows = await runChecks(popup);
  expect(statuses(rows)).toEqual({ reachability: 'ok', 'web-app': 'ok', storage: 'problem', jobs: 'problem', websocket: 'ok', assets: 'problem', direct: 'skipped' });
  const text = Object.fromEntries(rows.map((row) => [row.check, row.text]));
  expect(text.reachability).toContain('Immich v2.7.5 answers');
  expect(text.storage).toMatch(/The library disk is 97\.5% full/);
  const failedJobs = site.lab.assets.length;
  expect(text.jobs).toContain(`thumbnailGeneration ${failedJobs} failed`);
  expect(text.jobs).toContain('The failed-jobs list gives no error text');
  expect(await popup.getAttribute('[data-check="jobs"] a', 'href')).toBe(`${site.origin}/admin/queues`);
  expect(await popup.locator('.server-checks .why').innerText()).toMatch(/^Asked Immich v2\.7\.5 just now, with your session\.$/);

  // The jobs and assets checks' verdicts are evidence on the thumbnail card.
  const cards = await popup.evaluate(cardCheckLines);
  const thumbnails = cards.find((card) => card.cause === 'thumbnail-not-generated')!;
  expect(thumbnails.lines).toEqual([`supports: Jobs check: thumbnailGeneration ${failedJobs} failed.`, `supports: Failing assets check: ${failedJobs} of the failing assets have no thumbhash.`]);

  // What the user sees, at the popup's size, both themes (.output/screenshots/run-checks-*.png).
  await popup.setViewportSize({ width: 480, height: 600 });
  await popup.locator('.server-checks').evaluate((section) => section.scrollIntoView());
  for (const colorScheme of ['light', 'dark'] as const) {
    await popup.emulateMedia({ colorScheme });
    await popup.screenshot({ path: join('.output/screenshots', `run-checks-${colorScheme}.png`) });
  }

  // The extension's own requests are not the page's: the counts did not move.
  await popup.waitForTimeout(2_500);
  expect(await popupCounts(popup)).toEqual(before);

  // Stored with the site: a popup opened again shows them without asking again.
  const served = site.lab.requestsServed();
  const again = await release.openPopup(site.origin);
  const stored = await again.waitForFunction(finishedCheckRows, undefined, { timeout: 5_000 });
  expect(statuses((await stored.jsonValue())!)).toEqual({ reachability: 'ok', 'web-app': 'ok', storage: 'problem', jobs: 'problem', websocket: 'ok', assets: 'problem', direct: 'skipped' });
  expect(site.lab.requestsServed()).toBe(served);
});

test('v1.118.0, a member: jobs need an administrator (on the jobs route of that version), everything else answers; then Immich is updated behind the open tab, and the web app check finds it', async ({ release }) => {
  site = await startCheckedSite({ version: 'v1.118.0' });
  const popup = await watchAndBrowse(release, 'member');
  const rows = await runChecks(popup);
  expect(statuses(rows)).toEqual({ reachability: 'ok', 'web-app': 'ok', storage: 'ok', jobs: 'needs-admin', websocket: 'ok', assets: 'problem', direct: 'skipped' });
  const text = Object.fromEntries(rows.map((row) => [row.check, row.text]));
  expect(text.reachability).toContain('Immich v1.118.0 answers');
  expect(text.storage).toContain('The library disk has room: 10.3% used');
  expect(text.jobs).toContain('Only an administrator can see the job queues');

  // Immich is updated behind the open tab: the files the tab loaded are gone from the server.
  site.lab.setFaults({ webAppUpgraded: true });
  const again = await runChecks(popup);
  const webApp = again.find((row) => row.check === 'web-app')!;
  expect(webApp.status).toBe('problem');
  expect(webApp.text).toContain("The open tab runs an older build of the web app than the server (1 of the files the open tab's web app loaded are gone from the server)");
  expect(webApp.text).toContain('other entry files');
});

test("v1.118.0, thumbnail jobs failed: once Run checks finds the version, the card's steps are that version's (Administration → Jobs, not v2.4's Queues)", async ({ release }) => {
  site = await startCheckedSite({ version: 'v1.118.0', faults: { thumbnailJobsFailed: true } });
  const popup = await watchAndBrowse(release);
  const card = popup.locator('[data-cause="thumbnail-not-generated"]');
  // Before: the version is not known, and the steps are the newest version's.
  await expect(card).toContainText('Open Administration → Queues');
  const rows = await runChecks(popup);
  expect(rows.find((row) => row.check === 'reachability')?.text).toContain('Immich v1.118.0 answers');
  await expect(card).toContainText('Open Administration → Jobs and look at the failed counts');
  await expect(card).not.toContainText('Administration → Queues');
  await expect(card).toContainText(`${site.origin}/admin/jobs-status`);
  // The media folder of that version (before v1.137), no longer both spelled out.
  await expect(card).toContainText('docker exec immich_server ls -lah /usr/src/app/upload/thumbs');
  await expect(card).not.toContainText('Immich before v1.137 mounted its media');
  // A popup opened again reads the same from what the background stored.
  const again = await release.openPopup(site.origin);
  await expect(again.locator('[data-cause="thumbnail-not-generated"]')).toContainText('Open Administration → Jobs and look at the failed counts');
});

test('behind an nginx that drops WebSocket upgrades: the WebSocket check finds Immich answering the plain request, and confirms the card', async ({ release }) => {
  site = await startCheckedSite({ version: 'v2.7.5', proxy: 'no-websocket' });
  const popup = await watchAndBrowse(release);
  await popup.waitForSelector('[data-cause="websocket-blocked"]');
  const rows = await runChecks(popup);
  expect(statuses(rows)).toEqual({ reachability: 'ok', 'web-app': 'ok', storage: 'ok', jobs: 'ok', websocket: 'problem', assets: 'skipped', direct: 'skipped' });
  expect(rows.find((row) => row.check === 'websocket')!.text).toContain("Immich's engine.io answered the plain request (400, Bad request): the upgrade was dropped on the way");
  const card = (await popup.evaluate(cardCheckLines)).find((entry) => entry.cause === 'websocket-blocked')!;
  expect(card.lines).toEqual(['supports: WebSocket check: the upgrade is dropped before Immich.']);
});

test('v2.7.5 in maintenance mode: Run checks confirms it on the maintenance card', async ({ release }) => {
  site = await startCheckedSite({ version: 'v2.7.5', faults: { maintenance: true } });
  const popup = await watchAndBrowse(release);
  await popup.waitForSelector('[data-cause="maintenance-mode"]');
  const rows = await runChecks(popup);
  expect(statuses(rows)).toMatchObject({ reachability: 'problem' });
  expect(rows.find((row) => row.check === 'reachability')!.text).toContain('Immich is in maintenance mode');
  const cards = await popup.evaluate(cardCheckLines);
  expect(cards[0]).toEqual({ cause: 'maintenance-mode', lines: ['supports: Reachability and version check: the server config says maintenanceMode true.'] });
});

test("an API key from the options: the checks use it (a member's session, an administrator's key: the jobs answer), it goes only to its site, and no export or stored value holds it", async ({ release }) => {
  site = await startCheckedSite({ version: 'v2.7.5', faults: { thumbnailJobsFailed: true } });
  const popup = await watchAndBrowse(release, 'member');
  expect(site.lab.apiKeysSeen()).toEqual([]);

  const options = await release.context.newPage();
  await options.goto(`chrome-extension://${release.id}/options.html`);
  const field = options.locator(`[data-field="api-key"][data-field-site="${site.origin}"]`);
  // A paste gone wrong is refused with a reason, and nothing is saved.
  await field.locator('input').fill('not a key');
  await field.locator('[data-action="save-api-key"]').click();
  await expect(field.locator('[role="alert"]')).toContainText('no spaces');
  await field.locator('input').fill(LAB_ADMIN_API_KEY);
  await field.locator('[data-action="save-api-key"]').click();
  await expect(field).toHaveAttribute('data-saved', 'true');
  await expect(options.locator('body')).not.toContainText(LAB_ADMIN_API_KEY);

  const rows = await runChecks(popup);
  expect(statuses(rows)).toEqual({ reachability: 'ok', 'web-app': 'ok', storage: 'ok', jobs: 'problem', websocket: 'ok', assets: 'problem', direct: 'skipped' });
  expect(await popup.locator('.server-checks .why').innerText()).toContain('with your API key');
  const seen = site.lab.apiKeysSeen();
  expect(seen.length).toBeGreaterThan(0);
  expect(new Set(seen)).toEqual(new Set([LAB_ADMIN_API_KEY]));

  // In no export and nowhere in what the extension stores for the session.
  await popup.click('details.export > summary');
  const files = [await exportFrom(popup, release, 'json'), await exportFrom(popup, release, 'har'), await exportFrom(popup, release, 'markdown')];
  expect(JSON.parse(files[0]!.text).serverChecks.usedApiKey).toBe(true);
  await popup.click('[data-action="preview-forum-post"]');
  const forumPost = await popup.locator('[data-preview="forum-post"]').innerText();
  for (const text of [...files.map((file) => file.text), forumPost]) expect(text).not.toContain(LAB_ADMIN_API_KEY);
  const worker = await release.currentWorker();
  const session = await worker.evaluate(() => chrome.storage.session.get(null));
  expect(JSON.stringify(session)).not.toContain(LAB_ADMIN_API_KEY);
  await options.reload();
  await expect(options.locator('body')).not.toContainText(LAB_ADMIN_API_KEY);

  // Removed, it is gone from the browser's storage too.
  await options.locator(`[data-field="api-key"][data-field-site="${site.origin}"] [data-action="remove-api-key"]`).click();
  await expect(options.locator(`[data-field="api-key"][data-field-site="${site.origin}"]`)).not.toHaveAttribute('data-saved');
  expect(JSON.stringify(await worker.evaluate(() => chrome.storage.local.get(null)))).not.toContain(LAB_ADMIN_API_KEY);
});

/** Where the lab's thumbnails fail by upload date or library, and what the failing assets check must say. */
const ASSET_PATTERNS = [
  {
    name: 'only assets uploaded since a date',
    lab: { faults: { filesGoneUploadedSince: '2026-11-09' } },
    query: '',
    says: 'Only assets uploaded since 2026-11-09 fail; those uploaded before load',
  },
  {
    name: 'everything uploaded before a date',
    lab: { faults: { filesGoneUploadedBefore: '2026-11-05' } },
    query: '',
    says: 'Only assets uploaded before 2026-11-05 fail; newer ones load',
  },
  {
    name: "only an external library's files",
    lab: { externalAssets: 4, faults: { externalLibraryOffline: true } },
    query: '?originals=all',
    says: 'All of them are in one external library, which Immich marks offline, and none of those that load',
  },
] as const;

test('failing assets: Run checks finds their pattern (uploads since a date, everything before a date, an offline external library); the first one\'s ls -l on the host, from the UPLOAD_LOCATION entered in the options, run in bash, finds the file gone', async ({ release }) => {
  const options = await release.context.newPage();
  await options.goto(`chrome-extension://${release.id}/options.html`);
  for (const pattern of ASSET_PATTERNS) {
    site = await startCheckedSite({ version: 'v2.7.5', ...pattern.lab });
    // The lab's media folder stands for the host's UPLOAD_LOCATION.
    await options.locator('[data-setting="host-media-path"]').fill(site.lab.mediaRoot);
    await options.locator('[data-setting="host-media-path"]').press('Tab');
    await expect(options.locator('[data-setting="host-media-path"]')).toHaveValue(site.lab.mediaRoot);

    const popup = await release.openPopup(site.origin);
    await release.watchFromPopup(popup, site.origin);
    const tab = await release.context.newPage();
    await signInAndBrowse(tab, site.origin, 'admin', pattern.query);
    await settledCounts(popup);
    const rows = await runChecks(popup);
    const assets = rows.find((row) => row.check === 'assets')!;
    expect(assets.status, pattern.name).toBe('problem');
    expect(assets.text, pattern.name).toContain(pattern.says);
    const card = (await popup.evaluate(cardCheckLines)).find((entry) => entry.cause === 'media-file-unreadable')!;
    expect(card.lines.some((line) => line.startsWith('supports: Failing assets check:')), pattern.name).toBe(true);

    if (pattern === ASSET_PATTERNS[0]) {
      const command = await popup.locator('[data-check="assets"] .command code').innerText();
      await popup.setViewportSize({ width: 480, height: 600 });
      await popup.locator('[data-check="assets"]').evaluate((row) => row.scrollIntoView());
      await popup.screenshot({ path: join('.output/screenshots', 'run-checks-assets.png') });
      expect(command).toMatch(/^ls -l '.+'$/);
      const listed = spawnSync('bash', ['-c', command], { encoding: 'utf8' });
      expect(listed.status).not.toBe(0);
      expect(listed.stderr).toContain('No such file or directory');
      // The same path with the fault lifted: the file is there.
      site.lab.setFaults({ filesGoneUploadedSince: null });
      expect(spawnSync('bash', ['-c', command], { encoding: 'utf8' }).status).toBe(0);
    }
    await popup.close();
    await tab.close();
    await site.stop();
    site = undefined;
  }
});

test("direct versus through the proxy: the server's direct address, allowed in the options' prompt, serves what nginx's media location answers 502 for: pinned on the proxy", async ({ release }, testInfo) => {
  site = await startCheckedSite({ version: 'v2.7.5', proxy: 'media-502' });
  const popup = await watchAndBrowse(release);

  const options = await release.context.newPage();
  await options.goto(`chrome-extension://${release.id}/options.html`);
  const field = options.locator(`[data-field="direct-address"][data-field-site="${site.origin}"]`);
  await field.locator('input').fill(site.lab.url);
  await field.locator('[data-action="save-direct-address"]').click();
  // The browser's own prompt for the new address, answered as the user does.
  await clickAllow(release.display, join(testInfo.outputDir, 'direct-address-prompt.png'));
  await expect(field).toHaveAttribute('data-saved', 'true');
  await expect(field).toContainText(site.lab.url);

  const rows = await runChecks(popup);
  const direct = rows.find((row) => row.check === 'direct')!;
  expect(direct.status).toBe('problem');
  expect(direct.text).toContain('loads from the direct address but fails through the proxy');
  expect(direct.text).toMatch(/thumbnail: 502 from nginx\/[\d.]+ through the proxy, 200 direct · original: 502 from nginx\/[\d.]+ through the proxy, 206 direct/);
  const card = (await popup.evaluate(cardCheckLines)).find((entry) => entry.cause === 'upstream-unreachable');
  expect(card?.lines).toContain('supports: Direct versus through the proxy check: it fails only through the proxy.');

  // Removed with the site: the address and its access.
  await options.locator(`[data-field="direct-address"][data-field-site="${site.origin}"] [data-action="remove-direct-address"]`).click();
  await expect(field).not.toHaveAttribute('data-saved');
  // The stored address goes first and the access last (utils/options/direct-address.ts): the page may
  // read the store in between.
  const directUrl = site.lab.url;
  await expect.poll(() => release.hasAccess(directUrl)).toBe(false);
});
