import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

declare const chrome: typeof import('wxt/browser').browser;

/**
 * The destructive actions (issue 10): Clear site data, Stop watching and the options page's Remove ask
 * first, in a confirmation that names what goes. With the keyboard: focus lands on Cancel, Tab goes on
 * to the destructive button (Cancel comes first), Escape closes it and gives the focus back to the
 * button that opened it. Cancel keeps everything.
 */

/** Where `SAFE_ACTIONS_SCREENSHOTS=<dir>` saves the popup with each confirmation open, light and dark. */
const SCREENSHOTS = process.env.SAFE_ACTIONS_SCREENSHOTS;

const focused = (page: Page) => page.locator(':focus');

/** Opens a confirmation from its button with the keyboard, and checks focus order and Escape. */
async function keyboardRoundTrip(page: Page, opener: Locator, action: string): Promise<Locator> {
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.locator(`[role="alertdialog"][data-confirm="${action}"]`);
  await expect(dialog).toBeVisible();
  await expect(opener).toHaveAttribute('aria-expanded', 'true');
  // Focus moves into the confirmation, on Cancel; the destructive button comes after it.
  await expect(focused(page)).toHaveAttribute('data-action', `cancel-${action}`);
  await page.keyboard.press('Tab');
  await expect(focused(page)).toHaveAttribute('data-action', `confirm-${action}`);
  await expect(focused(page)).toHaveClass(/\bdanger\b/);
  await page.keyboard.press('Shift+Tab');
  await expect(focused(page)).toHaveAttribute('data-action', `cancel-${action}`);
  // Escape closes it, from either button, and the focus goes back to the button that opened it.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
  await expect(opener).toHaveAttribute('aria-expanded', 'false');
  // Enter on Cancel closes it the same way.
  await page.keyboard.press('Enter');
  await expect(focused(page)).toHaveAttribute('data-action', `cancel-${action}`);
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
  // Open again for the caller.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  return dialog;
}

async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((violation) => `${what}, ${colorScheme}: ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
    if (SCREENSHOTS) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `${what}-${colorScheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: null });
}

test('Clear site data in an expired session\'s card: the keyboard reaches it after the checks, its confirmation takes the focus, Escape closes it; axe clean in both themes', async ({ extension, playScenario }) => {
  const { running } = await playScenario('session-expired');
  const popup = await extension.openPopup(running.origin);
  await popup.setViewportSize({ width: 480, height: 600 });
  const card = popup.locator('[data-cause="session-expired"]');
  const opener = card.locator('.remedy [data-action="clear-site-data"]');
  await expect(opener).toBeVisible();
  // Tabbing through the open card from its title reaches the remedy only after every check's controls.
  await card.locator(':scope > summary').focus();
  const stops: string[] = [];
  for (let presses = 0; presses < 40 && !(await opener.evaluate((button) => button === document.activeElement)); presses++) {
    await popup.keyboard.press('Tab');
    stops.push(await focused(popup).evaluate((element) => (element.closest('.checks') ? 'check' : element.closest('.remedy') ? 'remedy' : 'other')));
  }
  await expect(opener).toBeFocused();
  expect(stops.at(-1)).toBe('remedy');

  const dialog = await keyboardRoundTrip(popup, opener, 'clear-site-data');
  await expect(dialog).toHaveAccessibleName('Confirm clearing site data');
  // The lab is on an IP address: Chrome clears that host's cookies, every port.
  const host = new URL(running.origin).hostname;
  await expect(dialog.locator('[data-asked="cookies"]')).toHaveText(`Cookies of the address ${host}, whatever the port: you are logged out of this site and of every other site on ${host}.`);
  await expect(dialog.locator('[data-action="confirm-clear-site-data"]')).toHaveText('Clear and reload');
  // Danger, not primary: a red button distinct from the accent colour.
  const colours = await popup.evaluate(() => {
    const danger = getComputedStyle(document.querySelector('[data-action="confirm-clear-site-data"]')!).backgroundColor;
    const probe = document.createElement('button');
    probe.className = 'primary';
    document.body.append(probe);
    const primary = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return { danger, primary };
  });
  expect(colours.danger).not.toBe(colours.primary);
  await card.scrollIntoViewIfNeeded();
  await dialog.scrollIntoViewIfNeeded();
  await expectNoAxeViolations(popup, 'clear-site-data');

  // Cancel clears nothing: the popup is back to the offer, with no result.
  await popup.click('[data-action="cancel-clear-site-data"]');
  await expect(dialog).toHaveCount(0);
  await expect(popup.locator('.clear-result')).toHaveCount(0);
  await expect(opener).toBeVisible();
});

