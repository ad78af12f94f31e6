import type { RequestRecord } from '../classify/classify-request';
import { isFailure, isOutcomeKey } from '../classify/outcome';
import { isPrintableAscii } from '../classify/url-parts';
import { isRequestKind } from '../classify/request-kind';
import { isResponder } from '../classify/responder';
import { LOG_FORMAT, LOG_FORMAT_VERSION } from '../export/json-log';
import { parseOrigin } from '../origins/origin';
import { redactPath } from '../secrets';
import { addCount, counterCells, createLog, failedIn, isRequestRecord, setRecordLimit, type CounterCell, type RequestLog } from '../log/request-log';
import { createValueReader, MAX_SERVER_CHECKS_CHARS, readChecks, type ImportedServerChecks } from './export-fields';
import { readVersion } from '../version';
import { keptValue } from './har-reader';
import type { JsonPath, JsonScalar } from './json-walk';
import { parseTime } from '../time';

/**
 * The exported-log side of the import (docs/log-format.md): counters added up as each cell closes
 * (their keys are known names, so they are bounded whatever the file), failure records validated as
 * each closes and only the last `limit` kept, as the log would keep them. Nothing grows with the file.
 */

/** Every field of a record, the only ones kept from a file's record (the compiler checks the list is whole). */
const RECORD_FIELDS = new Set(
  Object.keys({
    time: true,
    origin: true,
    method: true,
    path: true,
    kind: true,
    route: true,
    assetId: true,
    sharedLink: true,
    outcome: true,
    failure: true,
    status: true,
    error: true,
    errorText: true,
    redirectHost: true,
    responder: true,
    via: true,
    contentType: true,
    size: true,
    server: true,
    tabId: true,
    insecure: true,
  } satisfies Record<keyof RequestRecord, true>),
);

const CELL_FIELDS = new Set(Object.keys({ kind: true, outcome: true, responder: true, count: true } satisfies Record<keyof CounterCell, true>));

/** The values read from one cell or record: only listed names, so a file cannot write `__proto__` into one. */
type Fields = Record<string, JsonScalar | undefined>;

/** A counter cell of an exported log: known names only, a count that is a count. */
function isCell(cell: Fields): cell is Fields & CounterCell {
  return isRequestKind(cell.kind) && isOutcomeKey(cell.outcome) && isResponder(cell.responder) && Number.isSafeInteger(cell.count) && (cell.count as number) >= 0;
}

/**
 * More outcomes than a log can name (every HTTP error status, 900, and the network errors): a file
 * naming more holds no log. Bounds the counters' memory, which each new `net-<word>` a file invents
 * would grow (found by a review: 200,000 invented words, 656 MB).
 */
const MAX_OUTCOMES = 1_000;

export type LogResult = { ok: true; log: RequestLog; records: number; serverChecks?: ImportedServerChecks; immichVersion?: string } | { ok: false; message: string };

