import { browseTimeline } from '../../lab/scenarios';
import { askWhoAmI } from '../session-cookie';
import { expect, test } from './fixtures';

test("measured: once the site is granted, the release build's requests carry the user's Immich session cookie (HttpOnly, SameSite=Lax), from the worker and from the popup", async ({ release, startScenario }) => {
  const running = await startScenario('healthy');
  const popup = await release.openPopup(running.origin);
  await release.watchFromPopup(popup, running.origin);
  // The user's login in a tab of the site sets the cookie, as Immich's login form does.
  const tab = await release.context.newPage();
  await browseTimeline(tab, running.origin);

  const worker = await release.currentWorker();
  const fromWorker = await worker.evaluate(askWhoAmI, running.origin);
  const fromPopup = await popup.evaluate(askWhoAmI, running.origin);
  for (const answers of [fromWorker, fromPopup]) {
    expect(answers).toEqual({ include: { status: 200, email: 'admin@lab.test' }, omit: { status: 401 } });
  }
});
