import type { BrowserName } from '../browser-name';
import { hostWords, IP_ADDRESS, type SiteDataKind } from './clear-plan';

/**
 * What other sites lose besides their cookies (those: `cookieScope`), said in the confirmation before
 * anything is cleared. Pure. Chrome filters everything but cookies by origin: nothing. Firefox matches
 * by host (gecko `ext-browsingData.js`; the reasons are in clear-plan.ts):
 * - service workers: `ServiceWorkerCleanUp.removeFromHost(host)` removes the workers of every port of
 *   the host and of its subdomains (measured for another port: tests/browser/firefox/clear-site-data.spec.ts);
 * - local storage and IndexedDB: every http and https origin whose `hostPort` is the one asked, so the
 *   same host and port under the other scheme loses them too.
 */
export interface SpillOver {
  kinds: SiteDataKind[];
  text: string;
}

export function spillOver(origin: string, browser: BrowserName): SpillOver[] {
  if (browser !== 'firefox') return [];
  const { hostname, host, protocol } = new URL(origin);
  const subdomains = IP_ADDRESS.test(hostname) ? '' : ` and of every address under it (*.${hostname})`;
  const otherScheme = protocol === 'https:' ? 'http:' : 'https:';
  return [
    {
      kinds: ['serviceWorkers'],
      text: `Service workers: Firefox removes them by host name, so those of every other site on ${hostWords(hostname)}, whatever its port${subdomains}, go too.`,
    },
    {
      kinds: ['localStorage', 'indexedDB'],
      text: `Local storage and IndexedDB: Firefox clears them for ${host} under http and https alike, so ${otherScheme}//${host} loses its own too.`,
    },
  ];
}
