import { GONE, PLANTED, plantSiteData, reportedStatus, siteData } from '../../lab/site-data';
import { expect, test } from './fixtures';

/**
 * Clear site data with the build users install: the checks after clearing read cookies (`cookies`)
 * and the open tab's storage (`scripting`) under the host access granted at runtime with the real
 * dialog, not under the test build's install-time grant.
 */
test('after Watch → Allow, Clear site data clears and checks what it says, through the runtime grant', async ({ release, startScenario }) => {
  const running = await startScenario('healthy');
  const tab = await release.context.newPage();
  await plantSiteData(tab, running.origin);
  expect(await siteData(tab)).toEqual(PLANTED);

  const popup = await release.openPopup(running.origin);
  const reloaded = tab.waitForEvent('load', { timeout: 20_000 });
  await release.watchFromPopup(popup, running.origin);
  // Watch reloads the site's open tab by itself: the clearing starts from the reloaded page.
  await reloaded;
  await tab.waitForSelector('body[data-state="done"]', { timeout: 20_000 });
  await tab.evaluate(() => void Object.assign(window, { beforeClear: true }));
  await popup.click('[data-action="clear-site-data"]');
  await popup.click('[data-action="confirm-clear-site-data"]');

  // Checked, not assumed: each kind was looked at through the runtime grant and found empty.
  expect(await reportedStatus(popup)).toEqual({ cookies: 'cleared', localStorage: 'cleared', indexedDB: 'cleared', cacheStorage: 'cleared', serviceWorkers: 'cleared', cache: 'not-checked' });
  await expect(popup.locator('.clear-result')).toContainText('1 tab(s) reloaded');
  await tab.waitForFunction(() => !('beforeClear' in window) && document.body?.dataset.state === 'done');
  expect(await siteData(tab)).toEqual(GONE);
});
