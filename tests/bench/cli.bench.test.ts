import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { rawRequestPool } from './synthetic-traffic';
import { median } from './median';

/**
 * `npm run diagnose` on large HAR files, as a separate process like a user runs it: wall time and peak
 * memory (median of 5 runs for 100,000 entries; one run for a ~200 MB file).
 */
const RUNS = 5;
const dir = mkdtempSync(join(tmpdir(), 'har-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function writeHar(path: string, entries: number): Promise<number> {
  const pool = rawRequestPool(1000);
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":[\n');
  for (let index = 0; index < entries; index += 1) {
    const raw = pool[index % pool.length]!;
    const status = raw.statusCode ?? 0;
    const entry = {
      startedDateTime: new Date(1_764_000_000_000 + index * 7).toISOString(),
      time: 12.3,
      request: { method: raw.method, url: raw.url, httpVersion: 'http/1.1', headers: [{ name: 'Accept', value: 'image/avif,image/webp,*/*' }], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
      response: {
        status,
        statusText: '',
        httpVersion: 'http/1.1',
        headers: raw.responseHeaders ?? [],
        cookies: [],
        content: { size: 8722, mimeType: 'image/webp' },
        redirectURL: '',
        headersSize: -1,
        bodySize: -1,
        ...(raw.error ? { _error: raw.error } : {}),
      },
      cache: {},
      timings: { blocked: 0.4, dns: -1, ssl: -1, connect: -1, send: 0.1, wait: 10.2, receive: 1.6 },
      _resourceType: raw.type === 'xmlhttprequest' ? 'fetch' : raw.type,
      _priority: 'Low',
    };
    await write(`${index === 0 ? '' : ',\n'}${JSON.stringify(entry)}`);
  }
  await write(']}}\n');
  out.end();
  await once(out, 'finish');
  return statSync(path).size;
}

function runCli(file: string): { seconds: number; peakMegabytes: number; output: { requests: number; diagnoses: Array<{ cause: string }> } } {
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', join(import.meta.dirname, 'report-peak-memory.mjs'), 'scripts/diagnose.ts', file, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`diagnose failed: ${result.stderr}`);
  const peak = Number(/peak-rss-kb (\d+)/.exec(result.stderr)?.[1]);
  return { seconds, peakMegabytes: peak / 1024, output: JSON.parse(result.stdout) };
}


describe('CLI benchmarks (npm run bench)', () => {
  it('diagnoses a 100,000-entry HAR and a ~200 MB HAR', async () => {
    const hundredThousand = join(dir, '100k.har');
    const size = await writeHar(hundredThousand, 100_000);
    const runs = Array.from({ length: RUNS }, () => runCli(hundredThousand));
    for (const run of runs) {
      expect(run.output.requests).toBe(100_000);
      expect(run.output.diagnoses.length).toBeGreaterThan(0);
    }
    const large = join(dir, 'large.har');
    const largeSize = await writeHar(large, 260_000);
    const big = runCli(large);
    expect(big.output.requests).toBe(260_000);
    console.table([
      { measure: `diagnose: 100,000-entry HAR (${(size / 1e6).toFixed(0)} MB)`, 'median time': `${median(runs.map((run) => run.seconds)).toFixed(2)} s`, 'median peak memory': `${median(runs.map((run) => run.peakMegabytes)).toFixed(0)} MB` },
      { measure: `diagnose: 260,000-entry HAR (${(largeSize / 1e6).toFixed(0)} MB), one run`, 'median time': `${big.seconds.toFixed(2)} s`, 'median peak memory': `${big.peakMegabytes.toFixed(0)} MB` },
    ]);
  });
});
