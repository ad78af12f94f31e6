import type { RequestRecord } from '../classify/classify-request';
import type { OutcomeKey } from '../classify/outcome';
import { isMediaKind, type RequestKind } from '../classify/request-kind';
import type { Responder } from '../classify/responder';
import type { RequestLog } from '../log/request-log';
import type { ServerCheckId } from '../server-checks/types';
import { SEVERITY_ORDER, type CauseDefinition, type CauseId, type Detection, type Layer, type MediaScope, type Remedy, type Severity } from './cause';
import { CATALOG } from './catalog';
import { fillChecks, type FilledCheck } from './check';
import { LogView } from './log-view';
import { rankFindings, type Finding } from './rank';
import { reachOf, severityOf } from './severity';

/** "N requests of this kind got this outcome from this responder, out of `total` of this kind." */
export interface FailingCount {
  kind: RequestKind;
  outcome: OutcomeKey;
  responder: Responder;
  count: number;
  total: number;
}

/** Counter-evidence: how the kinds that point away from the alternatives fared ("originals: 12/12 ok"). */
export interface HealthyCount {
  kind: RequestKind;
  ok: number;
  total: number;
}

export interface Evidence {
  failing: FailingCount[];
  healthy: HealthyCount[];
  /** A few recent failing requests this cause explains, most recent first. */
  examples: RequestRecord[];
}

/**
 * One ranked cause, self-contained: everything the popup's card, the Markdown report, the CLI and the
 * HAR view show comes from here, so they never go back to the catalog and never disagree.
 */
export interface Diagnosis {
  cause: CauseId;
  title: string;
  explanation: string;
  layer: Layer;
  severity: Severity;
  /** 0..1: how strongly the pattern points at this cause, weighed by how much of the failure it explains. */
  confidence: number;
  responder: Responder;
  scope?: MediaScope;
  /** Failing requests this cause explains. */
  explained: number;
  evidence: Evidence;
  /**
   * The cause's checks that fit this responder, scope and server version, read-only first, filled with
   * the site's host and port and the server's paths; the last one is the Verify step.
   */
  checks: FilledCheck[];
  /** What the extension itself offers for this cause (the popup's Clear site data). */
  remedies: Remedy[];
  /** These failures are most likely a consequence of that cause, ranked above this one. */
  consequenceOf?: { cause: CauseId; title: string };
  /** What *Run checks* found for or against this cause (../server-checks/evidence.ts), when they ran. */
  checkEvidence?: CheckEvidence[];
}

/** One server check's verdict on a cause, as its card shows it. */
export interface CheckEvidence {
  check: ServerCheckId;
  verdict: 'supports' | 'against';
  reason: string;
}

export interface DiagnosisReport {
  origin: string;
  requests: number;
  failures: number;
  /** No failure at all: nothing to diagnose. */
  healthy: boolean;
  /**
   * Whether any answer carried Immich's fingerprint. A watched site that answered but never like Immich
   * is probably not Immich (or not reached at all): the popup says so rather than blame Immich.
   */
  immichSeen: boolean;
  /** The server's version the checks were chosen for, when known. */
  serverVersion?: string;
  diagnoses: Diagnosis[];
}

export interface DiagnoseOptions {
  /** `v2.7.5`, when the server said: picks the checks of that version (paths and ports changed). */
  serverVersion?: string;
  causes?: readonly CauseDefinition<CauseId>[];
}

const EXAMPLES = 3;

function heaviest(weights: Map<Responder, number>): Responder {
  let best: Responder = 'unknown';
  let bestWeight = 0;
  for (const [responder, weight] of weights) {
    if (weight > bestWeight) [best, bestWeight] = [responder, weight];
  }
  return best;
}

/**
 * Evidence leads with what the user sees fail: photos and videos, then the app and its API, and last
 * the requests no one looks at (a favicon), however many of those failed.
 */
function seenFirst(kind: RequestKind): number {
  if (isMediaKind(kind)) return 0;
  return kind === 'other' ? 2 : 1;
}

/** Examples: what the user sees first (`seenFirst`), most recent first within each. */
const byExampleOrder = (a: RequestRecord, b: RequestRecord) => seenFirst(a.kind) - seenFirst(b.kind) || b.time - a.time;

/** A counter cell's coordinates, from a cell or a failure record. */
type CellOf = Pick<FailingCount, 'kind' | 'outcome' | 'responder'>;

const cellKey = (request: CellOf) => `${request.kind}|${request.outcome}|${request.responder}`;

interface Explanation {
  evidence: Evidence;
  explained: number;
  responders: Map<Responder, number>;
  claims: Map<string, number>;
  /** The failing requests explained, per kind: how much of what the user sees fails (severity.ts). */
  kinds: Map<RequestKind, number>;
}

