import { BLOCKER_EXTENSION } from '../fixtures';
import { settledCounts } from '../popup-counts';
import { expect, test } from './fixtures';

/**
 * Another extension blocking Immich's requests (an ad blocker's rule: tests/fixtures/blocker-extension
 * blocks every thumbnail), with the Chrome build users install: the lab's healthy site, watched and
 * browsed as a user does, must read as failing for that reason, not as healthy. Its Firefox twin is
 * tests/browser/firefox/blocked-by-client.spec.ts.
 */
test.use({ alsoLoad: [BLOCKER_EXTENSION] });

test('another extension blocking the thumbnails is named first, and counted on the badge', async ({ release, startScenario }) => {
  const running = await startScenario('healthy');
  const tab = await release.watchAndBrowse(running);
  const popup = await release.openPopup(running.origin);
  const summary = await settledCounts(popup);
  await expect.poll(() => release.badgeText(tab)).toMatch(/^[1-9]\d*$/);
  expect(summary.failures).toBeGreaterThan(0);
  await expect(popup.locator('section.watched')).toHaveAttribute('data-state', 'failing');
  await expect(popup.locator('[data-cause]').first()).toHaveAttribute('data-cause', 'blocked-by-client');
});
