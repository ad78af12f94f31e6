import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { PLANTED_SECRETS } from '../lab/planted-secrets';
import { plainText } from '../../utils/export/markdown';
import { exportFrom, SAVED } from './exports';
import { browseTimeline, expect, test } from './fixtures';
import { tabTo } from './keyboard';

declare const chrome: typeof import('wxt/browser').browser;

/**
 * Issue 10: Copy for a forum post (the host hidden unless included), the preview after saving, and the
 * options page as a dashboard of the watched sites. Screenshots at 480 × 600, light and dark, go to
 * `.output/screenshots/` (or `SCREENSHOT_DIR`).
 */
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? join(import.meta.dirname, '../../.output/screenshots');

async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((violation) => `${what}, ${colorScheme}: ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, `${what}-${colorScheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: null });
}


const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

test('Copy for a forum post behind nginx: names the cause, no host, no planted secret; the host only once included; keyboard; axe clean in both themes', async ({ extension, playScenario }) => {
  await extension.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { running } = await playScenario('thumbnails-missing', (tab, origin) => browseTimeline(tab, origin, '?viewer=1&secrets=1'));
  const { host, hostname } = new URL(running.origin);
  const popup = await extension.openPopup(running.origin);
  await popup.setViewportSize({ width: 480, height: 600 });
  const title = await popup.locator('[data-cause] .card-title').first().textContent();
  expect(title).toBeTruthy();

  // The sharing area opens, and copies, from the keyboard.
  await tabTo(popup, 'details.export > summary');
  await popup.keyboard.press('Enter');
  await tabTo(popup, '[data-action="copy-forum-post"]');
  await popup.keyboard.press('Enter');
  await expect(popup.locator('.export-status')).toContainText('host name hidden');
  const hidden = await clipboard(popup);
  expect(hidden).toContain(`most likely cause: ${title}`);
  expect(hidden).toContain('- Immich: v2.7.5');
  expect(hidden).toContain('- Answered by: Immich itself');
  // The proxy's own Server header, as the browser received it (Debian's nginx sends its version).
  expect(hidden).toMatch(/^- `Server` header of the failed answers: `nginx\/\d+\.\d+\.\d+`$/m);
  expect(hidden).toContain('- Site: `http://immich.example`');
  expect(hidden).not.toContain(hostname);
  for (const secret of PLANTED_SECRETS) expect(hidden, `the forum post leaks ${secret}`).not.toContain(secret);

  // Included on request, with the keyboard.
  await tabTo(popup, '[data-option="forum-include-host"]');
  await popup.keyboard.press('Space');
  await expect(popup.locator('[data-option="forum-include-host"]')).toBeChecked();
  await popup.click('[data-action="copy-forum-post"]');
  await expect(popup.locator('.export-status')).toContainText('with your host name');
  const included = await clipboard(popup);
  expect(included).toContain(`- Site: \`http://${host}\``);
  for (const secret of PLANTED_SECRETS) expect(included, `the forum post leaks ${secret}`).not.toContain(secret);

  // The preview follows what was saved: JSON previewed, then Markdown saved, shows the Markdown.
  await popup.click('[data-action="preview-json"]');
  await expect(popup.locator('[data-preview="json"]')).toContainText('"format": "immich-doctor-log"');
  await popup.click('[data-action="export-markdown"]');
  await expect(popup.locator('.export-status')).toContainText('Saved');
  await expect(popup.locator('[data-preview="markdown"]')).toContainText(`### 1. ${title}`);
  await expect(popup.locator('[data-preview="json"]')).toHaveCount(0);
  // And the forum post's own preview, as copied.
  await popup.click('[data-action="preview-forum-post"]');
  await expect(popup.locator('[data-preview="forum-post"]')).toContainText(`- Site: \`http://${host}\``);

  await popup.locator('.forum-post').scrollIntoViewIfNeeded();
  await expectNoAxeViolations(popup, 'popup-sharing');
});

test('a step ticked as done: by keyboard, still ticked when the popup opens again, listed in the forum post; axe clean', async ({ extension, playScenario }) => {
  await extension.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { running } = await playScenario('thumbnails-missing');
  let popup = await extension.openPopup(running.origin);
  await popup.setViewportSize({ width: 480, height: 600 });
  const box = popup.locator('[data-cause]').first().locator('[data-start-here] input[data-tried]');
  const title = await box.getAttribute('data-tried');
  expect(title).toBeTruthy();
  await expect(box).toHaveAccessibleName(`Done: ${title}`);
  await tabTo(popup, `[data-start-here] input[data-tried]`);
  await popup.keyboard.press('Space');
  await expect(box).toBeChecked();
  await expectNoAxeViolations(popup, 'popup-step-done');

  // The popup closes whenever the user goes to a terminal: the tick is still there when it opens again.
  await popup.close();
  popup = await extension.openPopup(running.origin);
  await expect(popup.locator('[data-cause]').first().locator('[data-start-here] input[data-tried]')).toBeChecked();
  await popup.click('details.export > summary');
  await popup.click('[data-action="copy-forum-post"]');
  await expect(popup.locator('.export-status')).toContainText('Copied');
  expect(await clipboard(popup)).toContain(`- Already tried (Immich Doctor's steps): ${plainText(title!)}\n`);

  // Unticked, it leaves the post.
  await popup.locator('[data-cause]').first().locator('[data-start-here] input[data-tried]').uncheck();
  await popup.click('[data-action="copy-forum-post"]');
  await expect.poll(() => clipboard(popup)).not.toContain('Already tried');
});

