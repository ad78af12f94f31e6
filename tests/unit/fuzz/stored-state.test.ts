import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { counterCells, parseStoredLog, type RequestLog } from '../../../utils/log/request-log';
import { summarize } from '../../../utils/state/summarize';
import { readSummary } from '../../../utils/state/summary';
import { answers, logOf, ORIGIN, request } from '../../fixtures/responses';
import { prototypeIsClean, wrongType } from './arbitraries';
import { mutatedValue } from './json-mutation';
import { fuzz, TEST_TIMEOUT } from './settings';

const NOW = Date.UTC(2026, 0, 1);

/** What the popup, the exports and the background may rely on in any log the parsers hand out. */
function logFaults(log: RequestLog): string[] {
  const faults: string[] = [];
  for (const time of [log.since, log.updated, ...log.failures.map((record) => record.time), ...log.recent.map((record) => record.time)]) {
    try {
      new Date(time).toISOString();
    } catch {
      faults.push(`a time no Date can hold: ${time}`);
    }
  }
  const counts = [log.total, log.failed, log.dropped, log.limit, ...counterCells(log.counters).map((cell) => cell.count)];
  for (const count of counts) if (!Number.isSafeInteger(count) || count < 0) faults.push(`a count that is no safe integer: ${count}`);
  if (log.failures.length > log.limit) faults.push(`${log.failures.length} failure records over a limit of ${log.limit}`);
  return faults;
}

/** A stored value exactly as storage gives it back: structured-clone-like, so JSON is close enough. */
const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const log = logOf([
  request('thumbnail', answers.missingFile),
  request('preview', answers.notGenerated),
  request('usersMe', answers.unauthorised),
  request('original', answers.originalOk),
  request('socket', { error: 'net::ERR_CONNECTION_REFUSED' }),
]);
const summary = stored(summarize(log));

/** Anything storage may hold under a site's key: its own values mutated, or anything at all. */
const storedLog = fc.oneof({ weight: 4, arbitrary: mutatedValue(stored(log)) }, { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) }, { weight: 1, arbitrary: wrongType });
const storedSummary = fc.oneof({ weight: 4, arbitrary: mutatedValue(summary) }, { weight: 1, arbitrary: mutatedValue({ ...summary, log: stored(log) }) }, { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) });
/** The limit the background passes (one of the options page's choices), or none (a reader). */
const limit = fc.constantFrom(undefined, 500, 1000, 2000, 5000);

describe('fuzz: the stored-state parsers', () => {
  it(
    'parseStoredLog: anything stored gives a sound log, which parses again to itself',
    () => {
      fc.assert(
        fc.property(storedLog, limit, (value, newLimit) => {
          const { log: parsed } = parseStoredLog(value, ORIGIN, NOW, newLimit);
          expect(logFaults(parsed)).toEqual([]);
          // Compared as stored: a -0 read from the value becomes 0 in JSON, and that is no difference.
          const again = parseStoredLog(stored(parsed), ORIGIN, NOW, newLimit);
          expect(again.notice).toBeUndefined();
          expect(again.log).toEqual(stored(parsed));
          expect(prototypeIsClean()).toBe(true);
        }),
        fuzz(5),
      );
    },
    TEST_TIMEOUT,
  );

  it(
    'readSummary: anything stored gives no summary, or a sound one that reads again to itself',
    () => {
      fc.assert(
        fc.property(storedSummary, (value) => {
          const read = readSummary(value, ORIGIN);
          if (!read) return;
          expect(logFaults(read.log)).toEqual([]);
          expect(readSummary(stored(read), ORIGIN)).toEqual(stored(read));
          expect(prototypeIsClean()).toBe(true);
        }),
        fuzz(5),
      );
    },
    TEST_TIMEOUT,
  );
});
