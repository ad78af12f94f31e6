import type { RequestRecord } from '../classify/classify-request';
import type { Diagnosis, DiagnosisReport } from '../diagnose/diagnose';
import { counterCells, type CounterCell, type RequestLog } from '../log/request-log';
import type { ServerCheckReport, ServerCheckResult } from '../server-checks/types';
import type { ExportMeta } from './export-meta';
import type { Redactor } from './redaction';

/** The JSON failure log's identity: documented in docs/log-format.md, read back by `npm run diagnose`. */
export const LOG_FORMAT = 'immich-doctor-log';
export const LOG_FORMAT_VERSION = 1;

export interface ExportedLog {
  format: typeof LOG_FORMAT;
  version: typeof LOG_FORMAT_VERSION;
  extension: { name: 'Immich Doctor'; version: string };
  browser: string;
  origin: string;
  immichVersion?: string;
  exportedAt: string;
  span: { from: string; to: string };
  totals: { requests: number; failures: number; droppedFailureRecords: number };
  counters: CounterCell[];
  failures: RequestRecord[];
  diagnoses: Diagnosis[];
  /** The site's last *Run checks*, as stored (`ranAt` in ms, like a record's `time`), host hidden when asked. */
  serverChecks?: ServerCheckReport;
}

export function redactRequest(request: RequestRecord, redactor: Redactor): RequestRecord {
  const redacted: RequestRecord = {
    ...request,
    origin: redactor.origin(request.origin),
    path: redactor.path(request.path),
    assetId: redactor.assetId(request.assetId),
    route: request.route,
    redirectHost: request.redirectHost === undefined ? undefined : redactor.host(request.redirectHost),
  };
  // Texts from the answer: a proxy may name the host in its `Server` header, a browser in its error
  // (found by a review: `Server: photos.example.com` was exported with the host hidden).
  if (request.server !== undefined) redacted.server = redactor.origin(request.server);
  if (request.errorText !== undefined) redacted.errorText = redactor.origin(request.errorText);
  return redacted;
}

function redactDiagnosis(diagnosis: Diagnosis, redactor: Redactor): Diagnosis {
  // Checks are filled with the site's address (curl, nslookup…): hidden with the host when asked.
  const checks = diagnosis.checks.map((check) => JSON.parse(redactor.origin(JSON.stringify(check))) as (typeof diagnosis.checks)[number]);
  return { ...diagnosis, checks, evidence: { ...diagnosis.evidence, examples: diagnosis.evidence.examples.map((example) => redactRequest(example, redactor)) } };
}

/**
 * A check's texts may name the site (the queues page's link, a summary or an error quoting the
 * address): hidden with the host when asked, like the cards' steps. The paths it asked are Immich's
 * own routes, redacted as any recorded path is.
 */
function redactResult(result: ServerCheckResult, redactor: Redactor): ServerCheckResult {
  const text = (value: string) => redactor.origin(value);
  // `detail` and `command` name the user's own files: the popup shows them, no export writes them (types.ts).
  const { detail: _detail, command: _command, ...exported } = result;
  const redacted: ServerCheckResult = {
    ...exported,
    summary: text(result.summary),
    asked: result.asked.map((asked) => ({
      ...asked,
      path: redactor.path(asked.path),
      ...(asked.error === undefined ? {} : { error: text(asked.error) }),
      ...(asked.server === undefined ? {} : { server: text(asked.server) }),
    })),
    verdicts: result.verdicts.map((verdict) => ({ ...verdict, reason: text(verdict.reason) })),
  };
  if (result.figure !== undefined) redacted.figure = text(result.figure);
  if (result.link !== undefined) redacted.link = text(result.link);
  return redacted;
}

/**
 * The checks as every export writes them. Redacted before the diagnosis is weighed with them
 * (export-file.ts), so the reasons they add to its causes are hidden too.
 */
export function redactServerChecks(report: ServerCheckReport, redactor: Redactor): ServerCheckReport {
  return { ...report, origin: redactor.origin(report.origin), results: report.results.map((result) => redactResult(result, redactor)) };
}

/** `serverChecks` comes redacted, and `report` weighed by them (export-file.ts). */
export function buildJsonLog(log: RequestLog, report: DiagnosisReport, meta: ExportMeta, redactor: Redactor, serverChecks?: ServerCheckReport): ExportedLog {
  const exported: ExportedLog = {
    format: LOG_FORMAT,
    version: LOG_FORMAT_VERSION,
    extension: { name: 'Immich Doctor', version: meta.extensionVersion },
    browser: meta.browser,
    origin: redactor.origin(log.origin),
    exportedAt: new Date(meta.exportedAt).toISOString(),
    span: { from: new Date(log.since).toISOString(), to: new Date(log.updated).toISOString() },
    totals: { requests: log.total, failures: log.failed, droppedFailureRecords: log.dropped },
    counters: counterCells(log.counters),
    failures: log.failures.map((request) => redactRequest(request, redactor)),
    diagnoses: report.diagnoses.map((diagnosis) => redactDiagnosis(diagnosis, redactor)),
  };
  if (meta.immichVersion) exported.immichVersion = meta.immichVersion;
  if (serverChecks) exported.serverChecks = serverChecks;
  return exported;
}
