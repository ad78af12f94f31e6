import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { logFormatErrors } from '../fixtures/log-format';
import { browseTimeline, expect, test, type Extension } from './fixtures';

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

/** Leaves one of each kind of site data on an origin's page, and reads back what is there. */
async function plantSiteData(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/lab/login?next=${encodeURIComponent('/photos')}`);
  await page.waitForSelector('body[data-state="done"]');
  await page.evaluate(async () => {
    localStorage.setItem('lab-item', 'kept?');
    await (await caches.open('lab-cache')).put('/lab-cached', new Response('cached'));
    await navigator.serviceWorker.ready;
  });
  // Stay on a page that does not register the worker again when the extension reloads the tab.
  await page.goto(`${origin}/photos?sw=0`);
  await page.waitForSelector('body[data-state="done"]');
}

async function siteData(page: Page, origin: string) {
  const cookies = (await page.context().cookies(origin)).map((cookie) => cookie.name);
  const inPage = await page.evaluate(async () => ({
    localStorage: localStorage.getItem('lab-item'),
    caches: await caches.keys(),
    serviceWorkers: (await navigator.serviceWorker.getRegistrations()).length,
  }));
  return { cookies, ...inPage };
}

test('clear site data removes the watched origin\'s cookie, storage, caches and service worker, and nothing of another site', async ({ extension, startLab }) => {
  const watched = await startLab();
  const other = await startLab();
  const watchedOrigin = watched.url; // http://127.0.0.1:A
  const otherOrigin = `http://localhost:${other.port}`; // another host: cookies are per host, not per port
  const watchedTab = await extension.context.newPage();
  const otherTab = await extension.context.newPage();
  await plantSiteData(watchedTab, watchedOrigin);
  await plantSiteData(otherTab, otherOrigin);
  const planted = { cookies: ['immich_access_token'], localStorage: 'kept?', caches: ['lab-cache'], serviceWorkers: 1 };
  expect(await siteData(watchedTab, watchedOrigin)).toEqual(planted);
  expect(await siteData(otherTab, otherOrigin)).toEqual(planted);

  await extension.watch(watchedOrigin);
  const popup = await extension.openPopup(watchedOrigin);
  await popup.click('[data-action="clear-site-data"]');
  const dialog = popup.getByRole('alertdialog');
  await expect(dialog).toContainText('cookies (you will have to log in again)');
  await expect(dialog).toContainText('Cache Storage');
  await expect(dialog).toContainText('service workers');
  await popup.click('[data-action="confirm-clear-site-data"]');
  await expect(popup.locator('.clear [role="status"]')).toContainText('1 tab(s) reloaded');

  await watchedTab.waitForSelector('body[data-state="done"]');
  expect(await siteData(watchedTab, watchedOrigin)).toEqual({ cookies: [], localStorage: null, caches: [], serviceWorkers: 0 });
  expect(await siteData(otherTab, otherOrigin)).toEqual(planted);
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
