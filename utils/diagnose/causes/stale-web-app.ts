import { defineCause } from '../cause';
import { CHECKS } from '../check';
import { outcomes } from '../filters';

/**
 * After an upgrade, an old tab or cache asks for `/_app/immutable/*.js` chunks that no longer exist;
 * Immich answers its index.html with 200 (immich.md §1 App shell, row 61), a proxy cache may 404.
 */
const htmlForScript = { kinds: ['app-shell' as const], outcome: outcomes.is('html') };
const missingChunk = { kinds: ['app-shell' as const], outcome: outcomes.status(404, 410) };

export const staleWebApp = defineCause({
  id: 'stale-web-app',
  title: 'The browser runs an outdated copy of the Immich web app',
  summary: 'the browser runs an outdated copy of the web app after an upgrade',
  layer: 'client',
  severity: 'warning',
  explanation:
    'Immich was updated, but this browser (or a proxy cache) still holds the old web app, which asks for files the new version no longer has. A blank page or "Failed to fetch dynamically imported module" is typical.',
  remedies: ['clear-site-data'],
  checks: [
    { title: 'Reload the page bypassing the cache (Ctrl+Shift+R)', source: 'immich.md: §5 (stale tab/cache after upgrade)' },
    CHECKS.clearSiteData,
    { title: 'Make sure no proxy or CDN caches Immich\'s pages, and that only one Immich version runs', source: 'immich.md: §5 (#7337, #15635)' },
    { title: 'Serve Immich at the root of a (sub)domain, not under a sub-path', source: 'immich.md: §1 App shell (paths.relative:false)' },
  ],
  detect(view) {
    const matched = [htmlForScript, missingChunk].filter((filter) => view.has(filter));
    if (matched.length === 0) return undefined;
    return { matched, strength: view.has(htmlForScript) ? 0.95 : 0.7 };
  },
});