export function createLogReader(now: number) {
  /** The counters add up here; origin and span are set at the end, when they are known. */
  const log = createLog('', now);
  let format: JsonScalar | undefined;
  let version: JsonScalar | undefined;
  let origin: JsonScalar | undefined;
  let immichVersion: JsonScalar | undefined;
  const span: { from?: JsonScalar; to?: JsonScalar } = {};
  let cell: Fields = {};
  let record: Fields = {};
  let records = 0;
  let damagedCounters = false;
  /** The cells add up past 2^53 − 1: the totals could no longer be exact (found by `npm run fuzz`). */
  let countsOverflow = false;
  /** The outcomes the counters name so far (`MAX_OUTCOMES`). */
  const outcomes = new Set<string>();
  let tooManyOutcomes = false;
  const serverChecks = createValueReader(MAX_SERVER_CHECKS_CHARS);

  function finishRecord(): void {
    records += 1;
    const candidate = record;
    record = {};
    // Whatever version wrote the file, "failed" means what isFailure says now: the records kept and
    // the totals are judged again, the totals from the exact counters, not from the file's own.
    // A path with anything but printable ASCII was not written by the extension (the classifier's paths
    // are percent-encoded, utils/classify/url-parts.ts): a raw right-to-left override would show it reversed.
    if (!isRequestRecord(candidate) || !isPrintableAscii(candidate.path) || !isFailure(candidate.kind, candidate.outcome)) return;
    // Redacted again, as every export is: a log written by an older version, or by hand, may carry a
    // credential the extension now finds (a gateway's return address), and the CLI prints its examples.
    log.failures.push({ ...candidate, failure: true, path: redactPath(candidate.path) });
    // Bounded while streaming, as the extension's own log is: the oldest records beyond the limit go.
    if (log.failures.length > log.limit) log.failures.shift();
  }

  function finishCell(): void {
    // Each cell is a safe integer; the total, which every cell adds to, is checked before it grows.
    if (!isCell(cell)) damagedCounters = true;
    else if (!Number.isSafeInteger(log.total + cell.count)) countsOverflow = true;
    else if (!outcomes.has(cell.outcome) && outcomes.size >= MAX_OUTCOMES) tooManyOutcomes = true;
    else {
      outcomes.add(cell.outcome);
      addCount(log, cell.kind, cell.outcome, cell.responder, cell.count);
    }
    cell = {};
  }

  return {
    /** `format` names this extension's log: the file is one. */
    isLog: () => format === LOG_FORMAT,
    /** The failure records in the file, kept or not. */
    records: () => records,
    scalar(path: JsonPath, value: JsonScalar): void {
      const [first, second, field] = path;
      if (first === 'serverChecks') serverChecks.scalar(path.slice(1), value);
      else if (path.length === 1) {
        if (first === 'format') format = value;
        else if (first === 'version') version = value;
        else if (first === 'origin') origin = keptValue(value);
        else if (first === 'immichVersion') immichVersion = keptValue(value);
      } else if (path.length === 2) {
        if (first === 'span' && (second === 'from' || second === 'to')) span[second] = value;
        // A cell or a record that is not an object: a damaged cell, a record that is not one.
        else if (first === 'counters') finishCell();
        else if (first === 'failures') finishRecord();
      } else if (path.length === 3 && typeof field === 'string') {
        if (first === 'counters' && CELL_FIELDS.has(field)) cell[field] = value;
        else if (first === 'failures' && RECORD_FIELDS.has(field)) record[field] = keptValue(value);
      }
    },
    close(path: JsonPath): void {
      if (path[0] === 'serverChecks') serverChecks.close(path.slice(1));
      if (path.length !== 2) return;
      if (path[0] === 'counters') finishCell();
      else if (path[0] === 'failures') finishRecord();
    },
    result(): LogResult {
      if (version !== LOG_FORMAT_VERSION) {
        return { ok: false, message: `This Immich Doctor log has format version ${String(version)}; this version reads version ${LOG_FORMAT_VERSION}.` };
      }
      const site = typeof origin === 'string' ? parseOrigin(origin) : undefined;
      if (!site?.ok) return { ok: false, message: 'This Immich Doctor log is damaged: its origin is missing or is not an http(s) site address.' };
      if (damagedCounters) return { ok: false, message: 'This Immich Doctor log is damaged: its counters name an unknown kind, outcome or responder.' };
      if (tooManyOutcomes) return { ok: false, message: `This Immich Doctor log is damaged: its counters name more than ${MAX_OUTCOMES.toLocaleString('en')} outcomes, more than any log holds.` };
      if (countsOverflow) return { ok: false, message: `This Immich Doctor log is damaged: its counters add up to more than ${Number.MAX_SAFE_INTEGER.toLocaleString('en')} requests, more than can be counted exactly.` };
      log.origin = site.origin;
      log.since = parseTime(span.from) ?? now;
      log.updated = parseTime(span.to) ?? log.since;
      log.failed = failedIn(counterCells(log.counters));
      log.dropped = Math.max(0, log.failed - log.failures.length);
      setRecordLimit(log, log.limit);
      // Validated against the log's own origin (hidden or not, the export wrote both alike).
      const checks = serverChecks.read();
      const serverVersion = readVersion(immichVersion);
      return { ok: true, log, records, serverChecks: readChecks(checks, site.origin), ...(serverVersion ? { immichVersion: serverVersion } : {}) };
    },
  };
}
