import type { BrowsingTab } from './browsing-tab';

/**
 * Site data planted in, and read back from, a lab origin's own page, for the Clear site data tests of
 * both browsers (tests/browser/export-and-clear.spec.ts, tests/browser/firefox/clear-site-data.spec.ts).
 * The functions passed to `evaluate` run in the page: self-contained, no imports.
 */

/** Leaves one of each kind of site data, as the site's own page does: a cookie, local storage, IndexedDB, Cache Storage, a service worker. */
export async function plantSiteData(tab: BrowsingTab, origin: string): Promise<void> {
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
  // Stay on a page that does not register the worker again when the extension reloads the tab, so
  // that reading the site's data afterwards shows what the clearing left.
  await tab.goto(`${origin}/photos?sw=0`);
  await tab.waitForSelector('body[data-state="done"]');
}

export interface SiteData {
  /** The session cookie is HttpOnly: whether it is still there is what the lab's API answers (200 or 401). */
  loggedIn: boolean;
  localStorage: string | null;
  indexedDB: Array<string | undefined>;
  caches: string[];
  serviceWorkers: number;
}

/** The ground truth, read by the test itself in the page, independently of the extension. */
export function siteData(tab: BrowsingTab): Promise<SiteData> {
  return tab.evaluate(async () => ({
    loggedIn: (await fetch('/api/users/me', { credentials: 'same-origin' })).status === 200,
    localStorage: localStorage.getItem('lab-item'),
    indexedDB: (await indexedDB.databases()).map((database) => database.name),
    caches: await caches.keys(),
    serviceWorkers: (await navigator.serviceWorker.getRegistrations()).length,
  }));
}

export const PLANTED: SiteData = { loggedIn: true, localStorage: 'kept?', indexedDB: ['lab-db'], caches: ['lab-cache'], serviceWorkers: 1 };
export const GONE: SiteData = { loggedIn: false, localStorage: null, indexedDB: [], caches: [], serviceWorkers: 0 };

/** What the popup reports per kind of data once the result shows: `data-status` of each `[data-kind]` row. */
export async function reportedStatus(popup: BrowsingTab): Promise<Record<string, string | null>> {
  await popup.waitForSelector('.clear-result', { timeout: 20_000 });
  return popup.evaluate(() => Object.fromEntries([...document.querySelectorAll('.clear-result [data-kind]')].map((row) => [row.getAttribute('data-kind'), row.getAttribute('data-status')])));
}
