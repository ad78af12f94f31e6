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

/** One run of the CLI, as its own process: exit status, stderr (without the peak line), time and peak memory. */
function spawnCli(file: string) {
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', join(import.meta.dirname, 'report-peak-memory.mjs'), 'scripts/diagnose.ts', file, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - start) / 1000;
  const peak = /peak-rss-kb (\d+)/.exec(result.stderr);
  // A process killed by a signal (V8's "heap out of memory" aborts) never reaches its exit handler.
  if (!peak) throw new Error(`diagnose died (status ${result.status}, signal ${result.signal}): ${result.stderr.slice(0, 2000)}`);
  return { status: result.status, stderr: result.stderr.replace(peak[0], '').trim(), stdout: result.stdout, seconds, peakMegabytes: Number(peak[1]) / 1024 };
}

function runCli(file: string): { seconds: number; peakMegabytes: number; output: { requests: number; failures: number; diagnoses: Array<{ cause: string }> } } {
  const run = spawnCli(file);
  if (run.status !== 0) throw new Error(`diagnose failed: ${run.stderr}`);
  return { seconds: run.seconds, peakMegabytes: run.peakMegabytes, output: JSON.parse(run.stdout) };
}

/** An exported JSON log (docs/log-format.md) of `records` failure records, all counted, written record by record. */
async function writeLog(path: string, records: number): Promise<number> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const origin = 'https://photos.example.com';
  await write(
    `{"format":"immich-doctor-log","version":1,"extension":{"name":"Immich Doctor","version":"0.1.0"},"browser":"bench","origin":"${origin}",` +
      `"exportedAt":"2026-11-25T12:00:00.000Z","span":{"from":"2026-11-25T11:00:00.000Z","to":"2026-11-25T12:00:00.000Z"},` +
      `"totals":{"requests":${records},"failures":${records},"droppedFailureRecords":0},` +
      `"counters":[{"kind":"thumbnail","outcome":"http-500","responder":"immich","count":${records}}],"failures":[\n`,
  );
  for (let index = 0; index < records; index += 1) {
    const id = `${index.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
    const record = { time: 1_764_068_400_000 + index, origin, method: 'GET', path: `/api/assets/${id}/thumbnail?size=thumbnail&c=${index}`, kind: 'thumbnail', route: 'assets/:id/thumbnail', assetId: id, sharedLink: false, outcome: 'http-500', failure: true, status: 500, responder: 'immich', contentType: 'application/json', insecure: false };
    await write(`${index === 0 ? '' : ',\n'}${JSON.stringify(record)}`);
  }
  await write('],"diagnoses":[]}\n');
  out.end();
  await once(out, 'finish');
  return statSync(path).size;
}

/** `size` bytes of `[`: the smallest file that nests deeper than any reader should follow. */
async function writeNesting(path: string, size: number): Promise<number> {
  const out = createWriteStream(path);
  const block = '['.repeat(1 << 20);
  for (let written = 0; written < size; written += block.length) {
    if (!out.write(block.slice(0, size - written))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return statSync(path).size;
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
    rmSync(large);
  });

  // Issue 9, item 3: the readers' memory is bounded whatever the file. Before: 5 MB of `[` peaked at
  // 1.48 GB (20 MB exhausted the heap) and a 483 MB log at 1.19 GB, every failure record kept to the end.
  it('peak memory: 5 MB of nesting, a ~200 MB HAR and a ~500 MB log', async () => {
    const nesting = join(dir, 'nesting.json');
    const nestingSize = await writeNesting(nesting, 5_000_000);
    const nested = spawnCli(nesting);
    rmSync(nesting);
    expect(nested.status).toBe(2);
    expect(nested.stderr).toMatch(/nested deeper than 128 levels/);

    const har = join(dir, 'memory.har');
    const harSize = await writeHar(har, 260_000);
    const harRun = runCli(har);
    rmSync(har);
    expect(harRun.output.requests).toBe(260_000);

    const log = join(dir, 'memory-log.json');
    const logSize = await writeLog(log, 1_250_000);
    const logRun = runCli(log);
    rmSync(log);
    expect(logRun.output).toMatchObject({ requests: 1_250_000, failures: 1_250_000 });

    console.table([
      { measure: `diagnose: ${(nestingSize / 1e6).toFixed(0)} MB of "[" (refused)`, time: `${nested.seconds.toFixed(2)} s`, 'peak memory': `${nested.peakMegabytes.toFixed(0)} MB` },
      { measure: `diagnose: 260,000-entry HAR (${(harSize / 1e6).toFixed(0)} MB)`, time: `${harRun.seconds.toFixed(2)} s`, 'peak memory': `${harRun.peakMegabytes.toFixed(0)} MB` },
      { measure: `diagnose: 1,250,000-record log (${(logSize / 1e6).toFixed(0)} MB)`, time: `${logRun.seconds.toFixed(2)} s`, 'peak memory': `${logRun.peakMegabytes.toFixed(0)} MB` },
    ]);
    // Bounded: none of them needs more than the small HAR of the test above (140-170 MB), whatever its size.
    for (const run of [nested, harRun, logRun]) expect(run.peakMegabytes).toBeLessThan(250);
  });
});
