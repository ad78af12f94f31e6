import { SCOPE_NAMES } from '../../../utils/present/labels';
import { expectedIn, REPRESENTATIVE_SCENARIOS, scenarioByName } from '../../lab/scenarios';
import { firstCause, settledCounts } from '../popup-counts';
import { expect, test } from './fixtures';

/**
 * A representative set of the failure lab's scenarios (the same list and browse walks the Chromium
 * suite plays), in Firefox ESR with the build users install: Watch in the popup, browse at once, and
 * the real popup must name the cause first. One per layer: storage, proxy 413, proxy with Immich down,
 * the WebSocket, and a healthy site.
 */
for (const name of REPRESENTATIVE_SCENARIOS) {
  const scenario = scenarioByName(name);
  if (!scenario) throw new Error(`no lab scenario named ${name}`);
  const expected = expectedIn(scenario, 'firefox');
  test(`${scenario.name}: ${scenario.description}`, async ({ playScenario }) => {
    const { popup } = await playScenario(scenario.name);
    const summary = await settledCounts(popup);
    // Counts that held still for 800 ms do not promise the cards are in their last state (the popup
    // re-renders on each write): what it names is polled, as Playwright's auto-waiting expect does.
    if (expected === 'healthy') {
      expect(summary.failures).toBe(0);
      await expect.poll(() => popup.getAttribute('section.watched', 'data-state')).toBe('healthy');
      expect(await popup.count('[data-cause]')).toBe(0);
      return;
    }
    expect(summary.failures).toBeGreaterThan(0);
    await expect
      .poll(async () => ({ state: await popup.getAttribute('section.watched', 'data-state'), ...(await firstCause(popup)) }))
      .toEqual({ state: 'failing', cause: expected.cause, responder: expected.responder });
    if (expected.scope) await expect.poll(() => popup.text('[data-cause] .tags')).toContain(SCOPE_NAMES[expected.scope]);
  });
}
