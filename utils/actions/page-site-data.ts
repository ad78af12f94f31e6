import type { Listing, PageSiteData } from '../clear/clear-report';

/**
 * Runs *inside* a tab of the Immich origin (`scripting.executeScript({func})` serialises it): lists
 * what the site still has stored, exactly as the site's own pages see it. Self-contained on purpose: no
 * imports are available there. Read-only: it opens no database and creates no cache.
 */
export async function readPageSiteData(): Promise<PageSiteData> {
  const list = async (read: () => Promise<string[]> | string[]): Promise<Listing> => {
    try {
      return await read();
    } catch (error) {
      return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  };
  // An open page reads local storage from a copy of its own, which Chromium empties on a separate
  // message ("all deleted", CachedStorageArea::AllDeleted in
  // https://source.chromium.org/chromium/chromium/src/+/main:third_party/blink/renderer/modules/storage/cached_storage_area.cc)
  // that can arrive after browsingData.remove has resolved: keys still listed are read again for up to a
  // second before they count as left, so a clearing that worked is not reported as failed. Bounded by
  // the clock, not a count of reads: a hidden tab's timers wait a second or more each
  // (https://developer.chrome.com/blog/timer-throttling-in-chrome-88).
  const settledKeys = async (): Promise<string[]> => {
    const until = Date.now() + 1000;
    for (;;) {
      const keys = Object.keys(localStorage);
      if (keys.length === 0 || Date.now() >= until) return keys;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const databases = typeof indexedDB !== 'undefined' && typeof indexedDB.databases === 'function';
  return {
    secureContext: isSecureContext,
    localStorage: await list(settledKeys),
    indexedDB: databases ? await list(async () => (await indexedDB.databases()).map((database) => database.name ?? '(unnamed)')) : null,
    // Both exist only in secure contexts: an http:// LAN address has neither, and so cannot store any.
    cacheStorage: typeof caches === 'undefined' ? null : await list(() => caches.keys()),
    serviceWorkers: 'serviceWorker' in navigator ? await list(async () => (await navigator.serviceWorker.getRegistrations()).map((registration) => registration.scope)) : null,
  };
}

/**
 * Runs inside a tab of the origin, before {@link readPageSiteData}: deletes the site's Cache Storage,
 * for a browser whose browsingData cannot (Firefox). What it could not delete shows up in the read.
 */
export async function deletePageCaches(): Promise<void> {
  if (typeof caches === 'undefined') return;
  for (const name of await caches.keys()) await caches.delete(name);
}
