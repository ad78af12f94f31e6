import { mkdirSync } from 'node:fs';
import { SCENARIOS } from '../lab/scenarios';
import { expect, test } from './fixtures';

/**
 * Every failure-lab scenario, end to end: the built test extension in Chromium watches the proxy's
 * origin, the page is browsed as a user would, and the real popup must name the cause first.
 */
/** Screenshots of the real popup, one per scenario; the README's come from here (SCREENSHOT_DIR=docs/screenshots). */
const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? '.output/screenshots';
mkdirSync(SCREENSHOTS, { recursive: true });

for (const scenario of SCENARIOS) {
  test(`${scenario.name}: ${scenario.description}`, async ({ extension, playScenario }) => {
    const { running } = await playScenario(scenario.name);
    const popup = await extension.openPopup(running.origin);
    // The size of a toolbar popup (Chrome caps popups at 800 × 600).
    await popup.setViewportSize({ width: 480, height: 600 });
    if (scenario.expected === 'healthy') {
      await expect(popup.locator('section.watched')).toHaveAttribute('data-state', 'healthy');
      await expect(popup.locator('[data-cause]')).toHaveCount(0);
    } else {
      const first = popup.locator('[data-cause]').first();
      await expect(first).toHaveAttribute('data-cause', scenario.expected.cause);
      await expect(first).toHaveAttribute('data-responder', scenario.expected.responder);
      if (scenario.expected.scope) await expect(first).toContainText(SCOPE_LABEL[scenario.expected.scope]);
    }
    await popup.screenshot({ path: `${SCREENSHOTS}/${scenario.name}.png` });
    await popup.emulateMedia({ colorScheme: 'dark' });
    await popup.screenshot({ path: `${SCREENSHOTS}/${scenario.name}-dark.png` });
  });
}

const SCOPE_LABEL = { thumbnails: 'thumbnails and previews', originals: 'originals and videos', all: 'all media' } as const;