test('options page as a dashboard: each watched site with its failures, top cause and last activity; a corrupt summary reads "no report yet"; keyboard; axe clean in both themes', async ({ extension, playScenario }) => {
  const options = await extension.context.newPage();
  await options.setViewportSize({ width: 480, height: 600 });
  await options.goto(`chrome-extension://${extension.id}/options.html`);
  await expect(options.locator('[data-state="no-sites"]')).toContainText('No site watched yet');

  const failing = (await playScenario('thumbnails-missing')).running.origin;
  const healthy = (await playScenario('healthy')).running.origin;
  const popup = await extension.openPopup(failing);
  const title = await popup.locator('[data-cause] .card-title').first().textContent();
  await popup.close();
  // A third site whose stored summary is corrupt: nothing browses it, so nothing rewrites it.
  const corrupt = 'http://127.0.0.1:9';
  await extension.watch(corrupt);
  const worker = await extension.currentWorker();
  await worker.evaluate((origin) => chrome.storage.session.set({ [`summary:${origin}`]: '{"log": {"origin": 42}, "report": [' }), corrupt);

  // A fourth, watched but never browsed: its popup, opened once, stores its (empty) summary.
  const quiet = 'http://127.0.0.1:10';
  await extension.watch(quiet);
  await (await extension.openPopup(quiet)).close();

  await options.reload();
  const row = (origin: string) => options.locator(`li[data-site="${origin}"]`);
  await expect(row(quiet)).toHaveAttribute('data-state', 'waiting');
  await expect(row(quiet).locator('[data-stat="failures"]')).toHaveText('no requests yet');
  // Its only time is when watching began, said as such.
  await expect(row(quiet).locator('dt').last()).toHaveText('Watching since');
  await expect(row(failing).locator('dt').last()).toHaveText('Last activity');
  await expect(row(failing)).toHaveAttribute('data-state', 'failing');
  await expect(row(failing).locator('[data-stat="top-cause"]')).toHaveText(title!);
  await expect(row(failing).locator('[data-stat="failures"]')).toHaveText(/^[1-9][\d,]* of [\d,]+ requests$/);
  await expect(row(healthy)).toHaveAttribute('data-state', 'healthy');
  await expect(row(healthy).locator('[data-stat="failures"]')).toHaveText(/^0 of [1-9][\d,]* requests$/);
  await expect(row(healthy).locator('[data-stat="top-cause"]')).toHaveText('none: nothing failed');
  for (const origin of [failing, healthy]) {
    const activity = row(origin).locator('[data-stat="last-activity"]');
    await expect(activity).toHaveText(/^(just now|\d+ minutes? ago) \(.+\)$/);
    expect(Date.parse((await activity.locator('time').getAttribute('datetime'))!)).toBeGreaterThan(Date.now() - 10 * 60_000);
  }
  await expect(row(corrupt)).toHaveAttribute('data-state', 'reading');
  await expect(row(corrupt).locator('[data-stat="no-report"]')).toContainText('No report yet');
  for (const origin of [failing, healthy, corrupt]) await expect(row(origin).locator('a').first()).toHaveAttribute('href', origin);

  // Each site's link is reached with the keyboard, in the list's order.
  await tabTo(options, `li[data-site="${failing}"] a`);
  await tabTo(options, `li[data-site="${healthy}"] a`);

  // An export from the dashboard is said under the site it was of, with the name the file was saved as;
  // another site's export is said under that one, and leaves the first one's as it was.
  const failingLog = await exportFrom(row(failing), extension, 'json');
  expect(JSON.parse(failingLog.text).origin).toBe(failing);
  await expect(options.locator('.export-status')).toHaveCount(1);
  const healthyReport = await exportFrom(row(healthy), extension, 'markdown');
  expect(healthyReport.text).toContain(healthy);
  expect(SAVED.exec((await row(failing).locator('.export-status').textContent()) ?? '')?.[1]).toBe(basename(failingLog.path));
  await expect(options.locator('.export-status')).toHaveCount(2);
  await expectNoAxeViolations(options, 'options-dashboard');
});
