import { describe, expect, it } from 'vitest';
import { diagnose } from '../../utils/diagnose/diagnose';
import { counterCells, createLog, recordRaw, type RequestLog } from '../../utils/log/request-log';
import { ORIGIN } from '../fixtures/responses';
import { rawRequestPool } from './synthetic-traffic';
import { median } from './median';

/**
 * Speed and size of the pure engine. Targets are reported, not asserted as timings (a busy CI machine
 * must not fail a build); exactness is asserted. Each figure is the median of RUNS runs.
 */
const RUNS = 7;
const pool = rawRequestPool(1000);


function record(count: number): RequestLog {
  const log = createLog(ORIGIN, 0);
  for (let index = 0; index < count; index += 1) {
    recordRaw(log, pool[index % pool.length]!);
  }
  return log;
}

const results: Array<{ measure: string; median: string; target: string; met: boolean }> = [];
function report(measure: string, value: number, unit: string, target: number) {
  results.push({ measure, median: `${value.toFixed(unit === 'µs' ? 3 : 1)} ${unit}`, target: `≤ ${target} ${unit}`, met: value <= target });
}

describe('engine benchmarks (npm run bench)', () => {
  it('(a) classify + record, 1,000,000 mixed requests: median cost per request', () => {
    record(50_000); // warm-up: JIT
    const perRequest: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const start = performance.now();
      const log = record(1_000_000);
      perRequest.push(((performance.now() - start) * 1000) / 1_000_000);
      expect(log.total).toBe(1_000_000);
    }
    report('classify + record, per request', median(perRequest), 'µs', 2);
    // A machine-independent anchor: the same requests through nothing but the platform's URL parser.
    const parseOnly: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const start = performance.now();
      for (let index = 0; index < 1_000_000; index += 1) new URL(pool[index % pool.length]!.url);
      parseOnly.push(((performance.now() - start) * 1000) / 1_000_000);
    }
    results.push({ measure: 'baseline: new URL() alone, per request', median: `${median(parseOnly).toFixed(3)} µs`, target: '(reference)', met: true });
    results.push({ measure: 'ratio: classify + record / new URL()', median: `${(median(perRequest) / median(parseOnly)).toFixed(1)}×`, target: '(reference)', met: true });
  });

  it('(b) diagnose a log of 50,000 requests', () => {
    const log = record(50_000);
    diagnose(log);
    const times: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const start = performance.now();
      const result = diagnose(log);
      times.push(performance.now() - start);
      expect(result.diagnoses.length).toBeGreaterThan(0);
    }
    report('diagnose 50,000 requests', median(times), 'ms', 20);
  });

  it('(c) serialised state after 100,000 requests, counters exact', () => {
    const sizes: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const log = record(100_000);
      const counted = counterCells(log.counters).reduce((sum, cell) => sum + cell.count, 0);
      expect(counted).toBe(100_000);
      expect(log.failures.length).toBe(log.limit);
      expect(log.failures.length + log.dropped).toBe(log.failed);
      sizes.push(new TextEncoder().encode(JSON.stringify(log)).length / 1024);
    }
    report('serialised state after 100,000 requests', median(sizes) / 1024, 'MB', 1);
  });

  it('prints the results', () => {
    console.table(results);
  });
});
