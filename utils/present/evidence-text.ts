import type { Diagnosis, FailingCount, HealthyCount } from '../diagnose/diagnose';
import { SERVER_CHECK_NAMES } from './server-check-text';
import { failedWith, kindName, LAYER_NAMES, responderName, SCOPE_NAMES, SEVERITY_NAMES } from './labels';

const number = new Intl.NumberFormat('en');

/** "38 thumbnails failed with 500 from Immich" (and "of 40" when some of that kind loaded). */
export function failingSentence(line: FailingCount): string {
  const of = line.total > line.count ? ` of ${number.format(line.total)}` : '';
  const who = line.responder === 'unknown' ? '' : ` from ${responderName(line.responder)}`;
  // "1 of 40 thumbnails failed": after "of N" the noun counts the N.
  return `${number.format(line.count)}${of} ${kindName(line.kind, of ? line.total : line.count)} failed ${failedWith(line.outcome)}${who}`;
}

/** "originals load fine: 12/12", "originals: 3/12 ok", "originals: none requested". */
export function healthySentence(line: HealthyCount): string {
  const name = kindName(line.kind);
  if (line.total === 0) return `${name}: none requested`;
  if (line.ok === line.total) return `${name} load fine: ${number.format(line.ok)}/${number.format(line.total)}`;
  return `${name}: ${number.format(line.ok)}/${number.format(line.total)} ok`;
}

/** The evidence of a diagnosis as sentences: what failed, then what speaks for this cause and not another. */
export function evidenceSentences(diagnosis: Diagnosis): { failing: string[]; healthy: string[] } {
  // Kinds never requested say little; one "none requested" line is kept when nothing else speaks.
  const asked = diagnosis.evidence.healthy.filter((line) => line.total > 0);
  const healthy = asked.length > 0 ? asked : diagnosis.evidence.healthy.slice(0, 1);
  return { failing: diagnosis.evidence.failing.map(failingSentence), healthy: healthy.map(healthySentence) };
}

export interface DiagnosisTag {
  kind: 'severity' | 'layer' | 'responder' | 'scope' | 'confidence';
  text: string;
  title?: string;
}

/**
 * Confidence in words: a percentage read as a measured probability ("76% likely" for a 413 nginx
 * itself answered) promises a precision the pattern matching does not have; the number stays on hover.
 */
export function likelihood(confidence: number): 'High' | 'Medium' | 'Low' {
  if (confidence >= 0.75) return 'High';
  return confidence >= 0.45 ? 'Medium' : 'Low';
}

/** A diagnosis's tags in reading order: severity, layer, who answered, scope, likelihood. */
export function diagnosisTags(diagnosis: Diagnosis): DiagnosisTag[] {
  const tags: DiagnosisTag[] = [
    { kind: 'severity', text: SEVERITY_NAMES[diagnosis.severity] },
    { kind: 'layer', text: LAYER_NAMES[diagnosis.layer] },
    { kind: 'responder', text: `answered by ${responderName(diagnosis.responder)}` },
  ];
  if (diagnosis.scope) tags.push({ kind: 'scope', text: SCOPE_NAMES[diagnosis.scope] });
  tags.push({ kind: 'confidence', text: `${likelihood(diagnosis.confidence)} likelihood`, title: `How strongly the requests point at this cause: ${Math.round(diagnosis.confidence * 100)}%` });
  return tags;
}

/** For a consequence: which cause above explains its failures too, and what that means for the user. */
export function consequenceSentence(diagnosis: Diagnosis): string | undefined {
  const cause = diagnosis.consequenceOf;
  return cause && `Probably a consequence of “${cause.title}” above: fix that first, and these requests may work again.`;
}

/** What *Run checks* found for or against the cause (`diagnosis.checkEvidence`), one line each. */
export function checkEvidenceSentences(diagnosis: Diagnosis): Array<{ text: string; verdict: 'supports' | 'against' }> {
  return (diagnosis.checkEvidence ?? []).map(({ check, verdict, reason }) => ({
    text: `${SERVER_CHECK_NAMES[check]} check: ${reason}${verdict === 'supports' ? '' : ', which speaks against this cause'}.`,
    verdict,
  }));
}
