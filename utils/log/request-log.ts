import { toRecord, classify, MAX_CONTENT_TYPE, MAX_ERROR_TEXT, MAX_METHOD, MAX_PATH, MAX_SERVER, type RequestRecord, type RequestFacts, type RawRequest } from '../classify/classify-request';
import { isFailure, isOutcomeKey, type OutcomeKey } from '../classify/outcome';
import { isMediaKind, isRequestKind, type RequestKind } from '../classify/request-kind';
import { isResponder, type Responder } from '../classify/responder';
import { isPlainObject } from '../plain-object';
import { isTime } from '../time';
import { isTextWithin, isVisibleText } from '../visible-text';

export const DEFAULT_RECORD_LIMIT = 2000;

/** Exact counts of every request: kind → outcome → responder → n. */
export type Counters = Partial<Record<RequestKind, Partial<Record<OutcomeKey, Partial<Record<Responder, number>>>>>>;

/** Everything recorded for one Immich origin since it was enabled or last reset. */
export interface RequestLog {
  origin: string;
  /** When this log started (ms since the epoch). */
  since: number;
  /** Time of the last recorded request. */
  updated: number;
  total: number;
  failed: number;
  counters: Counters;
  /** The most recent failures, oldest first, at most `limit`. */
  failures: RequestRecord[];
  /** Failures dropped from `failures` to respect `limit` (they are still in the counters). */
  dropped: number;
  limit: number;
  /** The last few requests of any outcome, oldest first: the popup's list with "failures only" off. */
  recent: RequestRecord[];
}

/** How many requests of any outcome the log keeps for the popup's unfiltered list. */
export const RECENT_LIMIT = 50;

export function createLog(origin: string, now: number, limit = DEFAULT_RECORD_LIMIT): RequestLog {
  return { origin, since: now, updated: now, total: 0, failed: 0, counters: {}, failures: [], dropped: 0, limit, recent: [] };
}

/** Adds `count` requests of one kind × outcome × responder to the exact counters. */
export function addCount(log: RequestLog, kind: RequestKind, outcome: OutcomeKey, responder: Responder, count = 1): void {
  const byOutcome = (log.counters[kind] ??= {});
  const byResponder = (byOutcome[outcome] ??= {});
  byResponder[responder] = (byResponder[responder] ?? 0) + count;
  log.total += count;
}

function count(log: RequestLog, kind: RequestKind, outcome: OutcomeKey, responder: Responder, time: number): void {
  addCount(log, kind, outcome, responder);
  if (time > log.updated) log.updated = time;
}

function keepFailure(log: RequestLog, request: RequestRecord): void {
  log.failed += 1;
  log.failures.push(request);
  // V8 shifts small arrays in place, so a bounded push/shift queue stays O(1) per failure.
  while (log.failures.length > log.limit) {
    log.failures.shift();
    log.dropped += 1;
  }
}

/** Drops (and counts) the `count` oldest failure records; the counters keep them. */
export function dropOldestFailures(log: RequestLog, count: number): void {
  const dropping = Math.min(Math.max(count, 0), log.failures.length);
  log.failures.splice(0, dropping);
  log.dropped += dropping;
}

/** Changes how many failure records a log keeps, dropping (and counting) the oldest beyond it. */
export function setRecordLimit(log: RequestLog, limit: number): void {
  log.limit = limit;
  dropOldestFailures(log, log.failures.length - limit);
}

/** Appends to the bounded list of recent requests of any outcome. */
export function keepRecent(log: RequestLog, requests: readonly RequestRecord[]): void {
  log.recent.push(...requests);
  if (log.recent.length > RECENT_LIMIT) log.recent.splice(0, log.recent.length - RECENT_LIMIT);
}

/**
 * Appends requests classified earlier to `recent`, building their records only now: the background
 * calls this once per batch, so its per-request path never builds a record for a success.
 */
export function keepRecentRaw(log: RequestLog, requests: ReadonlyArray<readonly [RequestFacts, RawRequest]>): void {
  keepRecent(log, requests.map(([facts, raw]) => toRecord(facts, raw)));
}

