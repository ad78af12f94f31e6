import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { BuiltExtension } from './fixtures';

/** The extension API in the service worker, where `worker.evaluate` runs. */
declare const chrome: typeof import('wxt/browser').browser;

/** The popup's words once a file is saved: its name is the one the browser gave it. */
export const SAVED = /^Saved (.+) \(\d+ kB\) in your Downloads folder\.$/;

/** Clicks an export button in the popup and returns the written file's text (Chrome saved it via downloads). */
export async function exportFrom(popup: Page, extension: BuiltExtension, format: 'json' | 'har' | 'markdown'): Promise<{ text: string; path: string; name: string }> {
  const worker = await extension.currentWorker();
  const before = await worker.evaluate(() => chrome.downloads.search({}).then((items) => items.length));
  await popup.click(`[data-action="export-${format}"]`);
  await expect(popup.locator('.export-status')).toContainText('Saved');
  const name = SAVED.exec((await popup.locator('.export-status').textContent()) ?? '')![1]!;
  // "Saved" is said once the download is complete, under the name the browser gave the file.
  const newest = await worker.evaluate(() => chrome.downloads.search({ state: 'complete', orderBy: ['-startTime'] }));
  expect(newest.length).toBeGreaterThan(before);
  const path = newest[0]!.filename;
  expect(basename(path)).toBe(name);
  return { text: readFileSync(path, 'utf8'), path, name };
}
