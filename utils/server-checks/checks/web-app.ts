import { askEach, askServer } from '../ask';
import type { AskedRoute } from '../types';
import type { CheckContext, CheckOutcome } from './context';

/** The hashed files a page of the web app loads (`<script src>`, `<link rel=modulepreload href>`). */
const APP_FILE = /\/_app\/immutable\/([\w./-]+?\.(?:js|css))/g;

/** The app files a page names, without the `/_app/immutable/` prefix. */
export function appFilesOf(page: string): string[] {
  return [...new Set([...page.matchAll(APP_FILE)].map((match) => match[1]!))];
}

/**
 * Each hashed file is immutable: a new build has new names, and Immich answers a name it no longer
 * has with its index.html, 200 `text/html` (the SPA fallback; a proxy cache may 404): immich.md §1
 * App shell, row 61.
 */
const isGone = (route: AskedRoute, contentType: string | undefined) => route.status === 404 || route.status === 410 || (route.status === 200 && /\btext\/html\b/i.test(contentType ?? ''));

/**
 * Web app versus server: the files the open tab's web app loaded (read in the tab, then from the log), asked again now, and
 * the server's page read for the files it loads today. Files gone from the server, or a page whose
 * entry files are not the tab's, mean the tab (or a cache) runs an older build than the server: the
 * `stale-web-app` cause, whose remedy is a reload without cache or Clear site data.
 */
export async function checkWebApp({ asker, routes, sample }: CheckContext): Promise<CheckOutcome> {
  const tabFiles = sample?.appFiles ?? [];
  if (tabFiles.length === 0) return { status: 'skipped', summary: "No file of the web app was found in the site's open tab or in the log: reload the site's tab, then run the checks again.", asked: [], verdicts: [] };
  const page = await askServer(asker, routes.webApp, { read: 'text' });
  const files = await askEach(asker, tabFiles.map(routes.appFile));
  const asked = [page.route, ...files.map((file) => file.route)];
  const gone = tabFiles.filter((_, index) => isGone(files[index]!.route, files[index]!.contentType));
  const unanswered = files.filter((file) => file.route.status === undefined).length;
  if (unanswered === files.length) return { status: 'error', summary: `The web app's files got no answer (${files[0]!.route.error}).`, asked, verdicts: [] };
  const served = page.route.status === 200 && page.text !== undefined ? appFilesOf(page.text) : undefined;
  const tabEntries = tabFiles.filter((file) => file.startsWith('entry/'));
  const entriesChanged = served !== undefined && served.length > 0 && tabEntries.length > 0 && !tabEntries.some((file) => served.includes(file));
  const figure = [`${gone.length} of ${tabFiles.length} files of the tab's app gone (HTML or 404)`, served ? `the page loads ${served.length} files today${entriesChanged ? ', other entry files' : ''}` : undefined].filter(Boolean).join(' · ');
  if (gone.length === 0 && !entriesChanged) {
    return { status: 'ok', summary: "The web app's files the tab loaded are still on the server: the tab runs the server's build.", figure, asked, verdicts: [{ cause: 'stale-web-app', verdict: 'against', reason: "the tab's app files are still on the server" }] };
  }
  const why = gone.length > 0 ? `${gone.length} of the files the open tab's web app loaded are gone from the server` : "the server's page now loads other entry files than the open tab";
  return {
    status: 'problem',
    summary: `The open tab runs an older build of the web app than the server (${why}): Immich was updated. Reload the page without the cache (Ctrl+Shift+R); if that is not enough, Clear site data.`,
    figure,
    asked,
    verdicts: [{ cause: 'stale-web-app', verdict: 'supports', reason: why }],
  };
}
