import { browser } from 'wxt/browser';
import type { BrowserName } from '../browser-name';
import { planClear, type ClearPlan, type Removal, type SiteDataKind } from '../clear/clear-plan';
import { checkedPageSiteData, reportClear, type CookieProbe, type Findings, type PageProbe } from '../clear/clear-report';
import { splitUrl } from '../classify/url-parts';
import { redactPathAndQuery } from '../secrets';
import { visibleText, visibleTextWithin } from '../visible-text';
import type { ClearReply } from '../messages';
import { errorMessage } from '../error-message';
import { hasOriginAccess } from '../origins/watched-origins';
import { deletePageCaches, readPageSiteData } from './page-site-data';
import { reloadTabs, siteTabs, type SiteTab } from './site-tabs';

/**
 * Clears one Immich origin's data (the plan: ../clear/clear-plan.ts), then looks at what is left, then
 * reloads the origin's tabs. Thin: the browser calls only; what to ask and what to report are pure.
 */

type RemoveOptions = Parameters<typeof browser.browsingData.remove>[0];

async function remove(removal: Removal): Promise<void> {
  // Firefox's RemovalOptions take `hostnames`, which Chrome's typings do not know.
  await browser.browsingData.remove(removal.filter as RemoveOptions, removal.dataTypes);
}

/**
 * The cookies the site's pages would get: those for its URL (domain and path match) and any other path
 * on its exact host. Called only with host access: Chrome's cookies API silently leaves out hosts the
 * extension has no access to, and an empty list without access would read as "cleared".
 */
async function readCookies(origin: string): Promise<CookieProbe> {
  const { hostname } = new URL(origin);
  try {
    const [forUrl, forHost] = await Promise.all([browser.cookies.getAll({ url: origin }), browser.cookies.getAll({ domain: hostname })]);
    const own = forHost.filter((cookie) => cookie.domain.replace(/^\./, '') === hostname);
    return { state: 'read', names: [...new Set([...forUrl, ...own].map((cookie) => visibleText(cookie.name)))] };
  } catch (error) {
    return { state: 'failed', error: errorMessage(error) };
  }
}

/**
 * In the first open tab of the origin that lets itself be scripted (under the host access the user
 * granted for watching): clears what the plan clears from inside the page, then reads what the site
 * still stores. MAIN world: the page's own view of its storage, the same in both browsers (Firefox's
 * content-script sandbox does not promise the page's `caches`).
 */
async function clearAndReadPage(tabs: SiteTab[], plan: ClearPlan): Promise<PageProbe> {
  if (tabs.length === 0) return { state: 'no-tab' };
  let lastError = '';
  for (const { id: tabId, url } of tabs) {
    try {
      if (plan.inPage.includes('cacheStorage')) await browser.scripting.executeScript({ target: { tabId }, world: 'MAIN', func: deletePageCaches });
      const [result] = await browser.scripting.executeScript({ target: { tabId }, world: 'MAIN', func: readPageSiteData });
      const data = checkedPageSiteData(result?.result);
      if (data) return { state: 'read', data, url };
      lastError = 'the page returned nothing readable';
    } catch (error) {
      // The page's own error, when its world threw: shown as text (../visible-text.ts).
      lastError = visibleText(errorMessage(error));
    }
  }
  return { state: 'failed', error: lastError };
}

/**
 * The address of the tab the storage was read in, as the popup shows it: its credentials redacted as
 * a record's are (../secrets.ts). A tab on a shared link (`/share/<key>`) or on OAuth's return
 * (`/auth/login?code=…`) showed them in the popup, which users screenshot into bug reports (found by a
 * review).
 */
function shownTabAddress(url: string): string | undefined {
  const parts = splitUrl(url);
  return parts && visibleTextWithin(parts.origin + redactPathAndQuery(parts.pathname, parts.search), MAX_SHOWN_ADDRESS);
}

/** Enough to tell the tab: its origin and the start of its path. */
const MAX_SHOWN_ADDRESS = 300;

export async function clearSiteData(origin: string, browserName: BrowserName): Promise<ClearReply> {
  const plan = planClear(origin, browserName);
  const refusals: string[] = [];
  const refusedKinds: SiteDataKind[] = [];
  for (const removal of plan.removals) {
    await remove(removal).catch((error: unknown) => {
      refusals.push(errorMessage(error));
      refusedKinds.push(...(Object.keys(removal.dataTypes) as SiteDataKind[]));
    });
  }
  // Asked once: without host access the site's tabs show no URL (so none would match), its cookies
  // cannot be listed and its pages cannot be scripted. The user removed access in the browser's menus:
  // say so, rather than "no tab of this site was open".
  const access = await hasOriginAccess(origin);
  // Without access only a tab lent by activeTab (the toolbar popup's) shows its URL: it still reloads.
  const tabs = await siteTabs(origin);
  // Look before the tabs reload. After a reload Immich's web app registers its service worker and
  // writes its settings to local storage at once: reading afterwards would report what the reloaded
  // app wrote, and a clearing that worked would look as if it had failed. The question the user asked
  // is "did the clearing remove it?", so that is what is measured.
  const findings: Findings = {
    cookies: access ? await readCookies(origin) : { state: 'no-access' },
    page: access ? await clearAndReadPage(tabs, plan) : { state: 'no-access' },
    ...(refusals.length ? { refused: refusals.join('; '), refusedKinds } : {}),
  };
  await reloadTabs(tabs);
  return {
    ok: true,
    origin,
    kinds: reportClear(plan, findings),
    checkedIn: findings.page.state === 'read' ? shownTabAddress(findings.page.url) : undefined,
    refused: findings.refused,
    reloadedTabs: tabs.length,
    access,
  };
}
