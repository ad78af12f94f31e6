import { startImmichLab, type ImmichLab } from '../../lab/immich-server';
import { expect, openPopup, test, watchFromPopup } from './fixtures';
import type { FirefoxTab } from './tab';

/**
 * Clear site data in Firefox ESR with the release build, on an Immich with a port (the default :2283
 * kind) and on port 80 (no port in the origin). Firefox's browsingData matches cookies and service
 * workers by host and local storage and IndexedDB by host:port (measured; gecko ext-browsingData.js),
 * and cannot clear one site's Cache Storage, which the extension therefore clears from the open tab.
 * The popup must report each kind as it is, and the page, read independently, must agree.
 */

/** A cookie, local storage, IndexedDB, Cache Storage and a service worker, as the site's own page leaves them. */
async function plantSiteData(tab: FirefoxTab, origin: string): Promise<void> {
  await tab.goto(`${origin}/lab/login?next=${encodeURIComponent('/photos')}`);
  await tab.waitForSelector('body[data-state="done"]');
  await tab.evaluate(async () => {
    localStorage.setItem('lab-item', 'kept?');
    await new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('lab-db', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('assets');
      open.onsuccess = () => {
        open.result.close();
        resolve();
      };
      open.onerror = () => reject(open.error);
    });
    await (await caches.open('lab-cache')).put('/lab-cached', new Response('cached'));
    await navigator.serviceWorker.ready;
  });
  // A page that does not register the worker again when the extension reloads the tab.
  await tab.goto(`${origin}/photos?sw=0`);
  await tab.waitForSelector('body[data-state="done"]');
}

/**
 * The ground truth, read by the test in the page. The session cookie is HttpOnly: whether it is still
 * there is what the lab's API answers (200 logged in, 401 not).
 */
function siteData(tab: FirefoxTab) {
  return tab.evaluate(async () => ({
    loggedIn: (await fetch('/api/users/me', { credentials: 'same-origin' })).status === 200,
    localStorage: localStorage.getItem('lab-item'),
    indexedDB: (await indexedDB.databases()).map((database) => database.name),
    caches: await caches.keys(),
    serviceWorkers: (await navigator.serviceWorker.getRegistrations()).length,
  }));
}

const PLANTED = { loggedIn: true, localStorage: 'kept?', indexedDB: ['lab-db'], caches: ['lab-cache'], serviceWorkers: 1 };

/** What the popup reports per kind: `data-status` of each `[data-kind]` row. */
function reportedStatus(popup: FirefoxTab): Promise<Record<string, string | null>> {
  return popup.evaluate(() => Object.fromEntries([...document.querySelectorAll('.clear-result [data-kind]')].map((row) => [row.getAttribute('data-kind'), row.getAttribute('data-status')])));
}

for (const withPort of [true, false]) {
  test(`Firefox: clear site data on an origin ${withPort ? 'with' : 'without'} a port clears the cookie, local storage, IndexedDB, Cache Storage and service worker, as the popup reports`, async ({ firefox }) => {
    const labs: ImmichLab[] = [];
    try {
      labs.push(await startImmichLab({ port: withPort ? 0 : 80 }), await startImmichLab());
      const [watched, other] = labs as [ImmichLab, ImmichLab];
      const watchedOrigin = new URL(watched.url).origin; // the lab writes :80 out; browsers do not
      expect(new URL(watchedOrigin).port === '').toBe(!withPort);
      // Another host: cookies belong to a host whatever its port.
      const otherOrigin = `http://localhost:${other.port}`;
      const watchedTab = await firefox.newTab();
      const otherTab = await firefox.newTab();
      await plantSiteData(watchedTab, watchedOrigin);
      await plantSiteData(otherTab, otherOrigin);
      expect(await siteData(watchedTab)).toEqual(PLANTED);
      expect(await siteData(otherTab)).toEqual(PLANTED);

      // Marks this document: the one read afterwards must be the reloaded one.
      await watchedTab.evaluate(() => void Object.assign(window, { beforeClear: true }));
      const popup = await openPopup(firefox, watchedOrigin);
      await watchFromPopup(popup);
      await popup.click('[data-action="clear-site-data"]');
      await popup.waitForSelector('[role="alertdialog"]');
      expect(await popup.count('[role="alertdialog"] [data-asked]')).toBe(5);
      expect(await popup.text('[data-asked="cacheStorage"]')).toContain('only if a tab of this site is open');
      expect(await popup.text('[data-not-asked="cache"]')).toContain('Firefox can clear it only for every site at once');
      expect(await popup.text('[data-cookie-scope]')).toContain('Cookies are cleared for the address 127.0.0.1.');
      await popup.click('[data-action="confirm-clear-site-data"]');
      await popup.waitForSelector('.clear-result', { timeout: 20_000 });

      expect(await reportedStatus(popup)).toEqual({ cookies: 'cleared', localStorage: 'cleared', indexedDB: 'cleared', cacheStorage: 'cleared', serviceWorkers: 'cleared', cache: 'not-checked' });
      expect(await popup.attribute('.clear-result', 'data-result')).toBe('complete');
      expect(await popup.text('[data-kind="cache"]')).toContain('Firefox can clear it only for every site at once');
      expect(await popup.text('.clear-result')).toContain(`in the open tab ${watchedOrigin}/photos?sw=0`);

      // The popup's words match what is there, read independently once the tab has reloaded.
      await watchedTab.waitFor(() => !('beforeClear' in window) && document.body?.dataset.state === 'done', undefined, { timeout: 15_000, what: 'waiting for the tab to reload' });
      expect(await siteData(watchedTab)).toEqual({ loggedIn: false, localStorage: null, indexedDB: [], caches: [], serviceWorkers: 0 });
      expect(await siteData(otherTab)).toEqual(PLANTED);
    } finally {
      for (const lab of labs) await lab.close();
    }
  });
}
