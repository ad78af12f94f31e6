import type { RequestRecord } from '../classify/classify-request';
import type { OutcomeKey } from '../classify/outcome';
import type { RequestKind } from '../classify/request-kind';
import type { Responder } from '../classify/responder';
import type { RequestLog } from '../log/request-log';
import { SEVERITY_ORDER, type Cause, type CauseId, type Detection, type Layer, type MediaScope, type Severity } from './cause';
import { CATALOG } from './catalog';
import { LogView } from './log-view';

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

export interface Diagnosis {
  cause: CauseId;
  title: string;
  layer: Layer;
  severity: Severity;
  /** 0..1: how strongly the pattern points at this cause, weighed by how much of the failure it explains. */
  confidence: number;
  responder: Responder;
  scope?: MediaScope;
  /** Failing requests this cause explains. */
  explained: number;
  evidence: Evidence;
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
  diagnoses: Diagnosis[];
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

function buildEvidence(view: LogView, detection: Detection): { evidence: Evidence; explained: number; responders: Map<Responder, number> } {
  const failing: FailingCount[] = [];
  const examples: RequestRecord[] = [];
  const responders = new Map<Responder, number>();
  const weigh = (responder: Responder, count: number) => responders.set(responder, (responders.get(responder) ?? 0) + count);
  let explained = 0;
  for (const filter of detection.matched) {
    const cells = view.cellsOf(filter);
    for (const cell of cells) {
      failing.push({ ...cell, total: view.totalOf([cell.kind]) });
      explained += cell.count;
      weigh(cell.responder, cell.count);
    }
    const records = view.recordsOf(filter);
    if (filter.where) {
      explained += records.length;
      for (const record of records) weigh(record.responder, 1);
    }
    for (const record of records) {
      if (examples.length >= EXAMPLES * detection.matched.length) break;
      if (!examples.includes(record)) examples.push(record);
    }
  }
  examples.sort((a, b) => b.time - a.time);
  const healthy = (detection.healthyKinds ?? []).map((kind) => ({ kind, ok: view.okOf([kind]), total: view.totalOf([kind]) }));
  return { evidence: { failing: failing.sort((a, b) => b.count - a.count), healthy, examples: examples.slice(0, EXAMPLES) }, explained, responders };
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

function diagnoseCause(cause: Cause, view: LogView): Diagnosis | undefined {
  const detection = cause.detect(view);
  if (!detection) return undefined;
  const { evidence, explained, responders } = buildEvidence(view, detection);
  if (explained === 0) return undefined;
  const diagnosis: Diagnosis = {
    cause: cause.id,
    title: cause.title,
    layer: cause.layer,
    severity: cause.severity,
    confidence: confidenceOf(detection.strength, explained, view.failedTotal),
    responder: heaviest(responders),
    explained,
    evidence,
  };
  if (detection.scope) diagnosis.scope = detection.scope;
  return diagnosis;
}

function byRank(a: Diagnosis, b: Diagnosis): number {
  return (
    b.confidence - a.confidence ||
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
    b.explained - a.explained
  );
}

/** Runs every cause of the catalog over one origin's log and ranks what they find, most likely first. */
export function diagnose(log: RequestLog, causes: readonly Cause[] = CATALOG): DiagnosisReport {
  const view = new LogView(log);
  const diagnoses =
    view.failedTotal === 0
      ? []
      : causes.map((cause) => diagnoseCause(cause, view)).filter((found): found is Diagnosis => found !== undefined).sort(byRank);
  const immichSeen = view.cells.some((cell) => cell.responder === 'immich');
  return { origin: log.origin, requests: log.total, failures: view.failedTotal, healthy: view.failedTotal === 0, immichSeen, diagnoses };
}

/** The worst severity among the diagnoses, for the badge colour. */
export function worstSeverity(report: DiagnosisReport): Severity | undefined {
  return SEVERITY_ORDER.find((severity) => report.diagnoses.some((diagnosis) => diagnosis.severity === severity));
}
