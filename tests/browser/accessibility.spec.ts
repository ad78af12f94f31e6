import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

/** The popup with a diagnosis, in both themes, and the options page: no axe violations. */
test('popup and options page have no accessibility violations, light and dark', async ({ extension, playScenario }) => {
  const { running } = await playScenario('thumbnails-missing');
  const popup = await extension.openPopup(running.origin);
  await expect(popup.locator('[data-cause]').first()).toBeVisible();
  for (const colorScheme of ['light', 'dark'] as const) {
    await popup.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page: popup }).analyze();
    expect(violations.map((violation) => `${colorScheme}: ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  }
  const options = await extension.context.newPage();
  await options.goto(`chrome-extension://${extension.id}/options.html`);
  await expect(options.locator('.origins code').first()).toBeVisible();
  const { violations } = await new AxeBuilder({ page: options }).analyze();
  expect(violations.map((violation) => violation.id)).toEqual([]);
});

test('the popup is usable with the keyboard alone', async ({ extension, playScenario }) => {
  const { running } = await playScenario('thumbnails-missing');
  const popup = await extension.openPopup(running.origin);
  const second = popup.locator('details.card').nth(1);
  // The first card opens and closes from the keyboard; then Tab reaches its first command and its copy button.
  const summaries = popup.locator('details.card > summary');
  await summaries.first().focus();
  await popup.keyboard.press('Enter');
  await expect(popup.locator('details.card').first()).not.toHaveAttribute('open', '');
  await popup.keyboard.press('Enter');
  await expect(popup.locator('details.card').first()).toHaveAttribute('open', '');
  await popup.keyboard.press('Tab');
  await expect(popup.locator(':focus')).toHaveAttribute('aria-label', /^Command: /);
  await popup.keyboard.press('Tab');
  await expect(popup.locator(':focus')).toHaveAttribute('data-action', 'copy');
  if ((await second.count()) > 0) await expect(second).not.toHaveAttribute('open', '');
});
