import { defineCause } from '../cause';
import { CHECKS, DOCS, immichIssue, verify } from '../check';
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
  explanation:
    'Immich was updated, but this browser (or a proxy cache) still holds the old web app, which asks for files the new version no longer has. A blank page or "Failed to fetch dynamically imported module" is typical.',
  remedies: ['clear-site-data'],
  checks: [
    { title: 'Reload the page bypassing the cache (Ctrl+Shift+R)', changes: 'nothing', source: 'immich.md: §5 (stale tab/cache after upgrade)' },
    { title: 'Make sure no proxy or CDN caches Immich\'s pages, and that only one Immich version runs', changes: 'nothing', command: 'docker compose ps', docker: "docker ps --filter name=immich_server --format '{{.Names}} {{.Image}}'", runs: 'immich-folder', detail: 'One immich-server, with the image tag you meant to run.', source: 'immich.md: §5 (#7337, #15635)', url: immichIssue(7337) },
    CHECKS.clearSiteData,
    { title: 'Serve Immich at the root of a (sub)domain, not under a sub-path', changes: 'config', source: 'immich.md: §1 App shell (paths.relative:false)', url: DOCS.reverseProxy },
    verify('The page should load and show the new version under the sidebar.'),
  ],
  detect(view) {
    const matched = [htmlForScript, missingChunk].filter((filter) => view.has(filter));
    if (matched.length === 0) return undefined;
    return { matched, strength: view.has(htmlForScript) ? 0.95 : 0.7 };
  },
});
