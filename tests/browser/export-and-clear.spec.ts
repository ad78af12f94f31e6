import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { originPatterns } from '../../utils/origins/origin';
import { logFormatErrors } from '../fixtures/log-format';
import { startImmichLab } from '../lab/immich-server';
import { PLANTED_SECRETS } from '../lab/planted-secrets';
import { randomLoopbackAddress, startSameAddressLabs } from '../lab/port-80';
import { GONE, PLANTED, plantSiteData, reportedStatus, siteData } from '../lab/site-data';
import { exportFrom } from './exports';
import { browseTimeline, expect, test, type Extension } from './fixtures';

/** The extension API in the service worker, and chrome://extensions' own (what its Site access menu calls). */
declare const chrome: typeof import('wxt/browser').browser & {
  developerPrivate: { updateExtensionConfiguration(update: { extensionId: string; hostAccess: 'ON_CLICK' }): Promise<void> };
};

/** The release build (`npm run build`), what users install. */
const RELEASE_DIR = join(import.meta.dirname, '../../.output/chrome-mv3');
/** Chromium's install prompt for it, measured (Chromium 156): webRequest and browsingData without host access warn of nothing. */
const EXPECTED_INSTALL_WARNINGS = ['Manage your downloads'];

test('export JSON, HAR and Markdown after a failing scenario: valid, same diagnosis, no secret', async ({ extension, playScenario }) => {
  // The app also sends credentials as Immich clients may (?key=, ?apiKey=, Authorization).
  const { running } = await playScenario('thumbnails-missing', (tab, origin) => browseTimeline(tab, origin, '?viewer=1&secrets=1'));
  const popup = await extension.openPopup(running.origin);
  await popup.click('details.export > summary');
  // The preview shows what will be written, redaction included.
  await popup.click('[data-action="preview-json"]');
  await expect(popup.locator('[data-preview="json"]')).toContainText('"format": "immich-doctor-log"');
  await expect(popup.locator('[data-preview="json"]')).toContainText('key=REDACTED');

  const json = await exportFrom(popup, extension, 'json');
  expect(json.name).toMatch(/^immich-doctor-127\.0\.0\.1_\d+-\d{8}-\d{6}\.json$/);
  expect(logFormatErrors(JSON.parse(json.text))).toEqual([]);
  expect(JSON.parse(json.text).diagnoses[0]).toMatchObject({ cause: 'media-file-unreadable', responder: 'immich', scope: 'thumbnails' });

  const har = await exportFrom(popup, extension, 'har');
  const cli = JSON.parse(execFileSync('npx', ['tsx', 'scripts/diagnose.ts', har.path, '--json'], { encoding: 'utf8' }));
  expect(cli.diagnoses[0]).toMatchObject({ cause: 'media-file-unreadable', responder: 'immich', scope: 'thumbnails' });
  expect(cli.origin).toBe(running.origin);

  const markdown = await exportFrom(popup, extension, 'markdown');
  expect(markdown.text).toContain('### 1. Media files are missing or unreadable on disk');
  expect(markdown.text).toContain('- Immich: v2.7.5');

  for (const file of [json, har, markdown]) for (const secret of PLANTED_SECRETS) expect(file.text, `${file.name} leaks ${secret}`).not.toContain(secret);
  // The planted credentials were recorded, redacted: the HAR holds the recent requests that carried them.
  for (const redacted of ['/share/REDACTED', '/s/REDACTED', '/auth/login?code=REDACTED&state=REDACTED', '/api/server/about?key=REDACTED']) expect(har.text).toContain(redacted);

  // With the host hidden, the preview and the file say immich.example.
  await popup.check('[data-option="hide-host"]');
  const hidden = await exportFrom(popup, extension, 'har');
  expect(hidden.name).toMatch(/^immich-doctor-immich\.example-/);
  expect(hidden.text).not.toContain('127.0.0.1');
});

/**
 * Removes host access as chrome://extensions → Site access → "On click" does (what the user picks; it
 * calls `developerPrivate.updateExtensionConfiguration`): the test build's install grant of every host
 * is withheld. Removing one host (`removeHostPermission`, tests/browser/release/fixtures.ts) does not
 * narrow a grant of every host (measured: access stays).
 */
async function removeSiteAccess(extension: Extension, origin: string): Promise<void> {
  const page = await extension.context.newPage();
  await page.goto(`chrome://extensions/?id=${extension.id}`);
  await page.evaluate((id) => chrome.developerPrivate.updateExtensionConfiguration({ extensionId: id, hostAccess: 'ON_CLICK' }), extension.id);
  await page.close();
  const worker = await extension.currentWorker();
  expect(await worker.evaluate((patterns) => chrome.permissions.contains({ origins: patterns }), originPatterns(origin))).toBe(false);
}

