import { browser } from 'wxt/browser';
import { changeUnderLock } from '../locked-change';
import { storage } from 'wxt/utils/storage';
import { currentBrowser, type BrowserName } from '../browser-name';
import { originPatterns, parseOrigin, patternsToRemove } from './origin';
import { setApiKey } from '../options/check-settings';
import { addressesInUse, removeDirectAddress } from '../options/direct-address';

/**
 * The Immich origins the user chose to watch. Kept in `storage.local` so the choice survives browser
 * restarts; the host permission for each is granted at runtime, per origin.
 */
export const watchedOriginsItem = storage.defineItem<string[]>('local:watchedOrigins', { fallback: [] });

export type WatchResult = { ok: true; origin: string } | { ok: false; message: string };

/**
 * The origin a Watch click asked access for, until the browser answers. Chrome closes the toolbar
 * popup as soon as its permission dialog opens (measured, Chromium 156): the popup's code never sees
 * the answer, so the background finishes the watch when the grant arrives (`completePendingWatch`).
 */
export interface PendingWatch {
  origin: string;
  askedAt: number;
  /**
   * The popup's Watch this site: once watched, the site's open tabs are reloaded, so that their
   * requests show at once (utils/actions/finish-watch.ts). Not asked by Grant access again or the
   * options page: their user is not looking at the site's requests arriving.
   */
  reloadTabs?: true;
}

const PENDING_WATCH_KEY = 'pendingWatch';

/**
 * Written with the raw storage call, not a WXT storage item: an item's `setValue` awaits before it
 * writes, so the permission request would reach the browser first, and the popup could be closed by
 * its dialog before the write is sent (seen: 1 Watch in 28 lost). The raw call sends the write at once,
 * ahead of the request. In `storage.local`, beside the watched list, not in `storage.session`, which
 * the sites' logs may have filled: there the write was refused, and every Watch click failed (found by
 * a review). A pending watch outlives the browser there, and is taken only within PENDING_WATCH_MS.
 */
export function rememberPendingWatch(pending: PendingWatch | null): Promise<void> {
  return pending ? browser.storage.local.set({ [PENDING_WATCH_KEY]: pending }) : browser.storage.local.remove(PENDING_WATCH_KEY);
}

export async function readPendingWatch(): Promise<PendingWatch | undefined> {
  const stored: unknown = (await browser.storage.local.get(PENDING_WATCH_KEY))[PENDING_WATCH_KEY];
  const pending = stored as Partial<PendingWatch> | undefined;
  if (typeof pending?.origin !== 'string' || typeof pending.askedAt !== 'number') return undefined;
  return { origin: pending.origin, askedAt: pending.askedAt, ...(pending.reloadTabs === true && { reloadTabs: true }) };
}

/** A grant that arrives later than this after the click is the user's own doing in the browser's menus, not an answer. */
const PENDING_WATCH_MS = 5 * 60_000;

/** The Web Lock every change to the watched list holds (`changeWatched`). */
const WATCHED_LIST_LOCK = 'immich-doctor:watched-list';

/** Changes the watched list under its lock (../locked-change.ts); gives the list as it now is. */
function changeWatched(change: (origins: string[]) => string[] | undefined): Promise<string[]> {
  return changeUnderLock(WATCHED_LIST_LOCK, listWatchedOrigins, (origins) => watchedOriginsItem.setValue(origins), change);
}

async function addWatched(origin: string): Promise<void> {
  await changeWatched((origins) => (origins.includes(origin) ? undefined : [...origins, origin]));
}

/** Stored list, cleaned: anything that is not a valid origin (a corrupt entry) is dropped. */
export async function listWatchedOrigins(): Promise<string[]> {
  const stored: unknown = await watchedOriginsItem.getValue();
  if (!Array.isArray(stored)) return [];
  const origins = stored.flatMap((entry) => {
    if (typeof entry !== 'string') return [];
    const parsed = parseOrigin(entry);
    return parsed.ok && parsed.origin === entry ? [entry] : [];
  });
  return [...new Set(origins)];
}

/**
 * Asks for host access to one origin (`originPatterns`: that port only in Chromium, the whole host in
 * Firefox) and starts watching it. Call it straight from a click handler: browsers only show the
 * permission prompt during a user gesture. With `reloadTabs`, a grant leaves the watch pending: the
 * background finishes it (the `finishWatch` message), reloading the site's tabs once it records them.
 */
