import { JSONParser } from '@streamparser/json';
import { classify } from '../classify/classify-request';
import { isFailure, isOutcomeKey } from '../classify/outcome';
import { isRequestKind } from '../classify/request-kind';
import { isResponder } from '../classify/responder';
import { parseOrigin } from '../origins/origin';
import { isPlainObject } from '../plain-object';
import { LOG_FORMAT, LOG_FORMAT_VERSION } from '../export/json-log';
import { addCount, counterCells, createLog, failedIn, isRequestRecord, recordFacts, setRecordLimit, type CounterCell, type RequestLog } from '../log/request-log';
import { harEntryRequest } from './har-entry';

/**
 * Reads a HAR file (Chrome, Firefox, Playwright, or this extension's export) or this extension's JSON
 * log, streamed: only one entry is in memory at a time and each origin's log stays bounded, so a
 * 200 MB HAR needs no more memory than a small one. Runs in Node (`npm run diagnose`) and in the
 * options page alike.
 */
export type ImportResult =
  | { ok: true; format: 'har' | 'log'; origin: string; log: RequestLog; entries: number; skipped: number; origins: string[] }
  | { ok: false; message: string };

export interface ImportOptions {
  /** Only this origin's requests; otherwise the one that looks most like Immich. */
  origin?: string;
  now?: number;
}

/** HAR entries and the parts of a JSON log, the only values the parser hands over. */
const PATHS = ['$.log.entries.*', '$.log.version', '$.format', '$.version', '$.origin', '$.counters.*', '$.failures.*', '$.span'];

interface Collected {
  harEntries: number;
  /** `log.version` was seen: a HAR, even one without entries. */
  isHar: boolean;
  skipped: number;
  logs: Map<string, RequestLog>;
  immichAnswers: Map<string, number>;
  format?: unknown;
  version?: unknown;
  logOrigin?: unknown;
  counters: CounterCell[];
  failures: unknown[];
  span?: unknown;
}

function addHarEntry(collected: Collected, value: unknown, options: ImportOptions, now: number): void {
  collected.harEntries += 1;
  const raw = harEntryRequest(value);
  const result = raw ? classify(raw) : undefined;
  if (!raw || !result?.ok) {
    collected.skipped += 1;
    return;
  }
  const { facts } = result;
  const { origin } = facts.url;
  if (options.origin && origin !== options.origin) return;
  let log = collected.logs.get(origin);
  if (!log) collected.logs.set(origin, (log = createLog(origin, facts.time ?? now)));
  if (facts.time < log.since) log.since = facts.time;
  recordFacts(log, facts, raw);
  if (facts.responder === 'immich') collected.immichAnswers.set(origin, (collected.immichAnswers.get(origin) ?? 0) + 1);
}

function harResult(collected: Collected, options: ImportOptions): ImportResult {
  const origins = [...collected.logs.keys()];
  if (collected.logs.size === 0) {
    return { ok: false, message: options.origin ? `The HAR file has no request to ${options.origin}.` : 'The HAR file has no web request in it.' };
  }
  // The origin that answered most like Immich; failing that, the one with the most requests.
  const ranked = origins.sort(
    (a, b) => (collected.immichAnswers.get(b) ?? 0) - (collected.immichAnswers.get(a) ?? 0) || collected.logs.get(b)!.total - collected.logs.get(a)!.total,
  );
  const origin = ranked[0]!;
  return { ok: true, format: 'har', origin, log: collected.logs.get(origin)!, entries: collected.harEntries, skipped: collected.skipped, origins: ranked };
}

/** A counter cell of an exported log: known names only, so a file cannot write `__proto__` into the counters. */
function isCell(value: unknown): value is CounterCell {
  return isPlainObject(value) && isRequestKind(value.kind) && isOutcomeKey(value.outcome) && isResponder(value.responder) && Number.isSafeInteger(value.count) && (value.count as number) >= 0;
}