/**
 * The watched Immich on a port (the default :2283 kind) and on port 80 (no port in the origin), each on
 * a loopback address of its own (tests/lab/port-80.ts). Beside it, the same address on another port
 * (and on port 80 when the watched site has a port): Chrome clears everything but cookies by origin,
 * and cookies belong to a host, so those sites lose their cookie and nothing else, as the confirmation
 * says. A site on another host keeps everything.
 */
for (const withPort of [true, false]) {
  test(`clear site data on an origin ${withPort ? 'with' : 'without'} a port: the popup reports each kind as the browser left it; the same address on another port loses its cookie only, another host nothing`, async ({ extension, startLab }) => {
    const { host, watchedOrigin, neighbours, close } = await startSameAddressLabs(withPort);
    try {
      const other = await startLab();
      expect(new URL(watchedOrigin).port === '').toBe(!withPort);
      const otherOrigin = `http://localhost:${other.port}`;
      const watchedTab = await extension.context.newPage();
      await plantSiteData(watchedTab, watchedOrigin);
      const neighbourTabs: Page[] = [];
      for (const origin of neighbours) {
        neighbourTabs.push(await extension.context.newPage());
        await plantSiteData(neighbourTabs.at(-1)!, origin);
      }
      const otherTab = await extension.context.newPage();
      await plantSiteData(otherTab, otherOrigin);
      for (const tab of [watchedTab, ...neighbourTabs, otherTab]) expect(await siteData(tab)).toEqual(PLANTED);

      // Marks this document: the one read afterwards must be the reloaded one.
      await watchedTab.evaluate(() => void Object.assign(window, { beforeClear: true }));
      await extension.watch(watchedOrigin);
      const popup = await extension.openPopup(watchedOrigin);
      await popup.click('[data-action="clear-site-data"]');
      const dialog = popup.getByRole('alertdialog');
      for (const kind of ['cookies', 'localStorage', 'indexedDB', 'cacheStorage', 'serviceWorkers', 'cache']) await expect(dialog.locator(`[data-asked="${kind}"]`)).toBeVisible();
      // Chrome clears cookies for the registrable domain; an IP address has none: only that host, every port.
      await expect(dialog.locator('[data-cookie-scope]')).toHaveText(`Cookies of the address ${host}, whatever the port: you are logged out of this site and of every other site on ${host}.`);
      await expect(dialog.locator('[data-spill]')).toHaveCount(0);
      await expect(dialog.locator('[data-other-sites]')).toHaveText('Apart from what is named above, other sites keep their data.');
      await popup.click('[data-action="confirm-clear-site-data"]');

      expect(await reportedStatus(popup)).toEqual({ cookies: 'cleared', localStorage: 'cleared', indexedDB: 'cleared', cacheStorage: 'cleared', serviceWorkers: 'cleared', cache: 'not-checked' });
      await expect(popup.locator('.clear-result')).toHaveAttribute('data-result', 'complete');
      await expect(popup.locator('.clear-result')).toContainText(`in the open tab ${watchedOrigin}/photos?sw=0`);
      await expect(popup.locator('.clear-result')).toContainText('1 tab(s) reloaded');

      // The popup's words match what is really there, read independently.
      await watchedTab.waitForFunction(() => !('beforeClear' in window) && document.body?.dataset.state === 'done');
      expect(await siteData(watchedTab)).toEqual(GONE);
      for (const [index, tab] of neighbourTabs.entries()) expect(await siteData(tab), neighbours[index]).toEqual({ ...PLANTED, loggedIn: false });
      expect(await siteData(otherTab)).toEqual(PLANTED);
    } finally {
      await close();
    }
  });
}

test('clear site data with no tab of the site open: cookies checked, storage "not checked" with the reason, never "cleared"', async ({ extension, startLab }) => {
  const watched = await startLab();
  const tab = await extension.context.newPage();
  await plantSiteData(tab, watched.url);
  await tab.close();
  await extension.watch(watched.url);
  const popup = await extension.openPopup(watched.url);
  await popup.click('[data-action="clear-site-data"]');
  await popup.click('[data-action="confirm-clear-site-data"]');
  expect(await reportedStatus(popup)).toEqual({ cookies: 'cleared', localStorage: 'not-checked', indexedDB: 'not-checked', cacheStorage: 'not-checked', serviceWorkers: 'not-checked', cache: 'not-checked' });
  await expect(popup.locator('[data-kind="localStorage"]')).toContainText('no tab of this site was open to look in');
  expect((await extension.context.cookies(watched.url)).map((cookie) => cookie.name)).toEqual([]);
});

