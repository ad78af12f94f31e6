import { browseTimeline, scenarioByName } from '../../lab/scenarios';
import { askWhoAmI } from '../session-cookie';
import { expect, openPopup, test, watchFromPopup } from './fixtures';

test("measured: once the site is granted, the extension's requests carry the user's Immich session cookie (HttpOnly, SameSite=Lax), from the popup", async ({ firefox }) => {
  const running = await scenarioByName('healthy')!.start();
  try {
    const popup = await openPopup(firefox, running.origin);
    await watchFromPopup(popup);
    // The user's login in a tab of the site sets the cookie, as Immich's login form does.
    const tab = await firefox.newTab();
    await browseTimeline(tab, running.origin);
    expect(await popup.evaluate(askWhoAmI, running.origin)).toEqual({ include: { status: 200, email: 'admin@lab.test' }, omit: { status: 401 } });
  } finally {
    await running.stop();
  }
});
