import { expect, test } from '@playwright/test';
import { POPUP_WEIGHT_LIMIT_KIB, popupWeight } from '../../popup-weight';
import { RELEASE_DIR } from './fixtures';

/**
 * The popup's JavaScript weight, held: a slip past the target went unseen until the bench measured it
 * (options-only code had landed in the chunk the popup shares with the options page; docs/testing.md).
 * Read from the release build users install, which `npm run test:browser` builds first.
 */
test('the popup of the release build loads at most 40 KiB of JavaScript, gzipped', () => {
  const { kibibytes, scripts } = popupWeight(RELEASE_DIR);
  expect(scripts.length, 'popup.html loads its scripts from chunks/').toBeGreaterThan(0);
  expect(kibibytes, `gzipped: ${scripts.join(', ')}`).toBeLessThanOrEqual(POPUP_WEIGHT_LIMIT_KIB);
});
