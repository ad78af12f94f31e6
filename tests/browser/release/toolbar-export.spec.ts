import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { SAVED } from '../exports';
import { expect, test } from './fixtures';
import { ToolbarPopup } from './toolbar-popup';

/** The extension API in the service worker, where `worker.evaluate` runs. */
declare const chrome: typeof import('wxt/browser').browser;

/**
 * An export from the real toolbar popup. Chrome opens its download bubble under the toolbar as the
 * file is saved, over the popup's top: seen on the virtual display's screenshot, which the test leaves
 * in its output folder (the bubble is drawn by the browser, beyond the DevTools protocol's reach, so
 * the test cannot assert it). What it asserts: the popup stays open (Chrome closes a popup that loses
 * the focus) and says *Saved* with the name the browser gave the file, or the user would never learn
 * where it went. The background saves the file either way (utils/actions/download-file.ts).
 */
test('the real toolbar popup: Export JSON log saves the file and the popup stays open, saying where, under the download bubble', async ({ release, display, startScenario }, testInfo) => {
  const running = await startScenario('thumbnails-missing');
  const tab = await release.watchAndBrowse(running);
  const popup = await ToolbarPopup.open(release, display, tab);
  await popup.waitFor('[data-cause]');
  await popup.click('details.export > summary');
  await popup.click('[data-action="export-json"]');
  await expect.poll(() => popup.text('.export-status').then((status) => SAVED.test(status)), { timeout: 20_000 }).toBe(true);
  // Still open a moment later, the bubble shown meanwhile: a popup that lost its focus is gone at once.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  await display.screenshot(testInfo.outputPath('toolbar-export.png'));
  expect(await popup.isOpen()).toBe(true);

  const worker = await release.currentWorker();
  const [saved] = await worker.evaluate(() => chrome.downloads.search({ state: 'complete', orderBy: ['-startTime'] }));
  expect(SAVED.exec(await popup.text('.export-status'))?.[1]).toBe(basename(saved!.filename));
  expect(JSON.parse(readFileSync(saved!.filename, 'utf8'))).toMatchObject({ format: 'immich-doctor-log', origin: running.origin });
});
