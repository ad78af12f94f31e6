// Runs one half of `npm run zip` (`wxt zip && wxt zip -b firefox --mv3`) through WXT's own API, with
// the output in the folder given as argv[2]: WXT has no --outDir flag, and the shared .output/ belongs
// to the other builds and browser tests running in this checkout. `zip()` resolves wxt.config.ts like
// the CLI, in mode `production` for a build (wxt/dist/core/resolve-config.mjs, COMMAND_MODES).
// One zip per process, as the script does: two builds in one process share process.env (measured: a
// `test` mode build followed by a Firefox build in the same process changed the Firefox bundle).
// store-packages.test.ts checks that package.json's `zip` script still says the same thing.
import { zip } from 'wxt';

const [outDir, browser = 'chrome'] = process.argv.slice(2);
if (!outDir || !['chrome', 'firefox'].includes(browser)) {
  throw new Error('usage: node zip-release.mjs OUT_DIR [chrome|firefox]');
}
await zip(browser === 'firefox' ? { outDir, browser, manifestVersion: 3 } : { outDir });
