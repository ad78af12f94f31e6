import { browseTimeline, scenarioByName, type RunningScenario } from '../../lab/scenarios';
import { settledCounts } from '../popup-counts';
import { expect, hasAccess, openPopup, test, watchFromPopup } from './fixtures';

test('watch flow: the popup asks for the site, Watch grants it, and the first browse right after is recorded in full', async ({ firefox }) => {
  const running: RunningScenario = await scenarioByName('healthy')!.start();
  try {
    const lab = running.lab!;
    const popup = await openPopup(firefox, running.origin);
    // The release build starts with no access to the site: the popup offers to watch it.
    expect(await popup.getAttribute('main', 'data-phase')).toBe('not-watched');
    expect(await hasAccess(popup, running.origin)).toBe(false);

    await watchFromPopup(popup);
    expect(await hasAccess(popup, running.origin)).toBe(true);

    // Browse at once, as a user does: no warm-up. Without the lab's service worker (?sw=0) and with an
    // empty cache, every request the browser makes reaches the lab once, so the lab's count is exact.
    const tab = await firefox.newTab();
    const served = await lab.servedDuring(() => browseTimeline(tab, running.origin, '?sw=0'));
    expect(served).toBeGreaterThan(10);

    const summary = await settledCounts(popup);
    expect(summary).toEqual({ requests: served, failures: 0 });
    expect(await popup.getAttribute('section.watched', 'data-state')).toBe('healthy');
  } finally {
    await running.stop();
  }
});
