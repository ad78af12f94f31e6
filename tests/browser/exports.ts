import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import type { BuiltExtension } from './fixtures';

/** The extension API in the service worker, where `worker.evaluate` runs. */
declare const chrome: typeof import('wxt/browser').browser;

/** Clicks an export button in the popup and returns the written file's text (Chrome saved it via downloads). */
export async function exportFrom(popup: Page, extension: BuiltExtension, format: 'json' | 'har' | 'markdown'): Promise<{ text: string; path: string; name: string }> {
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
