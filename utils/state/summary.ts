import type { DiagnosisReport } from '../diagnose/diagnose';
import { parseStoredLog, type RequestLog } from '../log/request-log';
import { isPlainObject } from '../plain-object';

/**
 * What the popup shows, written by the background beside the full log at every batch: the exact
 * counters, the latest failures, and the diagnosis made from the *full* log. Reading a few kilobytes
 * instead of the whole log (up to ~1 MB) is what lets the popup show its first diagnosis quickly;
 * the full log stays for exports and for a restarted worker.
 *
 * The background makes it (`summarize`, ./summarize.ts: the only part that runs the engine); everyone
 * else only reads it (`readSummary`). The popup never diagnoses, and does not even load the engine: a
 * summary it cannot read is asked of the background (the `getSummary` message).
 */
export interface LogSummary {
  log: RequestLog;
  report: DiagnosisReport;
}

/**
 * The summary as stored. `report` is `null` when the stored report was written by an older version
 * (the summary item's migration drops it: its shape is this version's no more).
 */
export interface StoredSummary {
  log: RequestLog;
  report: DiagnosisReport | null;
}

/** How many of the latest failures the summary carries (the popup lists 30). */
export const SUMMARY_FAILURES = 30;

/** The fields of a diagnosis the views read: one of another shape would blank the popup, so it is no summary. */
function isDiagnosis(value: unknown): boolean {
  if (!isPlainObject(value) || !isPlainObject(value.evidence)) return false;
  const { evidence } = value;
  return (
    typeof value.cause === 'string' &&
    typeof value.title === 'string' &&
    typeof value.confidence === 'number' &&
    Array.isArray(value.checks) &&
    Array.isArray(value.remedies) &&
    Array.isArray(evidence.failing) &&
    Array.isArray(evidence.healthy) &&
    Array.isArray(evidence.examples)
  );
}

/** The report's shape where the views read it; the storage item's version stands for the finer detail. */
function isReport(value: unknown, origin: string): value is DiagnosisReport {
  return isPlainObject(value) && value.origin === origin && typeof value.healthy === 'boolean' && Array.isArray(value.diagnoses) && value.diagnoses.every(isDiagnosis);
}

/** The summary item holds JSON text (./site-state.ts); unreadable text reads as no summary. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Reads a stored summary (the item's JSON text, or the object it holds): the summary, or `undefined` when there is none or any part of it is
 * unreadable (corrupt, another origin's, a report an older version wrote). Never recomputes anything:
 * the caller asks the background, whose log is the truth (a broken copy loses nothing).
 */
export function readSummary(stored: unknown, origin: string): LogSummary | undefined {
  const value = typeof stored === 'string' ? parseJson(stored) : stored;
  if (!isPlainObject(value) || !isReport(value.report, origin)) return undefined;
  const { log, notice } = parseStoredLog(value.log, origin, 0);
  // A missing log part parses as a fresh log: that is no summary either.
  if (notice || value.log === undefined || value.log === null) return undefined;
  return { log, report: value.report };
}
