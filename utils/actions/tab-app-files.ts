import { browser } from 'wxt/browser';
import { APP_FILES } from '../server-checks/routes';
import { siteTabs } from './site-tabs';

/**
 * Runs *inside* a tab of the site (`scripting.executeScript({func})` serialises it): the addresses of
 * the web app's hashed files the page loaded (its scripts, styles and the chunks it imported since),
 * from the page's own resource timing and its elements. Reads no content, no storage.
 */
export function readLoadedAppFiles(prefix: string): string[] {
  const resources = performance.getEntriesByType('resource').map((entry) => entry.name);
  const elements = [...document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>('script[src], link[href]')].map((element) => ('src' in element ? element.src : element.href));
  return [...new Set([...resources, ...elements])].filter((url) => url.startsWith(`${location.origin}${prefix}`));
}

/**
 * The web app files an open tab of the site loaded, without the prefix (`entry/start.B1x2.js`), entry
 * files first: the files the web app check asks the server for again. The log keeps only the latest
 * requests, where a long browse has pushed the app's own files out; the tab still knows them. None
 * when no tab of the site is open or it cannot be scripted (an error page, access removed).
 */
export async function tabAppFiles(origin: string): Promise<string[]> {
  const [tab] = await siteTabs(origin);
  if (!tab) return [];
  try {
    const [result] = await browser.scripting.executeScript({ target: { tabId: tab.id }, func: readLoadedAppFiles, args: [APP_FILES] });
    const urls = Array.isArray(result?.result) ? (result.result as unknown[]).filter((url): url is string => typeof url === 'string') : [];
    // Hashed names are short; anything longer is not one of the app's files.
    const files = urls.map((url) => url.slice(origin.length + APP_FILES.length).split('?')[0]!).filter((file) => file.length > 0 && file.length <= 200);
    return [...files.filter((file) => file.startsWith('entry/')), ...files.filter((file) => !file.startsWith('entry/'))];
  } catch {
    return [];
  }
}
