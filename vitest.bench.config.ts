import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/** `npm run bench`: the engine's speed and size figures (tests/bench), kept out of `npm test`. */
export default defineConfig({
  // The recorder's bench saves to WXT's fake storage.session, as its unit tests do.
  plugins: [WxtVitest()],
  test: {
    include: ['tests/bench/**/*.bench.test.ts'],
    testTimeout: 600_000,
    fileParallelism: false,
  },
});
