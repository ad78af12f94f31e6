import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Presses Tab until `selector` has the focus: the keyboard alone reaches it. */
export async function tabTo(page: Page, selector: string): Promise<void> {
  const target = page.locator(selector);
  for (let presses = 0; presses < 80 && !(await target.evaluate((element) => element === document.activeElement)); presses++) await page.keyboard.press('Tab');
  await expect(target).toBeFocused();
}

/** axe's violations on the page as it is, in the light and the dark theme (`what` names it in a failure). */
export async function expectAxeCleanInBothThemes(page: Page, what: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((violation) => `${what}, ${colorScheme}: ${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: null });
}