function explain(view: LogView, detection: Detection): Explanation {
  const failing: FailingCount[] = [];
  const examples = new Set<RequestRecord>();
  const responders = new Map<Responder, number>();
  const claims = new Map<string, number>();
  const kinds = new Map<RequestKind, number>();
  const claim = (request: CellOf, count: number) => {
    const key = cellKey(request);
    claims.set(key, (claims.get(key) ?? 0) + count);
    kinds.set(request.kind, (kinds.get(request.kind) ?? 0) + count);
  };
  const weigh = (responder: Responder, count: number) => responders.set(responder, (responders.get(responder) ?? 0) + count);
  let explained = 0;
  for (const filter of detection.matched) {
    for (const cell of view.cellsOf(filter)) {
      failing.push({ ...cell, total: view.totalOf([cell.kind]) });
      explained += cell.count;
      weigh(cell.responder, cell.count);
      claim(cell, cell.count);
    }
    const records = view.recordsOf(filter);
    if (filter.where) {
      explained += records.length;
      for (const record of records) {
        weigh(record.responder, 1);
        claim(record, 1);
      }
    }
    for (const record of records) examples.add(record);
  }
  const healthy = (detection.healthyKinds ?? []).map((kind) => ({ kind, ok: view.okOf([kind]), total: view.totalOf([kind]) }));
  const evidence = { failing: failing.sort((a, b) => seenFirst(a.kind) - seenFirst(b.kind) || b.count - a.count), healthy, examples: [...examples].sort(byExampleOrder).slice(0, EXAMPLES) };
  return { evidence, explained, responders, claims, kinds };
}

/**
 * Confidence = the pattern's strength, weighed by the share of all failures it explains, with few
 * samples damped: one failing request is a hint, three or more a pattern.
 */
function confidenceOf(strength: number, explained: number, failedTotal: number): number {
  const coverage = failedTotal > 0 ? Math.min(1, explained / failedTotal) : 0;
  const sample = Math.min(1, 0.7 + 0.1 * explained);
  return Math.round(strength * (0.6 + 0.4 * coverage) * sample * 100) / 100;
}

function find(cause: CauseDefinition<CauseId>, view: LogView, origin: string, serverVersion: string | undefined): Finding<Diagnosis> | undefined {
  const detection = cause.detect(view);
  if (!detection) return undefined;
  const { evidence, explained, responders, claims, kinds } = explain(view, detection);
  if (explained === 0) return undefined;
  const responder = heaviest(responders);
  const diagnosis: Diagnosis = {
    cause: cause.id,
    title: cause.title,
    explanation: cause.explanation,
    layer: cause.layer,
    severity: severityOf(reachOf(kinds, (of) => view.totalOf(of))),
    confidence: confidenceOf(detection.strength, explained, view.failedTotal),
    responder,
    explained,
    evidence,
    checks: fillChecks(cause.checks, { responder, scope: detection.scope, serverVersion, origin }),
    remedies: [...(cause.remedies ?? [])],
  };
  if (detection.scope) diagnosis.scope = detection.scope;
  return { cause, claims, immichAnswered: responders.has('immich'), confidence: diagnosis.confidence, severity: diagnosis.severity, explained, value: diagnosis };
}

/** Runs every cause of the catalog over one origin's log and ranks what they find, most likely first. */
export function diagnose(log: RequestLog, options: DiagnoseOptions = {}): DiagnosisReport {
  const { serverVersion, causes = CATALOG } = options;
  const view = new LogView(log);
  const findings = view.failedTotal === 0 ? [] : causes.map((cause) => find(cause, view, log.origin, serverVersion)).filter((found) => found !== undefined);
  // A consequence is never shown as more likely than the cause it follows from.
  const diagnoses = rankFindings(findings).map(({ value, consequenceOf }) =>
    consequenceOf ? { ...value, confidence: Math.min(value.confidence, consequenceOf.confidence), consequenceOf: { cause: consequenceOf.value.cause, title: consequenceOf.value.title } } : value,
  );
  const immichSeen = view.cells.some((cell) => cell.responder === 'immich');
  const report: DiagnosisReport = { origin: log.origin, requests: log.total, failures: view.failedTotal, healthy: view.failedTotal === 0, immichSeen, diagnoses };
  if (serverVersion) report.serverVersion = serverVersion;
  return report;
}

/** The worst severity among the diagnoses, for the badge colour. */
export function worstSeverity(report: DiagnosisReport): Severity | undefined {
  return SEVERITY_ORDER.find((severity) => report.diagnoses.some((diagnosis) => diagnosis.severity === severity));
}
