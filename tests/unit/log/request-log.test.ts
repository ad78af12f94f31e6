import { describe, expect, it } from 'vitest';
import { counterCells, createLog, failedMediaCount, parseStoredLog, recordRaw } from '../../../utils/log/request-log';
import { heapAfterCollecting } from '../../fixtures/heap';
import { answers, logOf, ORIGIN, request } from '../../fixtures/responses';

const NOW = Date.UTC(2026, 10, 25);

describe('recordRaw: exact counters, bounded failure records', () => {
  it('counts every request by kind × outcome × responder', () => {
    const log = logOf([request('thumbnail', answers.thumbnailOk), request('thumbnail', answers.thumbnailOk), request('thumbnail', answers.missingFile), request('upload', answers.nginx(413))]);
    expect(log.counters).toEqual({
      thumbnail: { ok: { immich: 2 }, 'http-500': { immich: 1 } },
      upload: { 'http-413': { nginx: 1 } },
    });
    expect(log).toMatchObject({ total: 4, failed: 2, dropped: 0 });
    expect(log.failures.map((failure) => failure.outcome)).toEqual(['http-500', 'http-413']);
  });

  it('keeps only the most recent failures, drops the oldest and counts what it dropped', () => {
    const log = createLog(ORIGIN, NOW, 5);
    for (let index = 0; index < 12; index += 1) recordRaw(log, { ...request('thumbnail', answers.missingFile), timeStamp: index });
    expect(log.failures.map((failure) => failure.time)).toEqual([7, 8, 9, 10, 11]);
    expect(log).toMatchObject({ failed: 12, dropped: 7, total: 12 });
    expect(counterCells(log.counters)).toEqual([{ kind: 'thumbnail', outcome: 'http-500', responder: 'immich', count: 12 }]);
  });

  it('a record keeps nothing of a long URL but its cut path, nor of a long header but its cut value', () => {
    const log = createLog(ORIGIN, NOW, 100);
    const before = heapAfterCollecting();
    // Any page may request the Immich host with a URL of up to 2 MB; a hostile server may answer any header.
    for (let index = 0; index < 50; index += 1) {
      const long = `${index}${'a'.repeat(1 << 20)}`;
      const missing = request('thumbnail', answers.missingFile);
      recordRaw(log, { ...missing, url: `${missing.url}&x=${long}`, responseHeaders: [...missing.responseHeaders!, { name: 'Server', value: long }] });
    }
    const grown = heapAfterCollecting() - before;
    expect(log.failures).toHaveLength(50);
    expect(log.failures[0]!.path.length).toBeLessThanOrEqual(1024);
    // 50 URLs and 50 headers of 1 MB each: 100 MB if the records held them; their cut texts are 55 kB.
    expect(grown).toBeLessThan(5_000_000);
  });

  it('counts failed media for the badge, not API or socket failures', () => {
    const log = logOf([request('thumbnail', answers.missingFile), request('original', answers.missingOriginal), request('usersMe', answers.unauthorised), request('socket', answers.socketBadRequest), request('thumbnail', answers.thumbnailOk)]);
    expect(failedMediaCount(log)).toBe(2);
  });
});

