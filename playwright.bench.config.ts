import { defineConfig } from '@playwright/test';

/** `npm run bench`, browser part: the popup's speed and weight in Debian's Chromium (tests/bench). */
export default defineConfig({
  testDir: 'tests/bench',
  testMatch: '**/*.bench.spec.ts',
  workers: 1,
  timeout: 120_000,
  reporter: [['list']],
});
