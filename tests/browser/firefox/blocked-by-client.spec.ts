import { BLOCKER_EXTENSION } from '../fixtures';
import { firstCause, settledCounts } from '../popup-counts';
import { expect, test } from './fixtures';

/**
 * Another add-on blocking Immich's requests (tests/fixtures/blocker-extension, a declarativeNetRequest
 * rule on every thumbnail, as an ad blocker's), with the Firefox build users install. Firefox ends such
 * requests with NS_ERROR_ABORT, and a page's own dropped loads with NS_BINDING_ABORTED
 * (utils/classify/network-error.ts): read as the page's own, the blocked thumbnails were noise and the
 * site read as healthy.
 */
test.use({ alsoInstall: [BLOCKER_EXTENSION] });

test('another add-on blocking the thumbnails is named first, not taken for the page dropping them', async ({ playScenario }) => {
  const { popup } = await playScenario('healthy');
  const summary = await settledCounts(popup);
  expect(summary.failures).toBeGreaterThan(0);
  await expect.poll(async () => ({ state: await popup.getAttribute('section.watched', 'data-state'), cause: (await firstCause(popup)).cause })).toEqual({ state: 'failing', cause: 'blocked-by-client' });
});
