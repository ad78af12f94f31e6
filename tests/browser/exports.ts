import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import type { BuiltExtension } from './fixtures';

/** The extension API in the service worker, where `worker.evaluate` runs. */
declare const chrome: typeof import('wxt/browser').browser;

/** The words of the popup and the options page once a file is saved: its name is the one the browser gave it. */
export const SAVED = /^Saved (.+) \(\d+ kB\) in your Downloads folder\.$/;

/**
 * Clicks an export button in `where` (the popup, or one site of the options page) and returns the
 * written file's text (Chrome saved it via downloads) and the name Immich Doctor asked for. Under
 * Playwright, Chromium names every download itself (a GUID: DevTools' download behaviour replaces the
 * name an extension gives), so that name is read from the call the worker makes, and `where` must
 * name the file as the browser saved it.
 */
export async function exportFrom(where: Page | Locator, extension: BuiltExtension, format: 'json' | 'har' | 'markdown'): Promise<{ text: string; path: string; name: string }> {
  const worker = await extension.currentWorker();
  const before = await worker.evaluate(() => {
    const spied = globalThis as typeof globalThis & { requestedDownloads?: string[] };
    if (!spied.requestedDownloads) {
      const requested: string[] = (spied.requestedDownloads = []);
      const download = chrome.downloads.download.bind(chrome.downloads);
      chrome.downloads.download = (options) => (requested.push(options.filename ?? ''), download(options));
    }
    return chrome.downloads.search({}).then((items) => items.length);
  });
  await where.locator(`[data-action="export-${format}"]`).click();
  const newest = () => worker.evaluate(() => chrome.downloads.search({ state: 'complete', orderBy: ['-startTime'] }));
  await expect.poll(async () => (await newest()).length).toBeGreaterThan(before);
  const path = (await newest())[0]!.filename;
  // "Saved" is said once the download is complete, under the name the browser gave the file.
  await expect.poll(async () => SAVED.exec((await where.locator('.export-status').textContent()) ?? '')?.[1]).toBe(basename(path));
  const name = await worker.evaluate(() => (globalThis as typeof globalThis & { requestedDownloads?: string[] }).requestedDownloads?.at(-1));
  if (name === undefined) throw new Error('the name asked for was not seen: the worker restarted between the spy and the export');
  return { text: readFileSync(path, 'utf8'), path, name };
}
