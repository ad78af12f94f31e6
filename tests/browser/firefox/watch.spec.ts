import { browseTimeline, scenarioByName, type RunningScenario } from '../../lab/scenarios';
import { expect, openPopup, settledSummary, test, watchFromPopup } from './fixtures';

/** The extension's API in its own pages (the popup runs in a moz-extension:// tab). */
declare const browser: typeof import('wxt/browser').browser;

test('watch flow: the popup asks for the site, Watch grants it, and the first browse right after is recorded in full', async ({ firefox }) => {
  const running: RunningScenario = await scenarioByName('healthy')!.start();
  try {
    const lab = running.lab!;
    const popup = await openPopup(firefox, running.origin);
    const hasAccess = () => popup.evaluate((origin) => browser.permissions.contains({ origins: [`${new URL(origin).protocol}//${new URL(origin).hostname}/*`] }), running.origin);
    // The release build starts with no access to the site: the popup offers to watch it.
    expect(await popup.attribute('main', 'data-phase')).toBe('not-watched');
    expect(await hasAccess()).toBe(false);

    await watchFromPopup(popup);
    expect(await hasAccess()).toBe(true);

    // Browse at once, as a user does: no warm-up. Without the lab's service worker (?sw=0) and with an
    // empty cache, every request the browser makes reaches the lab once, so the lab's count is exact.
    const servedBefore = lab.requestsServed();
    const tab = await firefox.newTab();
    await browseTimeline(tab, running.origin, '?sw=0');
    const served = lab.requestsServed() - servedBefore;
    expect(served).toBeGreaterThan(10);

    const summary = await settledSummary(popup);
    expect(summary).toEqual({ requests: served, failures: 0 });
    expect(await popup.attribute('section.watched', 'data-state')).toBe('healthy');
  } finally {
    await running.stop();
  }
});
