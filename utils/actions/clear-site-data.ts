import { browser } from 'wxt/browser';
import { originOf } from '../origins/origin';

/**
 * Clears one Immich origin's data in this browser, and only that origin's, then reloads its tabs.
 * Chrome filters these types by origin (cookies, however, for the whole registrable domain);
 * Firefox filters only by host name and only cookies, IndexedDB, local storage and service workers:
 * there, the caches are skipped rather than wiped for every site.
 */
export interface SiteDataPlan {
  cleared: string[];
  skipped: string[];
}

const CHROME_TYPES = { cookies: true, localStorage: true, indexedDB: true, cacheStorage: true, serviceWorkers: true, cache: true, fileSystems: true };
const FIREFOX_TYPES = { cookies: true, localStorage: true, indexedDB: true, serviceWorkers: true };

const NAMES: Record<string, string> = {
  cookies: 'cookies (you will have to log in again)',
  localStorage: 'local storage',
  indexedDB: 'IndexedDB',
  cacheStorage: 'Cache Storage',
  serviceWorkers: "service workers (Immich's thumbnail worker)",
  cache: 'HTTP cache',
  fileSystems: 'file systems',
};

/** What will go, and what this browser cannot clear for one site only. */
export function siteDataPlan(isFirefox: boolean): SiteDataPlan {
  const types = isFirefox ? FIREFOX_TYPES : CHROME_TYPES;
  return {
    cleared: Object.keys(types).map((type) => NAMES[type]!),
    skipped: isFirefox ? ['HTTP cache and Cache Storage (Firefox can only clear them for every site at once)'] : [],
  };
}

export async function clearSiteData(origin: string, isFirefox: boolean): Promise<SiteDataPlan & { reloadedTabs: number }> {
  // Firefox's RemovalOptions take `hostnames` (Chrome's typings do not know it).
  if (isFirefox) await browser.browsingData.remove({ hostnames: [new URL(origin).hostname] } as Parameters<typeof browser.browsingData.remove>[0], FIREFOX_TYPES);
  else await browser.browsingData.remove({ origins: [origin] }, CHROME_TYPES);
  const tabs = (await browser.tabs.query({})).filter((tab) => originOf(tab.url) === origin && tab.id !== undefined);
  await Promise.all(tabs.map((tab) => browser.tabs.reload(tab.id!).catch(() => undefined)));
  return { ...siteDataPlan(isFirefox), reloadedTabs: tabs.length };
}
