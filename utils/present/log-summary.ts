import { causeById } from '../diagnose/catalog';
import type { CauseId } from '../diagnose/cause';
import { diagnose, type DiagnosisReport } from '../diagnose/diagnose';
import { parseStoredLog, type RequestLog } from '../log/request-log';

/**
 * What the popup shows, written by the background beside the full log at every batch: the exact
 * counters, the latest failures, and the diagnosis made from the *full* log. Reading a few kilobytes
 * instead of the whole log (up to ~1 MB) is what lets the popup show its first diagnosis quickly;
 * the full log stays for exports and for a restarted worker.
 */
export interface LogSummary {
  log: RequestLog;
  report: DiagnosisReport;
}

/** How many of the latest failures the summary carries (the popup lists 30). */
export const SUMMARY_FAILURES = 30;

export function summarize(log: RequestLog): LogSummary {
  return { log: { ...log, failures: log.failures.slice(-SUMMARY_FAILURES) }, report: diagnose(log) };
}

function isKnownCause(cause: unknown): boolean {
  try {
    causeById(cause as CauseId);
    return true;
  } catch {
    return false;
  }
}

function validReport(value: unknown, origin: string): value is DiagnosisReport {
  const report = value as Partial<DiagnosisReport> | null;
  return (
    typeof report === 'object' &&
    report !== null &&
    report.origin === origin &&
    typeof report.healthy === 'boolean' &&
    Array.isArray(report.diagnoses) &&
    report.diagnoses.every((diagnosis) => isKnownCause(diagnosis?.cause) && typeof diagnosis.evidence === 'object' && Array.isArray(diagnosis.evidence?.failing))
  );
}

/** Reads a stored summary; a broken log part resets with a notice, a broken report is recomputed. */
export function parseStoredSummary(value: unknown, origin: string, now: number): { summary: LogSummary; notice?: string } {
  const isObject = typeof value === 'object' && value !== null;
  const stored = (isObject ? value : {}) as Partial<Record<keyof LogSummary, unknown>>;
  // Not an object at all: let the log parser say it was unreadable.
  const { log, notice } = parseStoredLog(isObject ? stored.log : value, origin, now);
  const report = !notice && validReport(stored.report, origin) ? stored.report : diagnose(log);
  return notice ? { summary: { log, report }, notice } : { summary: { log, report } };
}
