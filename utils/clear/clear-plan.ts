import type { BrowserName } from '../browser-name';

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
 *   (gecko `toolkit/components/extensions/parent/ext-browsingData.js`):
 *   - cookies by host name (`cookie.host`): every port of the host;
 *   - service workers through `ServiceWorkerCleanUp.removeFromHost(host)`: every port of the host and
 *     its subdomains (measured in tests/browser/firefox/clear-site-data.spec.ts: a worker of the same
 *     address on another port goes too);
 *   - local storage and IndexedDB of every http and https origin whose `principal.hostPort` is listed:
 *     `host` alone is the host on its default ports (`http://host` and `https://host`), `host:port` that
 *     port under either scheme. So a list `[host, host:port]` for all four kinds would also wipe the
 *     storage of another site on the same host's default port (a NAS page at `https://192.168.1.10`
 *     beside Immich at `http://192.168.1.10:2283`). Each kind is therefore asked with its own form.
 * - Firefox has no `cacheStorage` type, and its `cache` cleaner "will delete all data instead" when it
 *   cannot filter by host (`deleteDataFromHost(host, true, CLEAR_ALL_CACHES)`): asking for it could wipe
 *   every site's cache, so it is not asked.
 */

export const SITE_DATA_KINDS = ['cookies', 'localStorage', 'indexedDB', 'cacheStorage', 'serviceWorkers', 'cache'] as const;
export type SiteDataKind = (typeof SITE_DATA_KINDS)[number];

/** The data types of `browsingData.DataTypeSet` this project uses (same names in both browsers). */
export type DataTypeSet = Partial<Record<SiteDataKind, true>>;

/** One `browsingData.remove(filter, dataTypes)` call. */
export interface Removal {
  filter: { origins: string[] } | { hostnames: string[] };
  dataTypes: DataTypeSet;
}

export interface ClearPlan {
  origin: string;
  browser: BrowserName;
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

/** Chrome removes every kind for one origin. */
const CHROME_TYPES: SiteDataKind[] = [...SITE_DATA_KINDS];
const FIREFOX_TYPES: SiteDataKind[] = ['cookies', 'localStorage', 'indexedDB', 'serviceWorkers'];
/**
 * Firefox's browsingData cannot remove one site's Cache Storage, but the site itself can
 * (`caches.delete`): it is removed from inside an open tab of the site, under the access the user granted.
 */
const FIREFOX_IN_PAGE: SiteDataKind[] = ['cacheStorage'];
const FIREFOX_NOT_ASKED: ClearPlan['notAsked'] = [{ kind: 'cache', why: 'Firefox can clear it only for every site at once' }];

const typeSet = (kinds: SiteDataKind[]): DataTypeSet => Object.fromEntries(kinds.map((kind) => [kind, true])) as DataTypeSet;

/**
 * Firefox's two removals (see above): cookies and service workers by host name (the narrowest form
 * they take), local storage and IndexedDB by `host:port`, or the host name alone when the origin has
 * no port (its `principal.hostPort` is then the bare host).
 */
export function firefoxRemovals(origin: string): Removal[] {
  const { hostname, host } = new URL(origin);
  return [
    { filter: { hostnames: [hostname] }, dataTypes: typeSet(['cookies', 'serviceWorkers']) },
    { filter: { hostnames: [host] }, dataTypes: typeSet(['localStorage', 'indexedDB']) },
  ];
}

export function planClear(origin: string, browser: BrowserName): ClearPlan {
  const firefox = browser === 'firefox';
  const types = firefox ? FIREFOX_TYPES : CHROME_TYPES;
  const inPage = firefox ? FIREFOX_IN_PAGE : [];
  const removals = firefox ? firefoxRemovals(origin) : [{ filter: { origins: [origin] }, dataTypes: typeSet(types) }];
  const asked = SITE_DATA_KINDS.filter((kind) => types.includes(kind) || inPage.includes(kind));
  return { origin, browser, removals, asked, inPage, notAsked: firefox ? FIREFOX_NOT_ASKED : [] };
}

/** One line of the confirmation: what goes and what that means. */
export function askedLine(kind: SiteDataKind, plan: ClearPlan): string {
  const where = plan.inPage.includes(kind) ? ' — only if a tab of this site is open: Firefox can clear it only from there' : '';
  return `${KIND_LABELS[kind]} (${KIND_MEANING[kind]})${where}`;
}

export const IP_ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i;

/** `the address 192.168.1.10` or `photos.example.com`. */
export const hostWords = (hostname: string): string => (IP_ADDRESS.test(hostname) ? `the address ${hostname}` : hostname);

/**
 * Whose cookies go, in plain words. Cookies belong to a host, not to a port (RFC 6265 §8.5), in both
 * browsers: every site on the same host loses them, whatever its port, with or without one in the
 * origin. Chrome widens that to the registrable domain (`registrableDomain`, from the Public Suffix List
 * with private registries, or null for an IP address or a name without one).
 */
export function cookieScope(origin: string, browser: BrowserName, registrableDomain: string | null): string {
  const { hostname } = new URL(origin);
  const ports = ` Cookies do not belong to a port: other sites on ${hostname}, whatever their port, lose theirs too.`;
  if (browser === 'firefox' || !registrableDomain || registrableDomain === hostname) {
    const under = browser === 'chromium' && registrableDomain === hostname ? ` and every address under it (*.${hostname})` : '';
    return `Cookies are cleared for ${hostWords(hostname)}${under}.${ports}`;
  }
  return `Chrome clears cookies for the whole domain ${registrableDomain}: every site under it (*.${registrableDomain}) loses its cookies, not only ${hostname}.${ports}`;
}
