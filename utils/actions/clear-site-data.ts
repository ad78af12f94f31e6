import { browser } from 'wxt/browser';
import { planClear, type BrowserFamily, type ClearPlan, type Removal } from '../clear/clear-plan';
import { reportClear, type CookieProbe, type Findings, type PageProbe, type PageSiteData } from '../clear/clear-report';
import type { ClearReply } from '../messages';
import { originOf, originPatterns } from '../origins/origin';
import { deletePageCaches, readPageSiteData } from './page-site-data';

/**
 * Clears one Immich origin's data (the plan: ../clear/clear-plan.ts), then looks at what is left, then
 * reloads the origin's tabs. Thin: the browser calls only; what to ask and what to report are pure.
 */

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

type RemoveOptions = Parameters<typeof browser.browsingData.remove>[0];

async function remove(removal: Removal): Promise<void> {
  // Firefox's RemovalOptions take `hostnames`, which Chrome's typings do not know.
  await browser.browsingData.remove(removal.filter as RemoveOptions, removal.dataTypes);
}

/**
 * The cookies the site's pages would get: those for its URL (domain and path match) and any other path
 * on its exact host. Chrome's cookies API silently leaves out hosts the extension has no access to, so
 * access is checked first: an empty list without access would read as "cleared".
 */
async function readCookies(origin: string): Promise<CookieProbe> {
  const granted = await browser.permissions.contains({ origins: [originPatterns(origin)[0]!] }).catch(() => false);
  if (!granted) return { state: 'no-access' };
  const { hostname } = new URL(origin);
  try {
    const [forUrl, forHost] = await Promise.all([browser.cookies.getAll({ url: origin }), browser.cookies.getAll({ domain: hostname })]);
    const own = forHost.filter((cookie) => cookie.domain.replace(/^\./, '') === hostname);
    return { state: 'read', names: [...new Set([...forUrl, ...own].map((cookie) => cookie.name))] };
  } catch (error) {
    return { state: 'failed', error: message(error) };
  }
}

/**
 * In the first open tab of the origin that lets itself be scripted (under the host access the user
 * granted for watching): clears what the plan clears from inside the page, then reads what the site
 * still stores. MAIN world: the page's own view of its storage, the same in both browsers (Firefox's
 * content-script sandbox does not promise the page's `caches`).
 */
async function clearAndReadPage(tabIds: number[], plan: ClearPlan): Promise<PageProbe> {
  if (tabIds.length === 0) return { state: 'no-tab' };
  let lastError = '';
  for (const tabId of tabIds) {
    try {
      if (plan.inPage.includes('cacheStorage')) await browser.scripting.executeScript({ target: { tabId }, world: 'MAIN', func: deletePageCaches });
      const [result] = await browser.scripting.executeScript({ target: { tabId }, world: 'MAIN', func: readPageSiteData });
      const tab = await browser.tabs.get(tabId);
      if (result?.result) return { state: 'read', data: result.result as PageSiteData, url: tab.url ?? '' };
      lastError = 'the page returned nothing';
    } catch (error) {
      lastError = message(error);
    }
  }
  return { state: 'failed', error: lastError };
}

export async function clearSiteData(origin: string, family: BrowserFamily): Promise<ClearReply> {
  const plan = planClear(origin, family);
  const refusals: string[] = [];
  for (const removal of plan.removals) await remove(removal).catch((error: unknown) => refusals.push(message(error)));
  const tabs = (await browser.tabs.query({})).filter((tab) => originOf(tab.url) === origin && tab.id !== undefined);
  const tabIds = tabs.map((tab) => tab.id!);
  // Look before the tabs reload. After a reload Immich's web app registers its service worker again
  // and writes its settings to local storage at once: reading afterwards would report what the
  // reloaded app wrote, and a clearing that worked would look as if it had failed. The question the
  // user asked is "did the clearing remove it?", so that is what is measured.
  const findings: Findings = { cookies: await readCookies(origin), page: await clearAndReadPage(tabIds, plan), ...(refusals.length ? { refused: refusals.join('; ') } : {}) };
  await Promise.all(tabIds.map((tabId) => browser.tabs.reload(tabId).catch(() => undefined)));
  return { ok: true, origin, kinds: reportClear(plan, findings), checkedIn: findings.page.state === 'read' ? findings.page.url : undefined, refused: findings.refused, reloadedTabs: tabIds.length };
}
