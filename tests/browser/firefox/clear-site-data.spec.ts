import { startImmichLab, type ImmichLab } from '../../lab/immich-server';
import { startSameAddressLabs } from '../../lab/port-80';
import { GONE, PLANTED, plantSiteData, reportedStatus, siteData } from '../../lab/site-data';
import { expect, openPopup, test, watchFromPopup } from './fixtures';

/**
 * Clear site data in Firefox ESR with the release build, on an Immich with a port (the default :2283
 * kind) and on port 80 (no port in the origin), each on a loopback address of its own
 * (tests/lab/port-80.ts). Firefox's browsingData matches cookies and service workers by host and local
 * storage and IndexedDB by `principal.hostPort` (gecko ext-browsingData.js; utils/clear/clear-plan.ts),
 * and cannot clear one site's Cache Storage, which the extension clears from the open tab.
 *
 * Beside the watched site, on the same address: another port, and (for the watched site with a port)
 * the default port 80, where a NAS page would be. What they lose must be exactly what the
 * confirmation said: their cookie (cookies ignore ports) and their service worker (Firefox removes
 * workers by host), never their local storage, IndexedDB or Cache Storage. A site on another host
 * keeps everything.
 */
for (const withPort of [true, false]) {
  test(`Firefox: clear site data on an origin ${withPort ? 'with' : 'without'} a port clears what it says, and other sites on the same address lose exactly what the confirmation named`, async ({ firefox }) => {
    const onClose: ImmichLab[] = [];
    const { host, watchedOrigin, neighbours, close } = await startSameAddressLabs(withPort);
    try {
      const otherHost = await startImmichLab();
      onClose.push(otherHost);
      expect(new URL(watchedOrigin).port === '').toBe(!withPort);
      const otherHostOrigin = `http://localhost:${otherHost.port}`;

      const watchedTab = await firefox.newTab();
      await plantSiteData(watchedTab, watchedOrigin);
      const neighbourTabs = [];
      for (const origin of neighbours) {
        const tab = await firefox.newTab();
        await plantSiteData(tab, origin);
        neighbourTabs.push(tab);
      }
      const otherHostTab = await firefox.newTab();
      await plantSiteData(otherHostTab, otherHostOrigin);
      for (const tab of [watchedTab, ...neighbourTabs, otherHostTab]) expect(await siteData(tab)).toEqual(PLANTED);

      // Marks this document: Watch reloads the site's open tab by itself, and the clearing starts from the reloaded page.
      await watchedTab.evaluate(() => void Object.assign(window, { beforeWatch: true }));
      const popup = await openPopup(firefox, watchedOrigin);
      await watchFromPopup(popup);
      await watchedTab.waitFor(() => !('beforeWatch' in window) && document.body?.dataset.state === 'done', undefined, { timeout: 15_000, what: 'waiting for Watch to reload the tab' });
      // Marks the reloaded document: the one read after clearing must be reloaded again.
      await watchedTab.evaluate(() => void Object.assign(window, { beforeClear: true }));
      await popup.click('[data-action="clear-site-data"]');
      await popup.waitForSelector('[role="alertdialog"]');
      expect(await popup.count('[role="alertdialog"] [data-asked]')).toBe(5);
      expect(await popup.text('[data-asked="cacheStorage"]')).toContain('only if a tab of this site is open');
      expect(await popup.text('[data-not-asked="cache"]')).toContain('Firefox can clear it only for every site at once');
      // What the confirmation promises other sites on this address lose: cookies and service workers.
      expect(await popup.text('[data-cookie-scope]')).toBe(`Cookies of the address ${host}, whatever the port: you are logged out of this site and of every other site on ${host}.`);
      expect(await popup.text('[data-spill="serviceWorkers"]')).toBe(`Service workers: Firefox removes them by host name, so those of every other site on the address ${host}, whatever its port, go too.`);
      const watchedHost = new URL(watchedOrigin).host;
      expect(await popup.text('[data-spill="localStorage indexedDB"]')).toBe(
        `Local storage and IndexedDB: Firefox clears them for ${watchedHost} under http and https alike, so https://${watchedHost} loses its own too.`,
      );
      expect(await popup.text('[data-other-sites]')).toBe('Apart from what is named above, other sites keep their data.');
      await popup.click('[data-action="confirm-clear-site-data"]');

      expect(await reportedStatus(popup)).toEqual({ cookies: 'cleared', localStorage: 'cleared', indexedDB: 'cleared', cacheStorage: 'cleared', serviceWorkers: 'cleared', cache: 'not-checked' });
      expect(await popup.getAttribute('.clear-result', 'data-result')).toBe('complete');
      expect(await popup.text('[data-kind="cache"]')).toContain('Firefox can clear it only for every site at once');
      expect(await popup.text('.clear-result')).toContain(`in the open tab ${watchedOrigin}/photos?sw=0`);

      // The popup's words match what is there, read independently once the tab has reloaded.
      await watchedTab.waitFor(() => !('beforeClear' in window) && document.body?.dataset.state === 'done', undefined, { timeout: 15_000, what: 'waiting for the tab to reload' });
      expect(await siteData(watchedTab)).toEqual(GONE);
      // The same address on another port: the cookie and the worker, as said; its storage stays.
      for (const [index, tab] of neighbourTabs.entries()) expect(await siteData(tab), neighbours[index]).toEqual({ ...PLANTED, loggedIn: false, serviceWorkers: 0 });
      expect(await siteData(otherHostTab)).toEqual(PLANTED);
    } finally {
      for (const lab of onClose) await lab.close();
      await close();
    }
  });
}

test('Firefox: with no tab of the site open, Cache Storage cannot be cleared, and the result says so instead of "complete"', async ({ firefox }) => {
  const lab = await startImmichLab();
  try {
    const origin = `http://localhost:${lab.port}`;
    const popup = await openPopup(firefox, origin);
    await watchFromPopup(popup);
    await popup.click('[data-action="clear-site-data"]');
    await popup.waitForSelector('[role="alertdialog"]');
    await popup.click('[data-action="confirm-clear-site-data"]');
    expect(await reportedStatus(popup)).toMatchObject({ cookies: 'cleared', cacheStorage: 'not-cleared' });
    expect(await popup.getAttribute('.clear-result', 'data-result')).toBe('incomplete');
    expect(await popup.text('.clear-summary')).toBe('Not everything is gone: Cache Storage could not be cleared.');
    expect(await popup.text('[data-kind="cacheStorage"]')).toContain('Not cleared, and no tab of this site was open: this browser can clear it only from there.');
  } finally {
    await lab.close();
  }
});
