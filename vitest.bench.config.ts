import { defineConfig } from 'vitest/config';

/** `npm run bench`: the engine's speed and size figures (tests/bench), kept out of `npm test`. */
export default defineConfig({
  test: {
    include: ['tests/bench/**/*.bench.test.ts'],
    testTimeout: 600_000,
    fileParallelism: false,
  },
});
