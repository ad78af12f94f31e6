import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildExport } from '../../../utils/export/export-file';
import { readImport, type ImportResult } from '../../../utils/import/read-import';
import { parseStoredLog } from '../../../utils/log/request-log';
import { answers, logOf, request } from '../../fixtures/responses';
import { anyNumber, prototypeIsClean, PROTOTYPE_KEYS } from './arbitraries';
import { mutatedText } from './json-mutation';
import { fuzz, TEST_TIMEOUT } from './settings';

const NOW = Date.UTC(2026, 0, 1);

/** What a read must give: a log that the stored-state validation takes as it is, or a sentence. */
function resultFaults(result: ImportResult): string[] {
  if (!result.ok) return typeof result.message === 'string' && result.message.length > 0 ? [] : ['a failure without a message'];
  const faults: string[] = [];
  const { log } = result;
  const stored = parseStoredLog(JSON.parse(JSON.stringify(log)), result.origin, NOW);
  if (stored.notice) faults.push(`the log fails its own validation: ${stored.notice}`);
  for (const time of [log.since, log.updated, ...log.failures.map((record) => record.time)]) {
    try {
      new Date(time).toISOString();
    } catch {
      faults.push(`a time no Date can hold: ${time}`);
    }
  }
  for (const count of [log.total, log.failed, log.dropped, result.entries, result.skipped]) if (!Number.isSafeInteger(count) || count < 0) faults.push(`a count that is no safe integer: ${count}`);
  if (!result.origins.includes(result.origin)) faults.push('the chosen origin is not among the origins');
  return faults;
}

/** Feeds `input` to the reader in chunks cut where `cuts` say, as a file read from disk or a stream. */
async function read(input: string | Uint8Array, cuts: number[] = []): Promise<ImportResult> {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const ends = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  return readImport(
    (async function* () {
      let start = 0;
      for (const end of [...ends, bytes.length]) {
        if (end > start) yield bytes.subarray(start, end);
        start = Math.max(start, end);
      }
    })(),
    { now: NOW },
  );
}

/** Reads, and checks the result and Object.prototype; a hang fails the run through fast-check's timeout. */
async function readsSoundly(input: string | Uint8Array, cuts: number[] = []): Promise<void> {
  const result = await read(input, cuts);
  expect(resultFaults(result)).toEqual([]);
  expect(prototypeIsClean()).toBe(true);
}

/** A time as files write it: any a Date can hold (years -271821 to 275760), or none. */
const dateText = fc.oneof(fc.date({ noInvalidDate: true }).map((date) => date.toISOString()), fc.constantFrom('', 'yesterday', '2026-02-30T00:00:00Z', '1970-01-01T00:00:00Z'));
const cuts = fc.array(fc.nat(), { maxLength: 4 });
const hars = ['chrome-thumbnails-500.har', 'firefox-unreachable.har', 'playwright-upload-413.har'].map((name) => JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/har', name), 'utf8')) as unknown);
const exported = JSON.parse(
  buildExport(
    'json',
    logOf([request('thumbnail', answers.missingFile), request('preview', answers.notGenerated), request('usersMe', answers.unauthorised), request('original', answers.originalOk), request('socket', { error: 'net::ERR_CONNECTION_REFUSED' })]),
    { extensionVersion: '0', browser: 'test', exportedAt: NOW },
    { hideHost: false, hideAssetIds: false },
  ).text,
) as Record<string, unknown>;
// The reader skips the diagnoses: without them, mutations land on what it reads.
delete exported.diagnoses;

/** A value that is anything a HAR entry or a log's part may be, with prototype keys among the keys. */
const part = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(...PROTOTYPE_KEYS), anyNumber.filter(Number.isFinite));
const protoJson = fc.tuple(fc.constantFrom(...PROTOTYPE_KEYS), part).map(([key, value]) => `{${JSON.stringify(key)}:${JSON.stringify(value)}}`);
/** A counter cell of an exported log, its names known, prototype keys or anything. */
const cell = fc
  .record({
    // Mostly names, so that whole lists of cells get past the check of each and reach the counters.
    kind: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('thumbnail', 'api', 'page', ...PROTOTYPE_KEYS) }, { weight: 1, arbitrary: part }),
    outcome: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('ok', 'http-500', 'net-unknown', ...PROTOTYPE_KEYS) }, { weight: 1, arbitrary: part }),
    responder: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('immich', 'nginx', ...PROTOTYPE_KEYS) }, { weight: 1, arbitrary: part }),
    count: fc.oneof({ weight: 6, arbitrary: fc.nat() }, { weight: 1, arbitrary: anyNumber.filter(Number.isFinite) }, { weight: 1, arbitrary: part }),
  })
  .map((value) => JSON.stringify(value));