/**
 * Records a classified request: successes are only counted; the full record (route, redacted path,
 * sizes) is built for failures, which are the ones kept.
 */
export function recordFacts(log: RequestLog, facts: RequestFacts, raw: RawRequest): void {
  count(log, facts.kind, facts.outcome.key, facts.responder, facts.time);
  if (facts.outcome.failure) keepFailure(log, toRecord(facts, raw));
}

/**
 * Classifies and records one raw request: the background's hot path. Returns its facts, or
 * undefined for one that is not a web request (it is not counted).
 */
export function recordRaw(log: RequestLog, raw: RawRequest): RequestFacts | undefined {
  const result = classify(raw);
  if (!result.ok) return undefined;
  recordFacts(log, result.facts, raw);
  return result.facts;
}

/** One cell of the counters, flattened for queries and for the popup's matrix. */
export interface CounterCell {
  kind: RequestKind;
  outcome: OutcomeKey;
  responder: Responder;
  count: number;
}

export function counterCells(counters: Counters): CounterCell[] {
  const cells: CounterCell[] = [];
  for (const [kind, byOutcome] of Object.entries(counters) as Array<[RequestKind, Counters[RequestKind]]>) {
    for (const [outcome, byResponder] of Object.entries(byOutcome ?? {}) as Array<[OutcomeKey, Partial<Record<Responder, number>>]>) {
      for (const [responder, count] of Object.entries(byResponder ?? {}) as Array<[Responder, number]>) {
        if (count > 0) cells.push({ kind, outcome, responder, count });
      }
    }
  }
  return cells;
}

export type ParsedLog = { log: RequestLog; notice?: undefined } | { log: RequestLog; notice: string };

/** A count read back from storage or a file: a whole number, not negative. */
export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function validCounters(value: unknown): value is Counters {
  if (!isPlainObject(value)) return false;
  return Object.entries(value).every(
    ([kind, byOutcome]) =>
      isRequestKind(kind) &&
      isPlainObject(byOutcome) &&
      Object.entries(byOutcome).every(
        ([outcome, byResponder]) => isOutcomeKey(outcome) && isPlainObject(byResponder) && Object.entries(byResponder).every(([responder, count]) => isResponder(responder) && isCount(count)),
      ),
  );
}

/** An optional field of a record that `is` judges. */
const isAbsentOr = (value: unknown, is: (value: unknown) => boolean) => value === undefined || is(value);
const isFlag = (value: unknown) => typeof value === 'boolean';
/** A status as the classifier keeps one (`judge`, ../classify/outcome.ts): a whole number from 1 to 999. */
const isStatus = (value: unknown) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 999;
/** A normalised network error's name (`connection-refused`): the word isOutcomeKey takes in `net-<error>`. */
const isErrorName = (value: unknown) => typeof value === 'string' && value.length <= 40 && isOutcomeKey(`net-${value}`);
/** An origin or a redirect's host: a DNS name's 253 characters, its scheme and port. */
const MAX_ORIGIN = 300;
const isText = (max: number) => (value: unknown) => isTextWithin(value, max);
/** Text from traffic, as the recorder keeps it (`toRecord`): as `visibleText` shows it, not longer than `max`. */
const isShownWithin = (max: number) => (value: unknown) => isVisibleText(value, max);

/**
 * Whether a stored or imported value has the shape of a request record, each field of the type the
 * views and exports read (a file's `via: "constructor"` named Object in a HAR's fingerprint).
 */