export async function watchOrigin(input: string, browserName: BrowserName = currentBrowser(), { reloadTabs = false } = {}): Promise<WatchResult> {
  const parsed = parseOrigin(input);
  if (!parsed.ok) return parsed;
  const { origin } = parsed;
  const permission = { origins: originPatterns(origin, browserName) };
  // Not awaited: the request must be made in the same turn as the click (Firefox requires it).
  void rememberPendingWatch({ origin, askedAt: Date.now(), ...(reloadTabs && { reloadTabs: true }) });
  const result = await askAccess(origin, permission);
  if (result.ok && reloadTabs) return result;
  // Answered here, yes or no: nothing is left for the background to finish. A refusal must not stay
  // pending, or a later grant in the browser's menus would watch the site unasked.
  if (result.ok) await addWatched(origin);
  await rememberPendingWatch(null);
  return result;
}

async function askAccess(origin: string, permission: { origins: string[] }): Promise<WatchResult> {
  let granted: boolean;
  try {
    granted = await browser.permissions.request(permission);
  } catch (error) {
    // Outside a user gesture Chrome refuses to ask even for access it already has (the test build's
    // loopback, granted at install); only then is "already granted" enough.
    granted = await browser.permissions.contains(permission).catch(() => false);
    if (!granted) return { ok: false, message: `The browser refused to ask for access to ${origin}: ${String(error)}` };
  }
  if (!granted) return { ok: false, message: `Access to ${origin} was not granted, so Immich Doctor cannot watch it.` };
  return { ok: true, origin };
}

/**
 * In the background, when host access is granted: if a Watch click is waiting for that answer, the
 * origin is watched now, whether or not the popup that asked is still open. Gives the watch it
 * completed, if any.
 */
export async function completePendingWatch(now = Date.now(), browserName: BrowserName = currentBrowser()): Promise<PendingWatch | undefined> {
  const pending = await readPendingWatch();
  if (!pending) return undefined;
  // One from long ago, or from a time still to come (the clock was set back since), is the user's own
  // grant in the browser's menus, not an answer: forgotten, since storage.local outlives the browser.
  const age = now - pending.askedAt;
  if (!(age >= 0 && age < PENDING_WATCH_MS)) {
    await rememberPendingWatch(null);
    return undefined;
  }
  const parsed = parseOrigin(pending.origin);
  if (!parsed.ok || !(await hasOriginAccess(parsed.origin, browserName))) return undefined;
  await addWatched(parsed.origin);
  await rememberPendingWatch(null);
  return { ...pending, origin: parsed.origin };
}

/**
 * Whether the browser still gives the extension access to an origin (its pages and its WebSocket). The
 * user can take it away from the browser's own menus (Chrome: site access on chrome://extensions or the
 * puzzle menu; Firefox: about:addons → Permissions) while the origin stays watched: nothing is recorded then.
 * In Chromium a whole-host grant from an earlier version (`http://host/*`) contains this origin's
 * port-specific patterns, so `contains` says yes for it too (measured): those users stay watched.
 */
export async function hasOriginAccess(origin: string, browserName: BrowserName = currentBrowser()): Promise<boolean> {
  return browser.permissions.contains({ origins: originPatterns(origin, browserName) }).catch(() => false);
}

/** Calls back whenever host access is granted or removed, from the extension or the browser's menus. */
export function onAccessChanged(callback: () => void): void {
  browser.permissions.onAdded.addListener(callback);
  browser.permissions.onRemoved.addListener(callback);
}

/**
 * Stops watching an origin and gives its host access back (`patternsToRemove`: in Chromium its
 * port-specific grant, and a whole-host grant from an earlier version unless another watched origin on
 * that host still needs it). Access granted at install (the test build's every host) cannot be removed;
 * that is not an error.
 */
export async function unwatchOrigin(origin: string, browserName: BrowserName = currentBrowser()): Promise<void> {
  const remaining = await changeWatched((origins) => origins.filter((entry) => entry !== origin));
  // The site's API key and direct address go with it: nothing of a site is kept once it is no longer watched.
  await setApiKey(origin, undefined);
  await removeDirectAddress(origin, remaining);
  const granted = await browser.permissions.getAll().then(
    (all) => all.origins,
    () => undefined,
  );
  // Another site's direct address may be this one (or on its host): its access stays.
  const needed = await addressesInUse(remaining);
  for (const patterns of needed.includes(origin) ? [] : patternsToRemove(origin, needed, browserName, granted)) {
    try {
      await browser.permissions.remove({ origins: patterns });
    } catch {
      // Required (install-time) host permissions cannot be removed; watching has stopped all the same.
    }
  }
}