/** Documents shaped enough like a HAR or a log to get past the first checks, their parts arbitrary. */
const shapedDocument = fc.oneof(
  fc.array(fc.oneof(part.map((value) => JSON.stringify(value)), protoJson), { maxLength: 6 }).map((entries) => `{"log":{"version":"1.2","entries":[${entries.join(',')}]}}`),
  fc
    .record({ origin: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('https://photos.example.com', 'http://192.168.1.20:2283') }, { weight: 1, arbitrary: part }), span: fc.oneof(fc.record({ from: dateText, to: dateText }), part), counters: fc.array(fc.oneof({ weight: 8, arbitrary: cell }, { weight: 1, arbitrary: part.map((value) => JSON.stringify(value)) }, { weight: 1, arbitrary: protoJson }), { maxLength: 4 }), failures: fc.array(part, { maxLength: 4 }) })
    .map(({ origin, span, counters, failures }) => `{"format":"immich-doctor-log","version":1,"origin":${JSON.stringify(origin) ?? 'null'},"span":${JSON.stringify(span) ?? 'null'},"counters":[${counters.join(',')}],"failures":${JSON.stringify(failures)}}`),
);

describe('fuzz: the HAR and log readers', () => {
  it(
    'arbitrary bytes, in any chunks: a message or a sound log, never a throw or a hang',
    async () => {
      await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2_000 }), cuts, readsSoundly), { ...fuzz(2), timeout: 5_000 });
    },
    TEST_TIMEOUT,
  );

  it(
    'arbitrary JSON',
    async () => {
      await fc.assert(fc.asyncProperty(fc.json({ maxDepth: 4 }), cuts, readsSoundly), { ...fuzz(2), timeout: 5_000 });
    },
    TEST_TIMEOUT,
  );

  it(
    'HAR and log shapes with arbitrary parts and prototype keys',
    async () => {
      await fc.assert(fc.asyncProperty(shapedDocument, cuts, readsSoundly), { ...fuzz(2), timeout: 5_000 });
    },
    TEST_TIMEOUT,
  );

  it(
    'mutated real HAR files (Chrome, Firefox, Playwright)',
    async () => {
      await fc.assert(fc.asyncProperty(fc.constantFrom(...hars).chain(mutatedText), cuts, readsSoundly), { ...fuzz(2), timeout: 5_000 });
    },
    TEST_TIMEOUT,
  );

  it(
    'mutated exported logs',
    async () => {
      await fc.assert(fc.asyncProperty(mutatedText(exported), cuts, readsSoundly), { ...fuzz(2), timeout: 5_000 });
    },
    TEST_TIMEOUT,
  );
});

describe('fuzz counterexamples, fixed', () => {
  it('an exported log whose span starts before 1970 reads as a log its own validation accepts (the span is then unknown)', async () => {
    const file = '{"format":"immich-doctor-log","version":1,"origin":"https://photos.example.com","span":{"from":"1969-12-31T23:59:59.999Z","to":""},"counters":[],"failures":[]}';
    expect(resultFaults(await read(file))).toEqual([]);
  });
});
