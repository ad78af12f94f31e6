import type { FirefoxTab } from './tab';
import { settledCounts } from '../popup-counts';
import { expect, test } from './fixtures';

/** The extension's API in its own pages (the popup runs in a moz-extension:// tab). */
declare const browser: typeof import('wxt/browser').browser;

/** The toolbar badge on the tab showing `origin`, asked in one of the add-on's pages. */
function badgeOf(extensionPage: FirefoxTab, origin: string): Promise<string> {
  return extensionPage.evaluate(async (site) => {
    // Every tab, filtered here: Firefox's match patterns name no port (docs/permissions.md).
    const tab = (await browser.tabs.query({})).find((candidate) => candidate.url?.startsWith(`${site}/`));
    return tab?.id === undefined ? '(no tab)' : browser.action.getBadgeText({ tabId: tab.id });
  }, origin);
}

/**
 * The toolbar badge in Firefox (the build users install, an event page that Firefox wakes and
 * suspends): on the tab that browsed the site, its failures, or ✓ when none failed, as in Chromium
 * (tests/browser/core.spec.ts).
 */
test('the badge counts the failures on the Immich tab', async ({ playScenario }) => {
  const { popup, running } = await playScenario('thumbnails-missing');
  const summary = await settledCounts(popup);
  expect(summary.failures).toBeGreaterThan(0);
  await expect.poll(() => badgeOf(popup, running.origin)).toMatch(/^[1-9]\d*$/);
});

test('the badge says ✓ on a healthy Immich tab', async ({ playScenario }) => {
  const { popup, running } = await playScenario('healthy');
  const summary = await settledCounts(popup);
  expect(summary.failures).toBe(0);
  await expect.poll(() => badgeOf(popup, running.origin)).toBe('✓');
});
