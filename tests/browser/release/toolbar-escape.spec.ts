import { expect, test } from './fixtures';
import { ToolbarPopup } from './toolbar-popup';

/**
 * Escape in the real toolbar popup, where Chrome itself closes the popup on Escape: inside a
 * confirmation it must cancel the confirmation only (components/Confirmation.tsx handles it first),
 * keeping the popup, the log and the access; outside one, Chrome closes the popup as usual.
 */
test('the real toolbar popup: Escape cancels Stop watching and keeps the popup open; a second Escape closes it', async ({ release, display, startScenario }) => {
  const running = await startScenario('thumbnails-missing');
  const tab = await release.watchAndBrowse(running);
  const popup = await ToolbarPopup.open(release, display, tab);
  await popup.waitFor('[data-cause]');
  await popup.click('[data-action="unwatch"]');
  await popup.waitFor('[data-confirm="unwatch"]');
  expect(await popup.evaluate<string | null>('document.activeElement?.getAttribute("data-action") ?? null')).toBe('cancel-unwatch');

  await popup.press('Escape');
  await expect.poll(() => popup.evaluate<boolean>('document.querySelector(\'[data-confirm="unwatch"]\') === null')).toBe(true);
  // Still open a moment later: a popup Chrome closes on Escape is gone within milliseconds.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await popup.isOpen()).toBe(true);
  // Cancelled: still watched, the log kept, focus back on the button that opened the question.
  expect(await popup.getAttribute('main', 'data-phase')).toBe('watched');
  expect(await popup.evaluate<string | null>('document.activeElement?.getAttribute("data-action") ?? null')).toBe('unwatch');
  expect(await release.hasAccess(running.origin)).toBe(true);

  await popup.press('Escape');
  await expect.poll(() => popup.isOpen(), { timeout: 5_000 }).toBe(false);
});