describe('parseStoredLog: stored state comes back intact, or is reset with a notice', () => {
  const stored = () => JSON.parse(JSON.stringify(logOf([request('thumbnail', answers.missingFile), request('original', answers.originalOk)]))) as Record<string, unknown>;

  it('round-trips a log through JSON', () => {
    const original = logOf([request('thumbnail', answers.missingFile)]);
    const parsed = parseStoredLog(JSON.parse(JSON.stringify(original)), ORIGIN, NOW);
    expect(parsed.notice).toBeUndefined();
    expect(parsed.log).toEqual(original);
  });

  it('nothing stored yet → a fresh log without a notice', () => {
    expect(parseStoredLog(undefined, ORIGIN, NOW)).toEqual({ log: createLog(ORIGIN, NOW) });
  });

  it.each<[string, unknown, string]>([
    ['a string', 'garbage', 'was unreadable'],
    ['an array', [1, 2], 'was unreadable'],
    ['another origin', { ...stored(), origin: 'https://other.example' }, 'another origin'],
    ['negative totals', { ...stored(), total: -1 }, 'invalid totals'],
    ['a start no Date can hold', { ...stored(), since: Number.MAX_SAFE_INTEGER }, 'invalid times'],
    ['a last update no Date can hold', { ...stored(), updated: 8.64e15 + 1 }, 'invalid times'],
    ['counters of an unknown kind', { ...stored(), counters: { banana: { ok: { immich: 1 } } } }, 'corrupt'],
    ['non-numeric counts', { ...stored(), counters: { thumbnail: { ok: { immich: 'many' } } } }, 'corrupt'],
    ['an outcome named __proto__ (as JSON.parse makes it: an own key)', { ...stored(), counters: JSON.parse('{"thumbnail":{"__proto__":{"immich":1}}}') }, 'corrupt'],
    ['an unknown responder', { ...stored(), counters: { thumbnail: { ok: { squid: 1 } } } }, 'corrupt'],
    ['failures not an array', { ...stored(), failures: {} }, 'corrupt'],
    ['more dropped than failed', { ...stored(), dropped: 5 }, 'invalid totals'],
  ])('%s → reset with a notice', (_name, value, why) => {
    const parsed = parseStoredLog(value, ORIGIN, NOW);
    expect(parsed.log).toEqual(createLog(ORIGIN, NOW));
    expect(parsed.notice).toContain(why);
    expect(parsed.notice).toContain(ORIGIN);
  });

  const record = () => (stored().failures as Array<Record<string, unknown>>)[0]!;
  const withRecord = (fields: Record<string, unknown>) => ({ ...stored(), failures: [{ ...record(), ...fields }] });
  it.each<[string, Record<string, unknown>]>([
    ['a record time no Date can hold', withRecord({ time: 1e300 })],
    ['a record of an unknown outcome', withRecord({ outcome: 'constructor' })],
    ['a broken failure record', { ...stored(), failures: [{ time: 'yesterday' }] }],
    // The recorder writes these out (utils/visible-text.ts): a raw one was not stored by it.
    ['a record whose Server header holds a raw right-to-left override', withRecord({ server: 'nginx\u202e' })],
    ...(
      [
        ['via', 'constructor'],
        ['error', 'Connection Refused!'],
        ['status', 1000],
        ['size', -1],
        ['tabId', 0.5],
        ['route', 5],
        ['redirectHost', 'x'.repeat(301)],
        ['sharedLink', 'yes'],
        ['failure', 1],
      ] as const
    ).map(([field, wrong]): [string, Record<string, unknown>] => [`a record whose ${field} is ${JSON.stringify(wrong)}`, withRecord({ [field]: wrong })]),
  ])('%s → the record left out, the counts kept, with a notice', (_name, value) => {
    const parsed = parseStoredLog(value, ORIGIN, NOW);
    expect(parsed.log).toMatchObject({ total: value.total, failed: value.failed, counters: value.counters, failures: [], dropped: 1 });
    expect(parsed.notice).toBe(`1 stored failure record(s) for ${ORIGIN} were unreadable and are left out: the counts are exact, the list of failures lacks them.`);
  });

  it.each<[string, Record<string, unknown>]>([
    ['at an infinite time', { time: Infinity }],
    ['whose error holds an escape sequence', { errorText: '\u001b[2J' }],
  ])('a recent request %s is left out of the list, nothing else changes', (_name, fields) => {
    const value = stored();
    const [failure] = value.failures as Array<Record<string, unknown>>;
    const parsed = parseStoredLog({ ...value, recent: [failure, { ...failure, ...fields }] }, ORIGIN, NOW);
    expect(parsed.log.recent).toEqual([failure]);
    expect(parsed.log.failures).toEqual([failure]);
    expect(parsed.notice).toBeUndefined();
  });

  it('records no count holds (pages written, their head refused) are left out, the newest first', () => {
    const value = stored();
    const failures = value.failures as Array<Record<string, unknown>>;
    value.failures = [failures[0], { ...failures[0], time: 1 }, { ...failures[0], time: 2 }];
    const parsed = parseStoredLog(value, ORIGIN, NOW);
    expect(parsed.log.failures).toEqual([failures[0]]);
    expect(parsed.log).toMatchObject({ failed: 1, dropped: 0 });
    expect(parsed.notice).toBeUndefined();
  });

  it('keeps the limit the log was written with, unless the reader sets a new one', () => {
    const value = { ...stored(), limit: 500 };
    expect(parseStoredLog(value, ORIGIN, NOW).log.limit).toBe(500);
    expect(parseStoredLog(value, ORIGIN, NOW, 1000).log.limit).toBe(1000);
  });

  it('a stored list longer than the limit keeps the newest and counts the rest as dropped', () => {
    const value = stored();
    const failures = value.failures as unknown[];
    value.failures = [...failures, ...failures, ...failures];
    value.failed = 3;
    const parsed = parseStoredLog(value, ORIGIN, NOW, 2);
    expect(parsed.log.failures).toHaveLength(2);
    expect(parsed.log.dropped).toBe(1);
  });
});
