import { isOutcomeKey } from '../classify/outcome';
import { isRequestKind } from '../classify/request-kind';
import { isResponder } from '../classify/responder';
import { CHANGES, isOneOf, LAYERS, MEDIA_SCOPES, REMEDIES, SEVERITY_ORDER } from '../diagnose/cause';
import type { DiagnosisReport } from '../diagnose/diagnose';
import { isCount, isRequestRecord, parseStoredLog, type RequestLog } from '../log/request-log';
import { isPlainObject } from '../plain-object';
import { SERVER_CHECK_IDS } from '../server-checks/types';

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

/** A "N of this kind failed so, answered by …" line of evidence: each name is looked up for its words. */
function isFailingCount(value: unknown): boolean {
  return isPlainObject(value) && isRequestKind(value.kind) && isOutcomeKey(value.outcome) && isResponder(value.responder) && isCount(value.count) && isCount(value.total);
}

function isHealthyCount(value: unknown): boolean {
  return isPlainObject(value) && isRequestKind(value.kind) && isCount(value.ok) && isCount(value.total);
}

/**
 * Every field of a filled step the card reads (`FilledCheck`, what it changes among them): a list of
 * lines that is not one threw in the card.
 */
function isCheck(value: unknown): boolean {
  return (
    isPlainObject(value) &&
    typeof value.title === 'string' &&
    typeof value.source === 'string' &&
    isOneOf(CHANGES, value.changes) &&
    ['detail', 'command', 'docker', 'where', 'config', 'configFile', 'url'].every((field) => value[field] === undefined || typeof value[field] === 'string') &&
    (value.lookFor === undefined || (Array.isArray(value.lookFor) && value.lookFor.every((line) => typeof line === 'string'))) &&
    (value.verify === undefined || typeof value.verify === 'boolean')
  );
}

/** A *Run checks* verdict on this cause (`CheckEvidence`): its check is named, its verdict marked. */
function isCheckEvidence(value: unknown): boolean {
  return isPlainObject(value) && isOneOf(SERVER_CHECK_IDS, value.check) && (value.verdict === 'supports' || value.verdict === 'against') && typeof value.reason === 'string';
}

/**
 * The fields of a diagnosis the views read, down to every name they look up (a kind, a layer, a
 * responder): one of another shape, or with a name this version has no words for, would blank the
 * popup, so it is no summary, and the popup asks the background for its own.
 */
function isDiagnosis(value: unknown): boolean {
  if (!isPlainObject(value) || !isPlainObject(value.evidence)) return false;
  const { evidence, consequenceOf } = value;
  return (
    typeof value.cause === 'string' &&
    typeof value.title === 'string' &&
    typeof value.explanation === 'string' &&
    isOneOf(LAYERS, value.layer) &&
    isOneOf(SEVERITY_ORDER, value.severity) &&
    isResponder(value.responder) &&
    (value.scope === undefined || isOneOf(MEDIA_SCOPES, value.scope)) &&
    typeof value.confidence === 'number' &&
    value.confidence >= 0 &&
    value.confidence <= 1 &&
    isCount(value.explained) &&
    Array.isArray(value.checks) &&
    value.checks.every(isCheck) &&
    Array.isArray(value.remedies) &&
    value.remedies.every((remedy) => isOneOf(REMEDIES, remedy)) &&
    (consequenceOf === undefined || (isPlainObject(consequenceOf) && typeof consequenceOf.cause === 'string' && typeof consequenceOf.title === 'string')) &&
    (value.checkEvidence === undefined || (Array.isArray(value.checkEvidence) && value.checkEvidence.every(isCheckEvidence))) &&
    Array.isArray(evidence.failing) &&
    evidence.failing.every(isFailingCount) &&
    Array.isArray(evidence.healthy) &&
    evidence.healthy.every(isHealthyCount) &&
    Array.isArray(evidence.examples) &&
    evidence.examples.every(isRequestRecord)
  );
}

/** The report's shape where the views read it; the storage item's version stands for the finer detail. */
function isReport(value: unknown, origin: string): value is DiagnosisReport {
  return (
    isPlainObject(value) &&
    value.origin === origin &&
    typeof value.healthy === 'boolean' &&
    typeof value.immichSeen === 'boolean' &&
    isCount(value.requests) &&
    isCount(value.failures) &&
    Array.isArray(value.diagnoses) &&
    value.diagnoses.every(isDiagnosis)
  );
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