function logResult(collected: Collected, now: number): ImportResult {
  if (collected.version !== LOG_FORMAT_VERSION) {
    return { ok: false, message: `This Immich Doctor log has format version ${String(collected.version)}; this version reads version ${LOG_FORMAT_VERSION}.` };
  }
  const origin = typeof collected.logOrigin === 'string' ? parseOrigin(collected.logOrigin) : undefined;
  if (!origin?.ok) return { ok: false, message: 'This Immich Doctor log is damaged: its origin is missing or is not an http(s) site address.' };
  if (!collected.counters.every(isCell)) return { ok: false, message: 'This Immich Doctor log is damaged: its counters name an unknown kind, outcome or responder.' };
  const span = (collected.span ?? {}) as { from?: string; to?: string };
  const log = createLog(origin.origin, Date.parse(span.from ?? '') || now);
  log.updated = Date.parse(span.to ?? '') || log.since;
  // The counters are exact and already include the failures: rebuild them, then list the records as they are.
  for (const cell of collected.counters) addCount(log, cell.kind, cell.outcome, cell.responder, cell.count);
  // Whatever version wrote the file, "failed" means what isFailure says now: the records it keeps and
  // the totals are judged again from the exact counters, not taken from the file's own totals.
  const records = collected.failures.filter(isRequestRecord).filter((record) => isFailure(record.kind, record.outcome));
  log.failures = records.map((record) => (record.failure ? record : { ...record, failure: true }));
  log.failed = failedIn(counterCells(log.counters));
  log.dropped = Math.max(0, log.failed - records.length);
  setRecordLimit(log, log.limit);
  return { ok: true, format: 'log', origin: log.origin, log, entries: collected.failures.length, skipped: 0, origins: [log.origin] };
}

/**
 * What the first bytes say a file is, when it is not text JSON can be read from: gzip (`1f 8b`,
 * RFC 1952 §2.3.1), or UTF-16 (its byte-order mark, or the zero byte beside each ASCII character).
 */
function notUtf8(first: Uint8Array): string | undefined {
  if (first[0] === 0x1f && first[1] === 0x8b) return 'This file is gzip-compressed: decompress it first (for example `gunzip file.har.gz`), then open the .har file.';
  const bom16 = (first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff);
  if (bom16 || (first.length >= 2 && (first[0] === 0) !== (first[1] === 0))) return 'This file is saved as UTF-16: save it as UTF-8 (any text editor can), then open it again.';
  return undefined;
}

export async function readImport(chunks: AsyncIterable<Uint8Array | string>, options: ImportOptions = {}): Promise<ImportResult> {
  const now = options.now ?? Date.now();
  const collected: Collected = { isHar: false, harEntries: 0, skipped: 0, logs: new Map(), immichAnswers: new Map(), counters: [], failures: [] };
  // separator '': whitespace after the document (a final newline) is not an error.
  const parser = new JSONParser({ paths: PATHS, keepStack: false, separator: '' });
  let failure: Error | undefined;
  // How far the reader got, in the unit of its input: bytes, or characters once decoded.
  let bytes = 0;
  let unit = 'bytes';
  parser.onValue = ({ value, key, stack }) => {
    const path = stack.map((level) => level.key).concat(key as never);
    if (path[1] === 'log' && path[2] === 'entries') addHarEntry(collected, value, options, now);
    else if (path[1] === 'log' && key === 'version') collected.isHar = true;
    else if (path.length === 2 && key === 'format') collected.format = value;
    else if (path.length === 2 && key === 'version') collected.version = value;
    else if (path.length === 2 && key === 'origin') collected.logOrigin = value;
    else if (path.length === 2 && key === 'span') collected.span = value;
    else if (path[1] === 'counters') collected.counters.push(value as unknown as CounterCell);
    else if (path[1] === 'failures') collected.failures.push(value);
  };
  parser.onError = (error) => {
    failure ??= error;
  };
  try {
    for await (const chunk of chunks) {
      if (bytes === 0 && typeof chunk !== 'string') {
        const message = notUtf8(chunk);
        if (message) return { ok: false, message };
      }
      if (typeof chunk === 'string') unit = 'characters';
      bytes += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
      parser.write(chunk);
      if (failure) break;
    }
    if (!failure) parser.end();
  } catch (error) {
    failure ??= error instanceof Error ? error : new Error(String(error));
  }
  if (failure) {
    const truncated = /not all the data was received/i.test(failure.message);
    const read = collected.harEntries + collected.failures.length;
    return {
      ok: false,
      message: truncated
        ? `The file ends early: it stops after ${bytes.toLocaleString('en')} ${unit}${read > 0 ? ` and ${read.toLocaleString('en')} entries` : ''}, before its JSON is complete (a download or copy cut short?).`
        : `The file is not valid JSON (after ${bytes.toLocaleString('en')} ${unit}): ${failure.message.split('\n')[0]}`,
    };
  }
  if (collected.format === LOG_FORMAT) return logResult(collected, now);
  if (collected.isHar || collected.harEntries > 0) return harResult(collected, options);
  return { ok: false, message: 'This file is neither a HAR file (no log.entries) nor an Immich Doctor log.' };
}

/** Reads a string or bytes already in memory (tests, small files). */
export function readImportText(text: string | Uint8Array, options?: ImportOptions): Promise<ImportResult> {
  return readImport(
    (async function* () {
      yield text;
    })(),
    options,
  );
}
