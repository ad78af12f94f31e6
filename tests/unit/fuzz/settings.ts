import type { Parameters } from 'fast-check';

/**
 * One place for how hard every fuzz property tries. `npm test` runs each property a few dozen times
 * from a fixed seed, so the unit suite stays fast and a failure repeats exactly; `npm run fuzz` sets
 * FUZZ_RUNS high and FUZZ_SEED=random, and prints the seed it drew so that a failure can be replayed:
 *
 *   FUZZ_SEED=<seed> FUZZ_RUNS=<runs> npx vitest run tests/unit/fuzz -t '<property>'
 *
 * fast-check's own failure message also gives `seed` and `path`; FUZZ_PATH=<path> (with that seed)
 * replays the shrunk counterexample at once.
 */
const DEFAULT_SEED = 9;
const DEFAULT_RUNS = 40;

function seedFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_SEED;
  if (value === 'random') {
    // 32 bits, as fast-check's own seeds; printed once per file, the unit of a vitest worker.
    const seed = (Math.random() * 2 ** 32) >>> 0;
    console.log(`fuzz: FUZZ_SEED=${seed} (replay a failure with this seed and the same FUZZ_RUNS)`);
    return seed;
  }
  const seed = Number(value);
  if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be an integer or "random", not ${JSON.stringify(value)}`);
  return seed;
}

function runsFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_RUNS;
  const runs = Number(value);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`FUZZ_RUNS must be a positive integer, not ${JSON.stringify(value)}`);
  return runs;
}

const seed = seedFromEnv(process.env.FUZZ_SEED);
const runs = runsFromEnv(process.env.FUZZ_RUNS);
const path = process.env.FUZZ_PATH || undefined;

/**
 * fast-check parameters for a property: `weight` scales the common run count for properties whose one
 * run is much cheaper or dearer than the others (a whole file parsed vs one URL classified).
 */
export function fuzz<T>(weight = 1): Parameters<T> {
  return { seed, path, numRuns: Math.max(1, Math.round(runs * weight)), endOnFailure: path !== undefined };
}

/** A fuzz test's vitest timeout: none in a long run (it may take minutes; 0 turns it off), generous otherwise. */
export const TEST_TIMEOUT = runs > DEFAULT_RUNS ? 0 : 20_000;
