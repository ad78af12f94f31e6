import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES } from '../../../utils/import/file-chunks';
import { MAX_DEPTH, MAX_VALUE_BYTES } from '../../../utils/import/json-walk';
import { HAR_RECORD_BUDGET, MAX_HAR_SITES } from '../../../utils/import/har-reader';
import { readImport, readImportText } from '../../../utils/import/read-import';
import { DEFAULT_RECORD_LIMIT } from '../../../utils/log/request-log';
import { heapAfterCollecting } from '../../fixtures/heap';

/**
 * Issue 9, item 3: the readers' memory is bounded whatever the file. Before: 5 MB of `[` peaked at
 * 1.48 GB (20 MB exhausted the heap), and an exported log kept every failure record until its end.
 */

const encoder = new TextEncoder();
const ORIGIN = 'https://photos.example.com';

/** `text`'s bytes in chunks of CHUNK_BYTES, counting how many the reader asked for. */
function chunked(text: string) {
  const bytes = encoder.encode(text);
  const read = { chunks: 0, of: Math.ceil(bytes.length / CHUNK_BYTES) };
  async function* chunks() {
    for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
      read.chunks += 1;
      yield bytes.subarray(offset, offset + CHUNK_BYTES);
    }
  }
  return { chunks: chunks(), read };
}

const harWith = (entry: unknown) => JSON.stringify({ log: { version: '1.2', entries: [entry, { request: { url: `${ORIGIN}/api/server/ping` }, response: { status: 200, headers: [] } }] } });

describe('nesting', () => {
  it(`deeper than ${MAX_DEPTH} levels is refused at once, naming the limit`, async () => {
    const { chunks, read } = chunked('['.repeat(5_000_000));
    const result = await readImport(chunks);
    expect(result).toEqual({ ok: false, message: expect.stringMatching(/^The file is nested deeper than 128 levels \(at byte 1,048,576\): this is not a HAR or an Immich Doctor log/) });
    expect(read.chunks).toBe(1);
  });

  it('a complete document one level too deep is refused; one at the limit is read', async () => {
    const nest = (depth: number) => `{"log":{"version":"1.2","entries":[],"deep":${'['.repeat(depth - 2)}${']'.repeat(depth - 2)}}}`;
    expect(await readImportText(nest(MAX_DEPTH + 1))).toMatchObject({ ok: false, message: expect.stringContaining(`nested deeper than ${MAX_DEPTH} levels`) });
    expect(await readImportText(nest(MAX_DEPTH))).toMatchObject({ ok: false, message: 'The HAR file has no web request in it.' });
  });
});

describe('value length', () => {
  it(`a string longer than ${MAX_VALUE_BYTES / 2 ** 20} MB is refused as soon as it is, not after it ends`, async () => {
    const { chunks, read } = chunked(harWith({ request: { url: `${ORIGIN}/x` }, response: { status: 200, content: { text: 'A'.repeat(MAX_VALUE_BYTES + 8 * CHUNK_BYTES) } } }));
    const result = await readImport(chunks);
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/^The file holds a single value longer than 32 MB \(at byte [\d,]+\): .*record it again without them/) });
    expect(read.chunks).toBeLessThan(read.of - 4);
  });

  it('so is one whose escapes end every chunk mid-sequence (the tokenizer reports no partial string there)', async () => {
    // `"` then `\\` pairs: every 1 MiB boundary falls right after a backslash.
    const { chunks, read } = chunked(harWith({ request: { url: `${ORIGIN}/x` }, response: { status: 200, content: { text: '\\'.repeat(MAX_VALUE_BYTES / 2 + 8 * CHUNK_BYTES) } } }));
    expect(await readImport(chunks)).toMatchObject({ ok: false, message: expect.stringContaining('longer than 32 MB') });
    expect(read.chunks).toBeLessThan(read.of - 4);
  });

  it('a response body under the limit is read past and not kept', async () => {
    const body = 'B'.repeat(20 * 2 ** 20);
    const result = await readImportText(harWith({ request: { url: `${ORIGIN}/api/assets/x/thumbnail` }, response: { status: 500, headers: [{ name: 'X-Immich-Cid', value: 'c' }], content: { text: body } } }));
    if (!result.ok) throw new Error(result.message);
    expect(result).toMatchObject({ entries: 2, skipped: 0, log: { total: 2, failed: 1 } });
    expect(JSON.stringify(result.log)).not.toContain('BBBB');
  });
});

