import { SCOPE_NAMES } from '../../../utils/present/labels';
import { expectedIn, REPRESENTATIVE_SCENARIOS, scenarioByName } from '../../lab/scenarios';
import { expect, settledSummary, test } from './fixtures';

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
    const summary = await settledSummary(popup);
    if (expected === 'healthy') {
      expect(summary.failures).toBe(0);
      expect(await popup.attribute('section.watched', 'data-state')).toBe('healthy');
      expect(await popup.count('[data-cause]')).toBe(0);
      return;
    }
    expect(summary.failures).toBeGreaterThan(0);
    expect(await popup.attribute('section.watched', 'data-state')).toBe('failing');
    expect({ cause: await popup.attribute('[data-cause]', 'data-cause'), responder: await popup.attribute('[data-cause]', 'data-responder') }).toEqual({
      cause: expected.cause,
      responder: expected.responder,
    });
    if (expected.scope) expect(await popup.text('[data-cause] .tags')).toContain(SCOPE_NAMES[expected.scope]);
  });
}
