import { SCOPE_NAMES } from '../../../utils/present/labels';
import { expectedIn, REPRESENTATIVE_SCENARIOS, scenarioByName } from '../../lab/scenarios';
import { settledCounts } from '../popup-counts';
import { expect, test } from './fixtures';

/**
 * The representative scenarios (the list the Firefox suite plays too) with the Chrome build users
 * install: Watch in the popup, a real click on the browser's Allow, the site browsed at once with no
 * warm-up, and the real popup must name the cause first.
 */
for (const name of REPRESENTATIVE_SCENARIOS) {
  const scenario = scenarioByName(name);
  if (!scenario) throw new Error(`no lab scenario named ${name}`);
  const expected = expectedIn(scenario, 'chromium');
  test(`${scenario.name}: ${scenario.description}`, async ({ release, startScenario }) => {
    const running = await startScenario(scenario.name);
    const popup = await release.openPopup(running.origin);
    await release.watchFromPopup(popup, running.origin);
    const tab = await release.context.newPage();
    await running.browse(tab);
    const summary = await settledCounts(popup);
    expect(summary.requests).toBeGreaterThan(0);
    if (expected === 'healthy') {
      expect(summary.failures).toBe(0);
      await expect(popup.locator('section.watched')).toHaveAttribute('data-state', 'healthy');
      await expect(popup.locator('[data-cause]')).toHaveCount(0);
      return;
    }
    const first = popup.locator('[data-cause]').first();
    await expect(first).toHaveAttribute('data-cause', expected.cause);
    await expect(first).toHaveAttribute('data-responder', expected.responder);
    if (expected.scope) await expect(first.locator('.tags')).toContainText(SCOPE_NAMES[expected.scope]);
  });
}
