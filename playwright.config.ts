import { defineConfig } from '@playwright/test';

/**
 * Browser tests, one project per build and browser, all against the simulated Immich of `tests/lab`:
 * - `chromium-test`: the test build (`npm run build:test`, loopback granted at install) in Debian's
 *   Chromium, headless: the engine, popup, exports and every lab scenario;
 * - `chromium-release`: the build users install (`npm run build`), headful under Xvfb, with the real
 *   permission prompt clicked;
 * - `firefox-release`: the Firefox build users install, in Firefox ESR driven over WebDriver BiDi.
 * Two workers: each test starts its own browser, servers and proxies (on free ports, its own Xvfb
 * display), so two tests share nothing but the CPU. Measured on the two-core machine: the 119 tests in
 * 11.2 min with two workers, 16.6 min with one, which left a clean CI run (20 min at most) at 19.4.
 */
export default defineConfig({
  testDir: 'tests/browser',
  globalSetup: './tests/browser/global-setup.ts',
  workers: 2,
  /**
   * A failed test runs once more. Each browser test drives real browsers, proxies and servers on a
   * shared two-core machine, and a few have failed once in a hundred-odd runs, each from a race found
   * and fixed at its root afterwards (docs/testing.md, "Flaky tests"). A test that passes only on its
   * retry is still reported, as "flaky" in the list and in the summary line, and is a defect to fix;
   * one that fails twice fails the run.
   */
  retries: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { trace: 'off' },
  projects: [
    { name: 'chromium-test', testIgnore: ['release/**', 'firefox/**'] },
    { name: 'chromium-release', testMatch: 'release/**/*.spec.ts', timeout: 120_000 },
    { name: 'firefox-release', testMatch: 'firefox/**/*.spec.ts', timeout: 120_000 },
  ],
});
