import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { logFormatErrors } from '../fixtures/log-format';
import { startImmichLab } from '../lab/immich-server';
import { browseTimeline, EXTENSION_DIR, expect, test, type Extension } from './fixtures';

declare const chrome: typeof import('wxt/browser').browser;

const PLANTED = ['PLANTED-API-KEY-7f3a9b', 'PLANTED-SHARE-KEY-2c8d1e', 'PLANTED-BEARER-TOKEN-9e4f0a', 'lab-session-token'];

/** Clicks an export button in the popup and returns the written file's text (Chrome saved it via downloads). */
async function exportFrom(popup: Page, extension: Extension, format: 'json' | 'har' | 'markdown'): Promise<{ text: string; path: string; name: string }> {
  const worker = await extension.currentWorker();
  const before = await worker.evaluate(() => chrome.downloads.search({}).then((items) => items.length));
  await popup.click(`[data-action="export-${format}"]`);
  await expect(popup.locator('.export-status')).toContainText('Saved');
  const name = /Saved (\S+)/.exec((await popup.locator('.export-status').textContent()) ?? '')![1]!;
  const newest = () => worker.evaluate(() => chrome.downloads.search({ state: 'complete', orderBy: ['-startTime'] }));
  await expect.poll(async () => (await newest()).length).toBeGreaterThan(before);
  const path = (await newest())[0]!.filename;
  return { text: readFileSync(path, 'utf8'), path, name };
}

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

  for (const file of [json, har, markdown]) for (const secret of PLANTED) expect(file.text, `${file.name} leaks ${secret}`).not.toContain(secret);

  // With the host hidden, the preview and the file say immich.example.
  await popup.check('[data-option="hide-host"]');
  const hidden = await exportFrom(popup, extension, 'har');
  expect(hidden.name).toMatch(/^immich-doctor-immich\.example-/);
  expect(hidden.text).not.toContain('127.0.0.1');
});

