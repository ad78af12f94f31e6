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
 * on lists them, its confidence moves, and the causes are ranked again as the engine ranks them
 * (../diagnose/rank.ts): the causes by confidence, then their consequences, each never above its
 * cause. A cause the checks speak only against lets its consequences go: they stand on their own.
 * Pure: the popup shows it, the exports write it. Without any verdict on a diagnosed cause, the
 * engine's report as it is.
 */
export function weighByServerChecks(report: DiagnosisReport, checks: ServerCheckReport | undefined): DiagnosisReport {
  const evidenceFor = (diagnosis: Diagnosis): CheckEvidence[] =>
    (checks?.results ?? []).flatMap((result) => result.verdicts.filter((verdict) => verdict.cause === diagnosis.cause).map(({ verdict, reason }) => ({ check: result.id, verdict, reason })));
  const evidence = new Map(report.diagnoses.map((diagnosis) => [diagnosis.cause, evidenceFor(diagnosis)]));
  if ([...evidence.values()].every((found) => found.length === 0)) return report;
  const weighed = report.diagnoses.map((diagnosis) => {
    const found = evidence.get(diagnosis.cause)!;
    return found.length === 0 ? diagnosis : { ...diagnosis, confidence: found.reduce((confidence, { verdict }) => weigh(confidence, verdict), diagnosis.confidence), checkEvidence: found };
  });
  const refuted = (cause: string) => {
    const found = evidence.get(cause as Diagnosis['cause']) ?? [];
    return found.length > 0 && found.every(({ verdict }) => verdict === 'against');
  };
  const byCause = new Map(weighed.map((diagnosis) => [diagnosis.cause, diagnosis]));
  const placed: Diagnosis[] = weighed.map((diagnosis) => {
    if (!diagnosis.consequenceOf) return diagnosis;
    const cause = byCause.get(diagnosis.consequenceOf.cause);
    if (!cause || refuted(cause.cause)) {
      const { consequenceOf: _released, ...standalone } = diagnosis;
      return standalone;
    }
    return { ...diagnosis, confidence: Math.min(diagnosis.confidence, cause.confidence) };
  });
  // Stable: equal confidences keep the engine's order.
  const ranked = (diagnoses: Diagnosis[]) => diagnoses.map((diagnosis, index) => ({ diagnosis, index })).sort((a, b) => b.diagnosis.confidence - a.diagnosis.confidence || a.index - b.index).map(({ diagnosis }) => diagnosis);
  return { ...report, diagnoses: [...ranked(placed.filter((diagnosis) => !diagnosis.consequenceOf)), ...ranked(placed.filter((diagnosis) => diagnosis.consequenceOf))] };
}
