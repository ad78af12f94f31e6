import { browser } from 'wxt/browser';
import { originOf } from '../origins/origin';

/** An open tab of a site, as `tabs.query` listed it. */
export interface SiteTab {
  id: number;
  url: string;
}

/**
 * The open tabs whose page is on `origin`. Only tabs the extension may see the address of are listed:
 * those of sites it has host access to, and the tab activeTab lent the toolbar popup.
 */
export async function siteTabs(origin: string): Promise<SiteTab[]> {
  return (await browser.tabs.query({})).flatMap((tab) => (originOf(tab.url) === origin && tab.id !== undefined ? [{ id: tab.id, url: tab.url! }] : []));
}

/** Reloads the tabs; one closed meanwhile is no error. */
export async function reloadTabs(tabs: readonly SiteTab[]): Promise<void> {
  await Promise.all(tabs.map((tab) => browser.tabs.reload(tab.id).catch(() => undefined)));
}
