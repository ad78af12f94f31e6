import { defineConfig } from '@playwright/test';

/**
 * Browser tests: the built test extension (`npm run build:test`) in Debian's Chromium, against the
 * simulated Immich of `tests/lab`. One worker: each test starts its own browser, servers and proxies,
 * and the machine has two cores.
 */
export default defineConfig({
  testDir: 'tests/browser',
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { trace: 'off' },
});