/** Leaves one of each kind of site data on an origin's page: a cookie, local storage, IndexedDB, Cache Storage, a service worker. */
async function plantSiteData(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/lab/login?next=${encodeURIComponent('/photos')}`);
  await page.waitForSelector('body[data-state="done"]');
  await page.evaluate(async () => {
    localStorage.setItem('lab-item', 'kept?');
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('lab-db', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('assets');
      open.onsuccess = () => {
        open.result.close();
        resolve();
      };
      open.onerror = () => reject(open.error);
    });
    await (await caches.open('lab-cache')).put('/lab-cached', new Response('cached'));
    await navigator.serviceWorker.ready;
  });
  // Stay on a page that does not register the worker again when the extension reloads the tab, so
  // that reading the site's data afterwards shows what the clearing left.
  await page.goto(`${origin}/photos?sw=0`);
  await page.waitForSelector('body[data-state="done"]');
}

/** The ground truth, read by the test itself: the browser's cookie jar and the page's own view. */
async function siteData(page: Page, origin: string) {
  const cookies = (await page.context().cookies(origin)).map((cookie) => cookie.name);
  const inPage = await page.evaluate(async () => ({
    localStorage: localStorage.getItem('lab-item'),
    indexedDB: (await indexedDB.databases()).map((database) => database.name),
    caches: await caches.keys(),
    serviceWorkers: (await navigator.serviceWorker.getRegistrations()).length,
  }));
  return { cookies, ...inPage };
}

const PLANTED_DATA = { cookies: ['immich_access_token'], localStorage: 'kept?', indexedDB: ['lab-db'], caches: ['lab-cache'], serviceWorkers: 1 };
const GONE = { cookies: [], localStorage: null, indexedDB: [], caches: [], serviceWorkers: 0 };

/** What the popup says per kind of data: `data-status` of each `[data-kind]` row of the result. */
async function reportedStatus(popup: Page): Promise<Record<string, string | null>> {
  await expect(popup.locator('.clear-result')).toBeVisible();
  const rows = popup.locator('.clear-result [data-kind]');
  const entries = await rows.evaluateAll((items) => items.map((item) => [item.getAttribute('data-kind'), item.getAttribute('data-status')] as const));
  return Object.fromEntries(entries);
}

/**
 * The watched Immich on a port (the default :2283 kind) and on port 80 (no port in the origin). Port 80
 * on loopback is free on this machine and in CI (root). The other site is another host, because
 * cookies belong to a host whatever its port.
 */
for (const withPort of [true, false]) {
  test(`clear site data on an origin ${withPort ? 'with' : 'without'} a port: the popup reports each kind as the browser left it, another site keeps everything`, async ({ extension, startLab }) => {
    const watched = await startImmichLab({ port: withPort ? 0 : 80 }).catch((error: unknown) => {
      throw new Error(`could not start the lab on ${withPort ? 'a free port' : 'port 80 (is it taken?)'}: ${String(error)}`);
    });
    try {
      const other = await startLab();
      const watchedOrigin = new URL(watched.url).origin; // the lab writes :80 out; browsers do not
      expect(new URL(watchedOrigin).port === '').toBe(!withPort);
      const otherOrigin = `http://localhost:${other.port}`;
      const watchedTab = await extension.context.newPage();
      const otherTab = await extension.context.newPage();
      await plantSiteData(watchedTab, watchedOrigin);
      await plantSiteData(otherTab, otherOrigin);
      expect(await siteData(watchedTab, watchedOrigin)).toEqual(PLANTED_DATA);
      expect(await siteData(otherTab, otherOrigin)).toEqual(PLANTED_DATA);

      // Marks this document: the one read afterwards must be the reloaded one.
      await watchedTab.evaluate(() => void Object.assign(window, { beforeClear: true }));
      await extension.watch(watchedOrigin);
      const popup = await extension.openPopup(watchedOrigin);
      await popup.click('[data-action="clear-site-data"]');
      const dialog = popup.getByRole('alertdialog');
      for (const kind of ['cookies', 'localStorage', 'indexedDB', 'cacheStorage', 'serviceWorkers', 'cache']) await expect(dialog.locator(`[data-asked="${kind}"]`)).toBeVisible();
      await expect(dialog).toContainText('Cookies (you will have to log in again)');
      // Chrome clears cookies for the registrable domain; an IP address has none: only that host.
      await expect(dialog.locator('[data-cookie-scope]')).toContainText('Cookies are cleared for the address 127.0.0.1.');
      if (withPort) await expect(dialog.locator('[data-cookie-scope]')).toContainText('other sites on 127.0.0.1 lose theirs too');
      await popup.click('[data-action="confirm-clear-site-data"]');

      expect(await reportedStatus(popup)).toEqual({ cookies: 'cleared', localStorage: 'cleared', indexedDB: 'cleared', cacheStorage: 'cleared', serviceWorkers: 'cleared', cache: 'not-checked' });
      await expect(popup.locator('.clear-result')).toHaveAttribute('data-result', 'complete');
      await expect(popup.locator('.clear-result')).toContainText(`in the open tab ${watchedOrigin}/photos?sw=0`);
      await expect(popup.locator('.clear-result')).toContainText('1 tab(s) reloaded');

      // The popup's words match what is really there, read independently.
      await watchedTab.waitForFunction(() => !('beforeClear' in window) && document.body?.dataset.state === 'done');
      expect(await siteData(watchedTab, watchedOrigin)).toEqual(GONE);
      expect(await siteData(otherTab, otherOrigin)).toEqual(PLANTED_DATA);
    } finally {
      await watched.close();
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

test('the cookies and scripting permissions add no install warning in Chromium', async ({ extension }) => {
  // Chromium's own answer for the manifest users install (the test build's, without its loopback grant).
  const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as { permissions: string[]; host_permissions?: string[] };
  delete manifest.host_permissions;
  expect(manifest.permissions).toEqual(expect.arrayContaining(['cookies', 'scripting']));
  const without = { ...manifest, permissions: manifest.permissions.filter((permission) => permission !== 'cookies' && permission !== 'scripting') };
  const worker = await extension.currentWorker();
  const warnings = (value: object) => worker.evaluate((text) => chrome.management.getPermissionWarningsByManifest(text), JSON.stringify(value));
  const [withThem, withoutThem] = await Promise.all([warnings(manifest), warnings(without)]);
  expect(withThem).toEqual(withoutThem);
});

test('the popup offers "Clear site data" first when the session expired', async ({ extension, playScenario }) => {
  const { running } = await playScenario('session-expired');
  const popup = await extension.openPopup(running.origin);
  const suggestion = popup.locator('.clear.suggested');
  await expect(suggestion).toBeVisible();
  // It comes before the diagnosis cards.
  const order = await popup.evaluate(() => {
    const clear = document.querySelector('.clear.suggested');
    const card = document.querySelector('[data-cause]');
    return clear && card ? clear.compareDocumentPosition(card) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
  });
  expect(order).toBeTruthy();
  await expect(popup.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'session-expired');
});
