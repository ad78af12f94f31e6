import { SEVERITY_ORDER, type CauseDefinition, type CauseId, type Severity } from './cause';

/** One finding before ranking: the cause that made it and how many failing requests it explains in each counter cell (`kind|outcome|responder`). */
export interface Finding<T> {
  cause: Pick<CauseDefinition<CauseId>, 'id' | 'stopsSite' | 'failsWithSite'>;
  claims: ReadonlyMap<string, number>;
  /** Whether Immich itself answered any of the failing requests this finding explains. */
  immichAnswered: boolean;
  confidence: number;
  severity: Severity;
  explained: number;
  value: T;
}

/** Whether `large` explains every request `small` does, cell by cell. */
function covers(large: ReadonlyMap<string, number>, small: ReadonlyMap<string, number>): boolean {
  for (const [key, count] of small) if ((large.get(key) ?? 0) < count) return false;
  return true;
}

/** Whether `large` explains every request `small` does, cell by cell, and more besides. */
function coversMore(large: ReadonlyMap<string, number>, small: ReadonlyMap<string, number>): boolean {
  return covers(large, small) && claimsBeyond(large, small);
}

function claimsBeyond(finding: ReadonlyMap<string, number>, other: ReadonlyMap<string, number>): boolean {
  for (const [key, count] of finding) if (count > (other.get(key) ?? 0)) return true;
  return false;
}

/**
 * Whether `effect`'s failures are a consequence of `cause`'s rather than a cause of their own:
 * 1. every failing request `effect` explains is also explained by `cause`, which explains more
 *    (media files "unreadable" while Immich answers 500 on every route; thumbnails "never generated"
 *    while maintenance mode answers 404 for every asset; a WebSocket 502 while every request is a 502);
 * 2. `effect`'s requests fail whenever the whole site fails (`failsWithSite`: the app's WebSocket, which
 *    Chromium reports with no status at all), `cause` stops the whole site and fails requests beyond
 *    `effect`'s, and Immich itself never answered `effect`'s requests (then they did reach Immich).
 */
function isConsequence(effect: Finding<unknown>, cause: Finding<unknown>): boolean {
  if (coversMore(cause.claims, effect.claims)) return true;
  return Boolean(effect.cause.failsWithSite && cause.cause.stopsSite && !effect.immichAnswered && claimsBeyond(cause.claims, effect.claims));
}

interface Ranked<T> {
  value: T;
  consequenceOf?: T;
  finding: Finding<T>;
}

function byStrength(a: Finding<unknown>, b: Finding<unknown>): number {
  return (
    b.confidence - a.confidence ||
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
    b.explained - a.explained ||
    // Never the catalog's order: a new cause must not reorder the others by where its line sits.
    a.cause.id.localeCompare(b.cause.id)
  );
}

/**
 * The one place competing explanations are weighed. Causes never look at each other; here, every
 * finding that is a consequence of another (see `isConsequence`, and rule 3 below) is named as such
 * and ranks after every finding that is not, so a symptom is never the first card when a cause explains it. Within each
 * group: confidence (strength × how much of the failure it explains), then severity, then requests
 * explained, then id.
 */
export function rankFindings<T>(findings: ReadonlyArray<Finding<T>>): Array<{ value: T; consequenceOf?: T }> {
  const ordered = [...findings].sort(byStrength);
  const causes: Ranked<T>[] = [];
  const consequences: Array<Ranked<T> & { consequenceOf: T }> = [];
  for (const finding of ordered) {
    const explainedBy = ordered.find((other) => other !== finding && isConsequence(finding, other) && !isConsequence(other, finding));
    if (explainedBy) consequences.push({ value: finding.value, consequenceOf: explainedBy.value, finding });
    else causes.push({ value: finding.value, finding });
  }
  // 3. A finding that explains nothing beyond a consequence's requests follows from the same cause
  //    (a WebSocket without an answer is websocket-blocked's and network-unreachable's alike).
  const rest: Ranked<T>[] = [];
  for (const entry of causes) {
    const via = consequences.find((consequence) => covers(consequence.finding.claims, entry.finding.claims));
    if (via) consequences.push({ value: entry.value, consequenceOf: via.consequenceOf, finding: entry.finding });
    else rest.push(entry);
  }
  consequences.sort((a, b) => byStrength(a.finding, b.finding));
  return [...rest, ...consequences].map(({ value, consequenceOf }) => (consequenceOf === undefined ? { value } : { value, consequenceOf }));
}