test('clear site data after access was removed in the browser: the confirmation says what cannot be done, the result gives that reason, not "no tab was open"', async ({ extension }) => {
  const watched = await startImmichLab({ host: randomLoopbackAddress() });
  try {
    const tab = await extension.context.newPage();
    await plantSiteData(tab, watched.url);
    await extension.watch(watched.url);
    await removeSiteAccess(extension, watched.url);
    const popup = await extension.openPopup(watched.url);
    await expect(popup.locator('[data-state="access-missing"]')).toBeVisible();
    await popup.click('[data-action="clear-site-data"]');
    await expect(popup.locator('[data-no-access]')).toContainText('cannot check what is left, nor find its other tabs to reload them (the tab this popup opened on still reloads)');
    await popup.click('[data-action="confirm-clear-site-data"]');
    expect(await reportedStatus(popup)).toEqual({ cookies: 'not-checked', localStorage: 'not-checked', indexedDB: 'not-checked', cacheStorage: 'not-checked', serviceWorkers: 'not-checked', cache: 'not-checked' });
    for (const kind of ['cookies', 'localStorage', 'serviceWorkers']) await expect(popup.locator(`[data-kind="${kind}"]`)).toContainText('no longer has access to this site');
    await expect(popup.locator('.clear-result')).not.toContainText('no tab of this site');
    await expect(popup.locator('.clear-result')).toContainText('reload them yourself');
    // The browser still cleared it: the tab, reloaded by hand, is logged out.
    await tab.reload();
    await tab.waitForSelector('body[data-state="done"]');
    expect(await siteData(tab)).toMatchObject({ loggedIn: false, localStorage: null });
  } finally {
    await watched.close();
  }
});

/**
 * Chromium's own list of install warnings for the manifest users install (the release build, built by
 * `npm run build`), and that `cookies` and `scripting` add none to it.
 */
test('the release build\'s install warnings in Chromium: exactly these, and cookies and scripting add none', async ({ extension }) => {
  const manifest = JSON.parse(readFileSync(join(RELEASE_DIR, 'manifest.json'), 'utf8')) as { permissions: string[]; host_permissions?: string[] };
  expect(manifest.host_permissions ?? []).toEqual([]);
  expect(manifest.permissions).toEqual(expect.arrayContaining(['cookies', 'scripting']));
  const without = { ...manifest, permissions: manifest.permissions.filter((permission) => permission !== 'cookies' && permission !== 'scripting') };
  const worker = await extension.currentWorker();
  const warnings = (value: object) => worker.evaluate((text) => chrome.management.getPermissionWarningsByManifest(text), JSON.stringify(value));
  const [withThem, withoutThem] = await Promise.all([warnings(manifest), warnings(without)]);
  expect(withThem).toEqual(EXPECTED_INSTALL_WARNINGS);
  expect(withoutThem).toEqual(withThem);
});

test('an expired session: Clear site data is offered inside its card, after the card\'s own checks, not above the diagnosis nor as a primary button', async ({ extension, playScenario }) => {
  const { running } = await playScenario('session-expired');
  const popup = await extension.openPopup(running.origin);
  const card = popup.locator('[data-cause]').first();
  await expect(card).toHaveAttribute('data-cause', 'session-expired');
  // One Clear site data in the popup: the card's, in its "If the steps above did not help" block.
  await expect(popup.locator('[data-action="clear-site-data"]')).toHaveCount(1);
  const remedy = card.locator('.remedy');
  await expect(remedy.locator('h3')).toHaveText('If the steps above did not help');
  await expect(remedy.locator('[data-action="clear-site-data"]')).toBeVisible();
  await expect(remedy.locator('[data-action="clear-site-data"]')).not.toHaveClass(/primary/);
  // After the card's checks (the gentle fix, logging in again, comes first), and nothing before the card.
  const order = await popup.evaluate(() => {
    const button = document.querySelector('[data-action="clear-site-data"]')!;
    const checks = document.querySelector('[data-cause="session-expired"] .checks')!;
    const card = document.querySelector('[data-cause]')!;
    return { afterChecks: !!(checks.compareDocumentPosition(button) & Node.DOCUMENT_POSITION_FOLLOWING), inCard: card.contains(button) };
  });
  expect(order).toEqual({ afterChecks: true, inCard: true });
});
