import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { browseTimeline, expect, test, withoutCache } from './fixtures';
import { withUpstream } from '../lab/proxies';
import { settledCounts } from './popup-counts';

/**
 * Test again (issue 10): one click keeps the result as "before", starts the log afresh and reloads the
 * site's tabs, then shows the requests since beside before, with a verdict once the counts settle.
 */

/** Where the popup is saved with the comparison shown (not committed). */
const SCREENSHOTS = join(import.meta.dirname, '../../.output/screenshots');

const section = (popup: Page) => popup.locator('section.test-again');
const side = (popup: Page, which: 'before' | 'after') => section(popup).locator(`[data-side="${which}"]`);

async function sideCounts(locator: Locator): Promise<{ requests: number; failures: number }> {
  return { requests: Number(await locator.getAttribute('data-requests')), failures: Number(await locator.getAttribute('data-failures')) };
}

/** Waits through "checking…" to the verdict (the counts settle ~2 s apart while requests arrive). */
async function verdictOf(popup: Page): Promise<string> {
  await expect(section(popup)).toHaveAttribute('data-test-again', /^(fixed|still-failing|no-requests)$/, { timeout: 30_000 });
  return (await section(popup).getAttribute('data-test-again'))!;
}

test('Test again: "still failing" while the fault stays; fixed, "N requests since your change, 0 failed" beside before; kept when the popup reopens; keyboard; axe clean in both themes', async ({ extension, playScenario }) => {
  const { running, tab } = await playScenario('thumbnails-missing');
  const lab = running.lab!;
  // Every request of the reloads reaches the lab: its count is exact.
  await withoutCache(tab);
  let popup = await extension.openPopup(running.origin);
  await popup.setViewportSize({ width: 480, height: 600 });
  const first = await settledCounts(popup);
  expect(first.failures).toBeGreaterThan(0);
  const firstCause = await popup.locator('[data-cause]').first().getAttribute('data-cause');

  // Reached with Tab from the top of the popup, pressed with Enter.
  const button = popup.locator('[data-action="test-again"]');
  await expect(section(popup)).toHaveAttribute('data-test-again', 'offer');
  let presses = 0;
  while (!(await button.evaluate((element) => element === document.activeElement)) && presses++ < 20) await popup.keyboard.press('Tab');
  await expect(button).toBeFocused();
  const stillFailing = await lab.servedDuring(async () => {
    await popup.keyboard.press('Enter');
    // Calm while the reload's requests arrive: "checking…", not a verdict on half the page.
    await expect(section(popup)).toHaveAttribute('data-test-again', 'checking');
    // The button pressed is gone (replaced by the comparison's, disabled meanwhile): the keyboard is on the verdict, read next.
    await expect(section(popup).locator('.verdict-line')).toBeFocused();
    await expect(section(popup).locator('.verdict-line')).toContainText('Checking…');
    expect(await verdictOf(popup)).toBe('still-failing');
  });
  expect(stillFailing).toBeGreaterThan(10);
  expect(await sideCounts(side(popup, 'before'))).toEqual(first);
  // The lab's last request (a service worker's update check may follow the reload) is in the next batch.
  await expect.poll(async () => (await sideCounts(side(popup, 'after'))).requests).toBe(stillFailing);
  const after = await sideCounts(side(popup, 'after'));
  expect(after.failures).toBeGreaterThan(0);
  await expect(section(popup).locator('.verdict-line')).toHaveText(new RegExp(`^Still failing: ${after.failures} of ${stillFailing} requests failed, `));
  await expect(side(popup, 'before')).toContainText(`${first.requests} requests, ${first.failures} failed`);
  // Each side names the cause ranked first.
  await expect(side(popup, 'before').locator('.cause')).toHaveAttribute('data-cause', firstCause!);
  await expect(side(popup, 'after').locator('.cause')).toHaveAttribute('data-cause', firstCause!);

  mkdirSync(SCREENSHOTS, { recursive: true });
  await popup.screenshot({ path: join(SCREENSHOTS, 'test-again-still-failing-light.png') });

  // Closed and opened again: the same comparison, from storage.
  await popup.close();
  popup = await extension.openPopup(running.origin);
  await popup.setViewportSize({ width: 480, height: 600 });
  await expect(section(popup)).toHaveAttribute('data-test-again', 'still-failing');
  expect(await sideCounts(side(popup, 'after'))).toEqual(after);

  // The user fixes the fault, then tests again (a click this time).
  lab.setFaults({ thumbnailsMissing: false });
  const fixed = await lab.servedDuring(async () => {
    await popup.click('[data-action="test-again"]');
    // The earlier verdict gives way to "checking…" first.
    await expect(section(popup)).toHaveAttribute('data-test-again', 'checking');
    expect(await verdictOf(popup)).toBe('fixed');
  });
  expect(fixed).toBeGreaterThan(10);
  await expect.poll(async () => (await sideCounts(side(popup, 'after'))).requests).toBe(fixed);
  await expect(side(popup, 'after')).toContainText(`${fixed} requests since your change, 0 failed`);
  await expect(section(popup).locator('.verdict-line')).toHaveText(`Fixed: ${fixed} requests, none failed.`);
  // Before is what the previous test found: still failing.
  expect(await sideCounts(side(popup, 'before'))).toEqual(after);
  await expect(side(popup, 'after').locator('.cause')).toHaveText('Nothing failed.');

  for (const colorScheme of ['light', 'dark'] as const) {
    await popup.emulateMedia({ colorScheme });
    await section(popup).scrollIntoViewIfNeeded();
    const { violations } = await new AxeBuilder({ page: popup }).analyze();
    expect(violations.map((violation) => `${colorScheme}: ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
    await popup.screenshot({ path: join(SCREENSHOTS, `test-again-fixed-${colorScheme}.png`) });
  }

  // Dismiss, from the keyboard: the offer again, nothing stored.
  await popup.locator('[data-action="dismiss-test-again"]').focus();
  await popup.keyboard.press('Enter');
  await expect(section(popup)).toHaveAttribute('data-test-again', 'offer');
  // Dismiss went with the comparison: the keyboard is on the offer's Test again.
  await expect(popup.locator('[data-action="test-again"]')).toBeFocused();
  await popup.close();
  popup = await extension.openPopup(running.origin);
  await expect(section(popup)).toHaveAttribute('data-test-again', 'offer');
});

test('Test again with no tab of the site open: "No requests yet: open the site", and Open the site gets the verdict', async ({ extension, playScenario }) => {
  const { running, tab } = await playScenario('thumbnails-missing');
  await tab.close();
  const popup = await extension.openPopup(running.origin);
  await popup.setViewportSize({ width: 480, height: 600 });
  await popup.click('[data-action="test-again"]');
  await expect(section(popup)).toHaveAttribute('data-test-again', 'no-requests');
  await expect(section(popup).locator('.verdict-line')).toHaveText('No requests yet: open the site (no tab of it was open to reload).');
  for (const colorScheme of ['light', 'dark'] as const) {
    await popup.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page: popup }).analyze();
    expect(violations.map((violation) => `${colorScheme}: ${violation.id}`)).toEqual([]);
    await popup.screenshot({ path: join(SCREENSHOTS, `test-again-no-requests-${colorScheme}.png`) });
  }

  const opened = extension.context.waitForEvent('page');
  await popup.click('[data-action="open-site"]');
  const site = await opened;
  await site.waitForURL((url) => url.origin === running.origin);
  // The new tab's requests are "after": checked, then a verdict.
  await expect(section(popup)).not.toHaveAttribute('data-test-again', 'no-requests', { timeout: 15_000 });
  expect(await verdictOf(popup)).toMatch(/^(fixed|still-failing)$/);
  expect((await sideCounts(side(popup, 'after'))).requests).toBeGreaterThan(0);
});

/**
 * The fix a card offers, done as its steps say, confirmed as its Verify step says: the SSO gateway's
 * card gives nginx's configuration to exempt /api from the gateway; pasted in place of the gated
 * `location /api/` (the step's own upstream replaced by the site's, as it asks), nginx started again
 * with it, and Test again says fixed. The web app's WebSocket goes through /api too: pasted first
 * without the snippet's Upgrade lines (as the step first was), the API answers but the socket keeps
 * failing, and Test again says "still failing".
 */
test("auth-gateway: the card's nginx configuration, pasted in place of the gated /api location, fixes it, and Test again confirms", async ({ extension, startLab, startNginx }) => {
  const lab = await startLab();
  const upstream = `127.0.0.1:${lab.port}`;
  const gated = await startNginx(upstream, 'forward-auth');
  const origin = gated.url;
  const tab = await extension.context.newPage();
  await extension.watch(origin);
  await extension.warmUpOrSkip(origin, tab);
  await browseTimeline(tab, origin);
  await extension.storedLog(origin);

  const popup = await extension.openPopup(origin);
  const card = popup.locator('[data-cause]').first();
  await expect(card).toHaveAttribute('data-cause', 'auth-gateway-redirect');
  const step = card.locator('ol.checks > li', { hasText: 'Exclude /api and /.well-known/immich from the gateway' });
  await expect(step).toContainText('Use your own upstream in proxy_pass');
  const config = (await step.locator('pre code').allTextContents()).join('\n');
  expect(config).toContain('location /api/ {');
  const pasted = withUpstream(config, upstream);
  expect(pasted).not.toContain('immich-server');

  const withoutUpgrade = pasted
    .split('\n')
    .filter((line) => !/Upgrade|"upgrade"/.test(line))
    .join('\n');
  expect(withoutUpgrade).not.toBe(pasted);
  let proxy = gated;
  for (const [apiLocations, verdict] of [
    [withoutUpgrade, 'still-failing'],
    [pasted, 'fixed'],
  ] as const) {
    await proxy.stop();
    proxy = await startNginx(upstream, 'forward-auth', { port: gated.port, apiLocations });
    const ping = await fetch(`${origin}/api/server/ping`, { redirect: 'manual' });
    expect(ping.status).toBe(200);
    expect(await ping.json()).toEqual({ res: 'pong' });
    await popup.click('[data-action="test-again"]');
    await expect(section(popup)).toHaveAttribute('data-test-again', 'checking');
    expect(await verdictOf(popup), verdict === 'fixed' ? 'the whole snippet' : 'the snippet without its Upgrade lines').toBe(verdict);
  }
  expect((await sideCounts(side(popup, 'after'))).failures).toBe(0);
});