export function isRequestRecord(value: unknown): value is RequestRecord {
  return (
    isPlainObject(value) &&
    isTime(value.time) &&
    typeof value.path === 'string' &&
    isOutcomeKey(value.outcome) &&
    isRequestKind(value.kind) &&
    isResponder(value.responder) &&
    isAbsentOr(value.via, isResponder) &&
    isAbsentOr(value.error, isErrorName) &&
    isAbsentOr(value.status, isStatus) &&
    isAbsentOr(value.size, isCount) &&
    isAbsentOr(value.tabId, Number.isSafeInteger) &&
    isAbsentOr(value.origin, isText(MAX_ORIGIN)) &&
    isAbsentOr(value.route, isText(MAX_PATH)) &&
    isAbsentOr(value.redirectHost, isText(MAX_ORIGIN)) &&
    isAbsentOr(value.assetId, isText(64)) &&
    isAbsentOr(value.insecure, isFlag) &&
    isAbsentOr(value.sharedLink, isFlag) &&
    isAbsentOr(value.failure, isFlag) &&
    isAbsentOr(value.method, isShownWithin(MAX_METHOD)) &&
    isAbsentOr(value.server, isShownWithin(MAX_SERVER)) &&
    isAbsentOr(value.errorText, isShownWithin(MAX_ERROR_TEXT)) &&
    isAbsentOr(value.contentType, isShownWithin(MAX_CONTENT_TYPE))
  );
}

/**
 * Reads a stored log back. Anything unreadable (corrupt counts, another origin's, an older schema) gives
 * a fresh log and a notice the popup shows, instead of a crash or a silently wrong diagnosis; an
 * unreadable failure record is left out, with a notice, the counts kept.
 */
export function parseStoredLog(value: unknown, origin: string, now: number, newLimit?: number): ParsedLog {
  // The background passes its current limit; readers (the popup, tests) keep the one the log was written with.
  const storedLimit = isPlainObject(value) && isCount(value.limit) && value.limit > 0 ? value.limit : undefined;
  const limit = newLimit ?? storedLimit ?? DEFAULT_RECORD_LIMIT;
  if (value === undefined || value === null) return { log: createLog(origin, now, limit) };
  const reset = (why: string): ParsedLog => ({
    log: createLog(origin, now, limit),
    notice: `The stored log for ${origin} ${why}, so it was reset on ${new Date(now).toISOString()}.`,
  });
  if (!isPlainObject(value)) return reset('was unreadable');
  if (value.origin !== origin) return reset('belonged to another origin');
  const { since, updated, total, failed, dropped, counters, failures, recent } = value;
  if (!isCount(total) || !isCount(failed) || !isCount(dropped)) return reset('had invalid totals');
  if (!isTime(since) || !isTime(updated)) return reset('had invalid times');
  if (dropped > failed) return reset('had invalid totals');
  if (!validCounters(counters) || !Array.isArray(failures) || !Array.isArray(recent)) return reset('was corrupt');
  // A record that is not one loses only itself: the counts are exact without it (found by a review: one
  // record's bad time reset every count of the site).
  const readable = failures.filter(isRequestRecord);
  const unreadable = failures.length - readable.length;
  // At most the records the counts hold: a save whose pages were written and whose head storage then
  // refused left newer records that no count holds (found by a review: 200 records of 150 failures).
  const counted = readable.slice(0, failed - dropped);
  const kept = counted.slice(-limit);
  const log: RequestLog = {
    origin,
    since,
    updated,
    total,
    failed,
    counters,
    failures: kept,
    dropped: dropped + Math.min(unreadable, failed - dropped - counted.length) + (counted.length - kept.length),
    limit,
    recent: recent.filter(isRequestRecord).slice(-RECENT_LIMIT),
  };
  if (unreadable === 0) return { log };
  return { log, notice: `${unreadable} stored failure record(s) for ${origin} were unreadable and are left out: the counts are exact, the list of failures lacks them.` };
}

/** Failed media requests: the number on the toolbar badge. */
export function failedMediaCount(log: RequestLog): number {
  return failedIn(counterCells(log.counters), isMediaKind);
}

/** How many of these counted requests failed (`isFailure`, the one meaning), of the kinds `include` keeps. */
export function failedIn(cells: readonly CounterCell[], include: (kind: RequestKind) => boolean = () => true): number {
  let count = 0;
  for (const cell of cells) {
    if (include(cell.kind) && isFailure(cell.kind, cell.outcome)) count += cell.count;
  }
  return count;
}