test('Clear site data names the registrable domain whose cookies Chrome clears: "cookies of example.com and all its subdomains"', async ({ extension }) => {
  // Nothing is cleared: the confirmation is only read, then cancelled. The test build may watch any host.
  for (const [origin, words] of [
    ['https://photos.example.com', 'Cookies of example.com and all its subdomains, whatever the port: you are logged out of every site under example.com, not only photos.example.com.'],
    ['https://immich.tail1234.ts.net', 'Cookies of tail1234.ts.net and all its subdomains, whatever the port: you are logged out of every site under tail1234.ts.net, not only immich.tail1234.ts.net.'],
    ['https://example.org', 'Cookies of example.org and all its subdomains, whatever the port: you are logged out of every site under example.org.'],
  ] as const) {
    await extension.watch(origin);
    const popup = await extension.openPopup(origin);
    // No diagnosis offers it: plain, at the bottom.
    const opener = popup.locator('section.clear:not(.in-card) [data-action="clear-site-data"]');
    await expect(opener).not.toHaveClass(/primary/);
    await opener.click();
    const dialog = popup.getByRole('alertdialog', { name: 'Confirm clearing site data' });
    await expect(dialog.locator('[data-asked="cookies"]')).toHaveText(words);
    await expect(dialog).toContainText(`Clear the data of ${origin} in this browser?`);
    for (const kind of ['localStorage', 'indexedDB', 'cacheStorage', 'serviceWorkers', 'cache']) await expect(dialog.locator(`[data-asked="${kind}"]`)).toBeVisible();
    await expect(popup.locator('[data-action="cancel-clear-site-data"]')).toBeFocused();
    await popup.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await popup.close();
  }
});

test('Stop watching asks first, naming the log and the access that go; Cancel and Escape keep both; axe clean in both themes', async ({ extension, playScenario }) => {
  const { running } = await playScenario('thumbnails-missing');
  const popup = await extension.openPopup(running.origin);
  await popup.setViewportSize({ width: 480, height: 600 });
  await expect(popup.locator('[data-cause]').first()).toBeVisible();
  const before = await extension.storedLog(running.origin);
  const opener = popup.locator('[data-action="unwatch"]');
  await expect(opener).toHaveText('Stop watching…');

  const dialog = await keyboardRoundTrip(popup, opener, 'unwatch');
  await expect(dialog).toHaveAccessibleName('Confirm stop watching');
  await expect(dialog).toContainText(`Stop watching ${running.origin}? This deletes the log of ${running.origin}, its saved API key, direct address and last checks, and Immich Doctor's access to it.`);
  await dialog.scrollIntoViewIfNeeded();
  await expectNoAxeViolations(popup, 'stop-watching');

  // Cancel keeps everything: still watched, the same log.
  await popup.click('[data-action="cancel-unwatch"]');
  await expect(dialog).toHaveCount(0);
  await expect(popup.locator('main')).toHaveAttribute('data-phase', 'watched');
  expect((await extension.storedLog(running.origin)).counters).toEqual(before.counters);
  const worker = await extension.currentWorker();
  expect(await worker.evaluate(() => chrome.storage.local.get('watchedOrigins'))).toMatchObject({ watchedOrigins: expect.arrayContaining([running.origin]) });

  // Confirming stops watching.
  await opener.click();
  await popup.click('[data-action="confirm-unwatch"]');
  await expect(popup.locator('main')).toHaveAttribute('data-phase', 'not-watched');
});

test('options page: Stop watching asks first, naming the log and the access that go; Cancel and Escape keep the site; axe clean in both themes', async ({ extension, startLab }) => {
  const lab = await startLab();
  await extension.watch(lab.url);
  const options = await extension.context.newPage();
  await options.goto(`chrome-extension://${extension.id}/options.html`);
  await expect(options.locator('.origins code')).toHaveText([lab.url]);
  const opener = options.locator('[data-action="unwatch"]');

  const dialog = await keyboardRoundTrip(options, opener, 'unwatch');
  await expect(dialog).toHaveAccessibleName(`Confirm stop watching ${lab.url}`);
  await expect(dialog).toContainText(`Stop watching ${lab.url}? This deletes the log of ${lab.url}, its saved API key, direct address and last checks, and Immich Doctor's access to it.`);
  await expectNoAxeViolations(options, 'options-stop-watching');

  await options.click('[data-action="cancel-unwatch"]');
  await expect(dialog).toHaveCount(0);
  await options.reload();
  await expect(options.locator('.origins code')).toHaveText([lab.url]);

  await options.click('[data-action="unwatch"]');
  await options.click('[data-action="confirm-unwatch"]');
  await expect(options.locator('.origins')).toHaveCount(0);
});
