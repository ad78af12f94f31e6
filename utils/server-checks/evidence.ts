import type { CheckEvidence, Diagnosis, DiagnosisReport } from '../diagnose/diagnose';
import type { ServerCheckReport } from './types';

/**
 * How far one verdict moves a cause's confidence: a check that supports it closes half the gap to
 * certainty, one against it halves it. A server's own answer ("the disk is 97.5% full") says more than
 * a pattern of status codes, but never everything (a full disk and a moved library can coincide).
 */
const weigh = (confidence: number, verdict: CheckEvidence['verdict']) => Math.round((verdict === 'supports' ? confidence + (1 - confidence) / 2 : confidence / 2) * 100) / 100;

/**
 * The diagnosis with the checks' verdicts (./types.ts `CauseVerdict`) as evidence: each card they bear
 * on lists them, its confidence moves, and the causes are ranked again, a consequence still never above
 * the cause it follows from. Pure: the popup shows it, the exports write it.
 */
export function weighByServerChecks(report: DiagnosisReport, checks: ServerCheckReport | undefined): DiagnosisReport {
  if (!checks) return report;
  const evidenceFor = (diagnosis: Diagnosis): CheckEvidence[] =>
    checks.results.flatMap((result) => result.verdicts.filter((verdict) => verdict.cause === diagnosis.cause).map(({ verdict, reason }) => ({ check: result.id, verdict, reason })));
  const weighed = report.diagnoses.map((diagnosis) => {
    const evidence = evidenceFor(diagnosis);
    if (evidence.length === 0) return diagnosis;
    return { ...diagnosis, confidence: evidence.reduce((confidence, { verdict }) => weigh(confidence, verdict), diagnosis.confidence), checkEvidence: evidence };
  });
  const byCause = new Map(weighed.map((diagnosis) => [diagnosis.cause, diagnosis]));
  const bounded = weighed.map((diagnosis) => {
    const cause = diagnosis.consequenceOf && byCause.get(diagnosis.consequenceOf.cause);
    return cause && diagnosis.confidence > cause.confidence ? { ...diagnosis, confidence: cause.confidence } : diagnosis;
  });
  // Stable: equal confidences keep the engine's order, which puts a cause before its consequences.
  const diagnoses = bounded.map((diagnosis, index) => ({ diagnosis, index })).sort((a, b) => b.diagnosis.confidence - a.diagnosis.confidence || a.index - b.index);
  return { ...report, diagnoses: diagnoses.map(({ diagnosis }) => diagnosis) };
}