describe('an exported log is read record by record', () => {

  it('keeps only the last failure records of the record limit while it streams, and adds counter cells up as they come', async () => {
    const records = 20_000;
    const cell = JSON.stringify({ kind: 'thumbnail', outcome: 'http-500', responder: 'immich', count: 1 });
    const record = (index: number) =>
      JSON.stringify({ time: 1_764_000_000_000 + index, origin: ORIGIN, method: 'GET', path: `/api/assets/${index}/thumbnail?pad=${'p'.repeat(1000)}`, kind: 'thumbnail', sharedLink: false, outcome: 'http-500', failure: true, status: 500, responder: 'immich', insecure: false });
    let before = 0;
    let midway = 0;
    async function* log() {
      yield encoder.encode(`{"format":"immich-doctor-log","version":1,"origin":"${ORIGIN}","counters":[`);
      for (let index = 0; index < records; index += 1000) yield encoder.encode(`${index === 0 ? '' : ','}${Array.from({ length: 1000 }, () => cell).join(',')}`);
      yield encoder.encode('],"failures":[');
      before = heapAfterCollecting();
      for (let index = 0; index < records; index += 1000) {
        yield encoder.encode(`${index === 0 ? '' : ','}${Array.from({ length: 1000 }, (_, offset) => record(index + offset)).join(',')}`);
      }
      // 20,000 records of 1.2 kB each went by (24 MB); the limit's 2,000 of them are 2.4 MB.
      midway = heapAfterCollecting();
      yield encoder.encode(']}');
    }
    const result = await readImport(log());
    if (!result.ok) throw new Error(result.message);
    expect(result).toMatchObject({ format: 'log', entries: records, log: { total: records, failed: records, dropped: records - DEFAULT_RECORD_LIMIT } });
    expect(result.log.failures).toHaveLength(DEFAULT_RECORD_LIMIT);
    expect(result.log.failures.at(-1)!.path).toContain(`/api/assets/${records - 1}/`);
    expect((midway - before) / 1e6).toBeLessThan(10);
  }, 30_000);

  it('a failure record with a field longer than any the extension writes is not kept; the counters still count it', async () => {
    const record = { time: 1, origin: ORIGIN, method: 'GET', path: `/api/${'x'.repeat(9000)}`, kind: 'thumbnail', sharedLink: false, outcome: 'http-500', failure: true, responder: 'immich', insecure: false };
    const file = { format: 'immich-doctor-log', version: 1, origin: ORIGIN, counters: [{ kind: 'thumbnail', outcome: 'http-500', responder: 'immich', count: 1 }], failures: [record] };
    expect(await readImportText(JSON.stringify(file))).toMatchObject({ ok: true, entries: 1, log: { failed: 1, failures: [], dropped: 1 } });
  });
});

