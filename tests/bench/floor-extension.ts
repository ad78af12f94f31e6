import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The page-load bench's floor: an MV3 extension with the same webRequest listeners as Immich Doctor
 * (utils/capture/listeners.ts: the four events, `<all_urls>`, `responseHeaders` on onHeadersReceived
 * only, no `extraHeaders`), each doing nothing, and the same permissions and host access
 * as the test build (copied from its manifest). What it costs is the browser's dispatch of every event
 * to an extension process; what Immich Doctor costs above it is its own work. Written as plain files
 * into a temporary folder: no build step.
 */
export function writeFloorExtension(testBuildDir: string): string {
  const built = JSON.parse(readFileSync(join(testBuildDir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const dir = mkdtempSync(join(tmpdir(), 'immich-doctor-floor-'));
  const manifest = {
    manifest_version: 3,
    name: 'Immich Doctor bench floor',
    version: '0.0.1',
    permissions: built.permissions,
    host_permissions: built.host_permissions,
    optional_host_permissions: built.optional_host_permissions,
    background: { service_worker: 'background.js' },
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(
    join(dir, 'background.js'),
    `// Registered synchronously at start, as Immich Doctor's are; each listener does nothing.
const filter = { urls: ['<all_urls>'] };
chrome.webRequest.onHeadersReceived.addListener(() => undefined, filter, ['responseHeaders']);
chrome.webRequest.onBeforeRedirect.addListener(() => undefined, filter);
chrome.webRequest.onCompleted.addListener(() => undefined, filter);
chrome.webRequest.onErrorOccurred.addListener(() => undefined, filter);
`,
  );
  return dir;
}
