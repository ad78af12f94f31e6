import type { Page } from '@playwright/test';
import { originPatterns, wholeHostPatterns } from '../../../utils/origins/origin';
import { startLabOnPort80 } from '../../lab/port-80';
import type { ImmichLab } from '../../lab/immich-server';
import { browseTimeline } from '../../lab/scenarios';
import { popupCounts, readMatrixRow } from '../popup-counts';
import { expect, test, type ReleaseExtension } from './fixtures';
import { clickAllow } from './permission-prompt';

/**
 * Chromium gets a grant for the watched origin's port only (`http://127.0.0.1:PORT/*` and
 * `ws://127.0.0.1:PORT/*`, utils/origins/origin.ts), not for every port of its host. What must still
 * hold with that grant alone: every request of the first page browsed is reported, its thumbnails and
 * its WebSocket included. And users of an earlier version, who granted the whole host, stay watched.
 */

declare const chrome: typeof import('wxt/browser').browser;

/** The host patterns the extension holds, as the browser lists them. */
async function grantedOrigins(release: ReleaseExtension): Promise<string[]> {
  const worker = await release.currentWorker();
  return worker.evaluate(async () => (await chrome.permissions.getAll()).origins ?? []);
}

async function contains(release: ReleaseExtension, origins: string[]): Promise<boolean> {
  const worker = await release.currentWorker();
  return worker.evaluate((patterns) => chrome.permissions.contains({ origins: patterns }), origins);
}

/**
 * Browses the timeline once (no service worker: the lab's count is exact) and checks that the popup
 * counts every request the lab answered, every thumbnail loaded and the one WebSocket connected.
 */
async function expectEverythingReported(release: ReleaseExtension, popup: Page, origin: string, lab: Pick<ImmichLab, 'servedDuring'>): Promise<void> {
  const tab = await release.context.newPage();
  const served = await lab.servedDuring(() => browseTimeline(tab, origin, '?sw=0'));
  const thumbnails = await tab.locator('#grid img').count();
  expect(served).toBeGreaterThan(10);
  expect(thumbnails).toBeGreaterThan(5);
  await expect.poll(async () => (await popupCounts(popup)).requests, { timeout: 15_000 }).toBeGreaterThanOrEqual(served);
  expect(await popupCounts(popup)).toEqual({ requests: served, failures: 0 });
  expect(await popup.evaluate(readMatrixRow, 'Thumbnails')).toEqual({ ok: thumbnails, failed: 0 });
  expect(await popup.evaluate(readMatrixRow, 'WebSocket')).toEqual({ ok: 1, failed: 0 });
}

/** Stop watching in the popup (confirmed), then no host grant is left. */
async function stopWatchingLeavesNoGrant(release: ReleaseExtension, popup: Page): Promise<void> {
  await popup.click('[data-action="unwatch"]');
  await popup.click('[data-action="confirm-unwatch"]');
  await expect.poll(() => grantedOrigins(release)).toEqual([]);
}

for (const withPort of [true, false]) {
  test(`Watch grants this port only${withPort ? '' : ' (port 80, named, for an origin without one)'}, and with that grant alone the page, its thumbnails and its WebSocket are all reported`, async ({ release, startScenario }) => {
    const lab = withPort ? undefined : await startLabOnPort80();
    try {
      const running = lab ? { origin: new URL(lab.url).origin, lab } : await startScenario('healthy');
      const { origin } = running;
      const { hostname, port } = new URL(origin);
      const named = port || '80';
      expect(port === '').toBe(!withPort);
      const popup = await release.openPopup(origin);
      const { prompted } = await release.watchFromPopup(popup, origin);
      expect(prompted).toBe(true);

      // The grant is exactly this origin's port, for its pages and its WebSocket: nothing else of the host.
      const expected = [`http://${hostname}:${named}/*`, `ws://${hostname}:${named}/*`];
      expect(originPatterns(origin, 'chromium')).toEqual(expected);
      expect((await grantedOrigins(release)).sort()).toEqual([...expected].sort());
      expect(await contains(release, wholeHostPatterns(origin))).toBe(false);
      expect(await contains(release, [`http://${hostname}:${Number(named) + 1}/*`])).toBe(false);

      await expectEverythingReported(release, popup, origin, running.lab!);
      // Stop watching gives exactly that grant back.
      await stopWatchingLeavesNoGrant(release, popup);
    } finally {
      await lab?.close();
    }
  });
}

test('a whole-host grant from an earlier version still counts: the site stays watched and recorded, and Stop watching gives the whole host back', async ({ release, startScenario }, testInfo) => {
  const running = await startScenario('healthy');
  const { origin } = running;
  // What an earlier version left: the whole host granted through the browser's real dialog, and the
  // origin in the watched list.
  const page = await release.context.newPage();
  await page.goto(`chrome-extension://${release.id}/options.html`);
  await page.evaluate((origins) => {
    const button = document.createElement('button');
    button.id = 'old-grant';
    button.textContent = 'grant the whole host';
    button.style.cssText = 'position:fixed;inset:0 auto auto 0;width:240px;height:80px;z-index:2147483647';
    button.onclick = () => {
      void chrome.permissions.request({ origins }).then((granted) => (document.body.dataset.granted = String(granted)));
    };
    document.body.append(button);
  }, wholeHostPatterns(origin));
  await page.click('#old-grant');
  await clickAllow(release.display, testInfo.outputPath('permission-prompt.png'));
  await expect(page.locator('body')).toHaveAttribute('data-granted', 'true');
  const worker = await release.currentWorker();
  await worker.evaluate((watched) => chrome.storage.local.set({ watchedOrigins: watched }), [origin]);
  await page.close();
  expect((await grantedOrigins(release)).sort()).toEqual(wholeHostPatterns(origin).sort());

  // The port-specific patterns this version asks for are contained in the old grant.
  expect(await release.hasAccess(origin)).toBe(true);
  const popup = await release.openPopup(origin);
  await expect(popup.locator('main')).toHaveAttribute('data-phase', 'watched');
  await expect(popup.locator('[data-state="access-missing"]')).toHaveCount(0);
  await expectEverythingReported(release, popup, origin, running.lab!);
  // Removing the port-specific patterns alone would leave the old grant in place (measured): Stop
  // watching removes that too.
  await stopWatchingLeavesNoGrant(release, popup);
});
