import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const OUTPUT = join(import.meta.dirname, '../../.output');
const BLOCKER_SOURCE = join(import.meta.dirname, '../fixtures/blocker-extension');

/**
 * Chromium reads an unpacked extension's files from disk while it runs, and `npm run build` empties
 * `.output` first: a build started during a run (another engineer, or `npm test` in another checkout
 * step) would pull the extension out from under the tests. They load a copy made once per run instead,
 * at one path for the whole run, so an unpacked extension keeps its id across a browser restart.
 * Workers inherit the variable (fixtures.ts reads it). Firefox's driver copies its build per launch.
 */
export default async function copyBuilds(): Promise<() => Promise<void>> {
  const root = await mkdtemp(join(tmpdir(), 'immich-doctor-builds-'));
  for (const build of ['chrome-mv3', 'chrome-mv3-test']) {
    if (existsSync(join(OUTPUT, build, 'manifest.json'))) await cp(join(OUTPUT, build), join(root, build), { recursive: true });
  }
  // The blocker extension too: Chromium writes its rules' index into an unpacked extension's folder
  // (`_metadata/`), which must not land in the checkout (fixtures.ts, BLOCKER_EXTENSION).
  await cp(BLOCKER_SOURCE, join(root, 'blocker-extension'), { recursive: true });
  process.env.IMMICH_DOCTOR_BUILDS = root;
  return () => rm(root, { recursive: true, force: true });
}