describe('a HAR naming many sites', () => {
  // Each followed site keeps a log of up to the record limit: a file naming 40,000 hosts held 39 MB.
  const failing = (host: string) => ({ request: { url: `http://${host}/api/a` }, response: { status: 500, headers: [] } });
  const immich = { request: { url: `${ORIGIN}/api/assets/x/thumbnail` }, response: { status: 500, headers: [{ name: 'x-immich-cid', value: 'c' }] } };

  it(`follows ${MAX_HAR_SITES} sites; the file's Immich, however late it comes, is the one shown`, async () => {
    const hosts = Array.from({ length: 5_000 }, (_, index) => `h${index}.example`);
    const entries = [...hosts.map(failing), immich, ...hosts.slice(0, 100).map(failing), immich];
    const result = await readImportText(JSON.stringify({ log: { version: '1.2', entries } }));
    if (!result.ok) throw new Error(result.message);
    expect(result.origin).toBe(ORIGIN);
    expect(result.log.total).toBe(2);
    expect(result.origins.length).toBeLessThanOrEqual(MAX_HAR_SITES);
    expect(result.notFollowed).toBeGreaterThan(5_000 - MAX_HAR_SITES);
    expect(result.skipped).toBe(0);
  });

  it('an outage that a proxy answered (502s, then a few of Immich’s 500s) is kept over map tiles that come between', async () => {
    const nginx502 = { request: { url: `${ORIGIN}/api/assets/x/thumbnail` }, response: { status: 502, headers: [{ name: 'Server', value: 'nginx' }] } };
    const tile = (host: string) => ({ request: { url: `https://${host}/tiles/3/4/5.png` }, response: { status: 200, headers: [{ name: 'Content-Type', value: 'image/png' }] } });
    const tiles = Array.from({ length: MAX_HAR_SITES }, (_, index) => Array.from({ length: 30 }, () => tile(`t${index}.tiles.example`))).flat();
    const entries = [...Array.from({ length: 20 }, () => nginx502), ...tiles, ...Array.from({ length: 10 }, () => immich)];
    const result = await readImportText(JSON.stringify({ log: { version: '1.2', entries } }));
    if (!result.ok) throw new Error(result.message);
    expect(result.origin).toBe(ORIGIN);
    expect(result.log.counters.api).toEqual({ 'http-502': { nginx: 20 }, 'http-500': { immich: 10 } });
    // One map host let go for it: its 30 tiles not read.
    expect(result.notFollowed).toBe(30);
  });

  it(`the failure records the sites keep are shared: ${HAR_RECORD_BUDGET.toLocaleString('en')} in all, the counts exact`, async () => {
    // Immich's failures first, then 49 other sites failing as often, interleaved: a crafted file of 50
    // sites, each keeping its 2,000 records of long paths, held 361 MB (a review).
    const perSite = 300;
    const entries = [
      ...Array.from({ length: perSite }, () => immich),
      ...Array.from({ length: perSite }, () => Array.from({ length: MAX_HAR_SITES - 1 }, (_, index) => failing(`h${index}.example`))).flat(),
    ];
    const result = await readImportText(JSON.stringify({ log: { version: '1.2', entries } }));
    if (!result.ok) throw new Error(result.message);
    expect(result.origin).toBe(ORIGIN);
    const share = HAR_RECORD_BUDGET / MAX_HAR_SITES;
    expect(result.log).toMatchObject({ total: perSite, failed: perSite, dropped: perSite - share });
    expect(result.log.failures).toHaveLength(share);
    // With few sites, each keeps the default limit.
    const few = await readImportText(JSON.stringify({ log: { version: '1.2', entries: [...Array.from({ length: DEFAULT_RECORD_LIMIT }, () => immich), failing('tiles.example')] } }));
    expect(few.ok && few.log.failures.length).toBe(DEFAULT_RECORD_LIMIT);
  });

  it(`with no Immich among them, the ${MAX_HAR_SITES} followed are those with the most requests`, async () => {
    const busy = Array.from({ length: 10 }, () => failing('busy.example'));
    const entries = [...busy, ...Array.from({ length: 500 }, (_, index) => failing(`h${index}.example`))];
    const result = await readImportText(JSON.stringify({ log: { version: '1.2', entries } }));
    if (!result.ok) throw new Error(result.message);
    expect(result.origin).toBe('http://busy.example');
    expect(result.log.total).toBe(10);
  });
});

describe('a file that cannot be read, or holds nothing', () => {
  it('a read that fails (a file moved or changed since it was chosen, a folder) says so, not "not valid JSON"', async () => {
    const chunks = (async function* () {
      yield new TextEncoder().encode('{"log":{"entries":[');
      throw new DOMException('The requested file could not be read, typically due to permission problems that have occurred after a reference to a file was acquired.', 'NotReadableError');
    })();
    const result = await readImport(chunks);
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/^The file could not be read \(after 19 bytes\): The requested file could not be read.* Was it moved, changed or deleted after it was chosen, or is it a folder\?$/) });
  });

  it('an empty file says it is empty', async () => {
    expect(await readImportText('')).toEqual({ ok: false, message: 'The file is empty (0 bytes), or is a folder: export the HAR or the log again.' });
  });
});

describe('JSON that is not one document', () => {
  it.each([
    ['a second document after the first', '{"log":{"version":"1.2","entries":[]}} {}', /not valid JSON.*data after the end/],
    ['a key without a value', '{"log":{"version"}}', /not valid JSON/],
    ['a missing comma', '{"log":{"version":"1.2" "entries":[]}}', /not valid JSON/],
    ['a closing bracket for a brace', '{"log":{"version":"1.2"]}', /not valid JSON/],
    ['an object cut after a key', '{"log":{"version":', /ends early/],
  ])('%s', async (_name, text, message) => {
    expect(await readImportText(text)).toMatchObject({ ok: false, message: expect.stringMatching(message) });
  });

  it.each([
    ['a cookie', '{"log":{"entries":[{"request":{"headers":[{"name":"Cookie","value" "immich_access_token=planted-token-123"}]}}]}}'],
    ['a shared link', '{"log":{"entries":[{"request":{"url" "https://photos.example.com/share/planted-key-123"}}]}}'],
  ])('a string out of place, %s, is named by its type, never quoted', async (_name, text) => {
    const result = await readImportText(text);
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/not valid JSON.*Unexpected a string \(at byte \d+\)/) });
    expect(JSON.stringify(result)).not.toContain('planted');
  });
});
