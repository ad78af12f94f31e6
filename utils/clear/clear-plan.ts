/**
 * What "Clear site data" asks each browser to remove for one Immich origin, and how the confirmation
 * names it. Pure: the popup (confirmation) and the background (the browsingData calls) share it.
 *
 * Sources (see ../../../shared/reference/webextension-platform.md, section (c) and "Measured on the
 * release build"):
 * - Chrome filters site data and the HTTP cache by origin (`browsingData.remove({origins})`), but expands
 *   cookies to the origin's registrable domain, private registries included, or to the bare host for an
 *   IP address or a one-label name (chromium `browsing_data_api.cc`, `StartRemoving`).
 * - Firefox takes `hostnames` and matches them differently per data type
 *   (gecko `toolkit/components/extensions/parent/ext-browsingData.js`): cookies and service workers by
 *   host name without the port (`cookie.host`, `ServiceWorkerCleanUp.removeFromHost`), local storage and
 *   IndexedDB by `principal.hostPort`, i.e. `host:port` when the origin has a port. Measured on
 *   `http://127.0.0.1:PORT`: each form alone clears a different half, both together clear all four.
 * - Firefox has no `cacheStorage` type, and its `cache` cleaner "will delete all data instead" when it
 *   cannot filter by host (`deleteDataFromHost(host, true, CLEAR_ALL_CACHES)`): asking for it could wipe
 *   every site's cache, so it is not asked.
 */

export const SITE_DATA_KINDS = ['cookies', 'localStorage', 'indexedDB', 'cacheStorage', 'serviceWorkers', 'cache'] as const;
export type SiteDataKind = (typeof SITE_DATA_KINDS)[number];
export type BrowserFamily = 'chrome' | 'firefox';

/** The data types of `browsingData.DataTypeSet` this project uses (same names in both browsers). */
export type DataTypeSet = Partial<Record<SiteDataKind, true>>;

/** One `browsingData.remove(filter, dataTypes)` call. */
export interface Removal {
  filter: { origins: string[] } | { hostnames: string[] };
  dataTypes: DataTypeSet;
}

export interface ClearPlan {
  origin: string;
  family: BrowserFamily;
  removals: Removal[];
  /** The kinds to remove, in display order. */
  asked: SiteDataKind[];
  /** Of those, the kinds removed from inside an open tab of the site, because the browser cannot remove them from outside. */
  inPage: SiteDataKind[];
  /** The kinds this browser cannot remove for one site only, and why (the confirmation says so). */
  notAsked: Array<{ kind: SiteDataKind; why: string }>;
}

export const KIND_LABELS: Record<SiteDataKind, string> = {
  cookies: 'Cookies',
  localStorage: 'Local storage',
  indexedDB: 'IndexedDB',
  cacheStorage: 'Cache Storage',
  serviceWorkers: 'Service workers',
  cache: 'HTTP cache',
};

/** What each kind means to an Immich user, in the confirmation. */
const KIND_MEANING: Record<SiteDataKind, string> = {
  cookies: 'you will have to log in again',
  localStorage: "the web app's settings in this browser",
  indexedDB: "the web app's databases",
  cacheStorage: "the web app's stored copies",
  serviceWorkers: "Immich's thumbnail worker",
  cache: 'downloaded pages, scripts and images',
};

const CHROME_TYPES: SiteDataKind[] = ['cookies', 'localStorage', 'indexedDB', 'cacheStorage', 'serviceWorkers', 'cache'];
const FIREFOX_TYPES: SiteDataKind[] = ['cookies', 'localStorage', 'indexedDB', 'serviceWorkers'];
/**
 * Firefox's browsingData cannot remove one site's Cache Storage, but the site itself can
 * (`caches.delete`): it is removed from inside an open tab of the site, under the access the user granted.
 */
const FIREFOX_IN_PAGE: SiteDataKind[] = ['cacheStorage'];
const FIREFOX_NOT_ASKED: ClearPlan['notAsked'] = [{ kind: 'cache', why: 'Firefox can clear it only for every site at once' }];

/** `host` and, when the origin has a port, `host:port` too: Firefox needs both (see above). */
export function firefoxHostnames(origin: string): string[] {
  const url = new URL(origin);
  return url.port ? [url.hostname, url.host] : [url.hostname];
}

export function planClear(origin: string, family: BrowserFamily): ClearPlan {
  const types = family === 'firefox' ? FIREFOX_TYPES : CHROME_TYPES;
  const inPage = family === 'firefox' ? FIREFOX_IN_PAGE : [];
  const dataTypes = Object.fromEntries(types.map((kind) => [kind, true])) as DataTypeSet;
  const filter = family === 'firefox' ? { hostnames: firefoxHostnames(origin) } : { origins: [origin] };
  const asked = SITE_DATA_KINDS.filter((kind) => types.includes(kind) || inPage.includes(kind));
  return { origin, family, removals: [{ filter, dataTypes }], asked, inPage, notAsked: family === 'firefox' ? FIREFOX_NOT_ASKED : [] };
}

/** One line of the confirmation: what goes and what that means. */
export function askedLine(kind: SiteDataKind, plan: ClearPlan): string {
  const where = plan.inPage.includes(kind) ? ' — only if a tab of this site is open: Firefox can clear it only from there' : '';
  return `${KIND_LABELS[kind]} (${KIND_MEANING[kind]})${where}`;
}

const IP_ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i;

/**
 * Whose cookies go, in plain words. Cookies belong to a host, not to a port: every site on the same
 * host loses them. Chrome widens that to the registrable domain (`registrableDomain`, from the Public
 * Suffix List with private registries, or null for an IP address or a name without one).
 */
export function cookieScope(origin: string, family: BrowserFamily, registrableDomain: string | null): string {
  const { hostname, port } = new URL(origin);
  const ports = port ? ` Cookies do not belong to a port: other sites on ${hostname} lose theirs too.` : '';
  if (family === 'firefox' || !registrableDomain || registrableDomain === hostname) {
    const what = IP_ADDRESS.test(hostname) ? `the address ${hostname}` : hostname;
    const under = family === 'chrome' && registrableDomain === hostname ? ` and every address under it (*.${hostname})` : '';
    return `Cookies are cleared for ${what}${under}.${ports}`;
  }
  return `Chrome clears cookies for the whole domain ${registrableDomain}: every site under it (*.${registrableDomain}) loses its cookies, not only ${hostname}.${ports}`;
}
