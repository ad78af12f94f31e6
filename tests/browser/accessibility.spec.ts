import AxeBuilder from '@axe-core/playwright';
import { browseTimeline, expect, test } from './fixtures';

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

test('the popup is usable with the keyboard alone', async ({ extension, startLab, startNginx }) => {
  // Two causes at once, so that the popup has more than one card: thumbnails gone from disk, and nginx
  // not forwarding the WebSocket upgrade.
  const lab = await startLab({ thumbnailsMissing: true });
  const proxy = await startNginx(`127.0.0.1:${lab.port}`, 'no-websocket');
  const page = await extension.context.newPage();
  await extension.watch(proxy.url);
  await extension.warmUp(proxy.url, page);
  await browseTimeline(page, proxy.url, '?viewer=1');
  const popup = await extension.openPopup(proxy.url);
  const cards = popup.locator('details.card');
  await expect.poll(() => cards.count(), { message: 'the popup shows at least two cards' }).toBeGreaterThanOrEqual(2);
  const [first, second] = [cards.first(), cards.nth(1)];
  // The first card is open, the others one click (or key) away.
  await expect(first).toHaveAttribute('open', '');
  await expect(second).not.toHaveAttribute('open', '');
  // The first card opens and closes from the keyboard; then Tab reaches its first step's "done" box,
  // its command and its copy button.
  await first.locator(':scope > summary').focus();
  await popup.keyboard.press('Enter');
  await expect(first).not.toHaveAttribute('open', '');
  await popup.keyboard.press('Enter');
  await expect(first).toHaveAttribute('open', '');
  await popup.keyboard.press('Tab');
  await expect(popup.locator(':focus')).toHaveAttribute('aria-label', /^Done: /);
  await popup.keyboard.press('Tab');
  await expect(popup.locator(':focus')).toHaveAttribute('aria-label', /^Command: /);
  await popup.keyboard.press('Tab');
  await expect(popup.locator(':focus')).toHaveAttribute('data-action', 'copy');
  // Tabbing on, past the first card's other checks, reaches the second card, and Enter opens it.
  const secondSummary = second.locator(':scope > summary');
  for (let presses = 0; presses < 60 && !(await secondSummary.evaluate((summary) => summary === document.activeElement)); presses++) {
    await popup.keyboard.press('Tab');
  }
  await expect(secondSummary).toBeFocused();
  await expect(second).not.toHaveAttribute('open', '');
  await popup.keyboard.press('Enter');
  await expect(second).toHaveAttribute('open', '');
  await expect(first).toHaveAttribute('open', '');
});
