import { SEVERITY_ORDER, type CauseDefinition, type CauseId, type Severity } from './cause';

/** One finding before ranking: the cause that made it and the counter cells (`kind|outcome|responder`) it explains. */
export interface Finding<T> {
  cause: Pick<CauseDefinition<CauseId>, 'id' | 'stopsSite' | 'failsWithSite'>;
  claims: ReadonlySet<string>;
  /** Whether Immich itself answered any of the failing requests this finding explains. */
  immichAnswered: boolean;
  confidence: number;
  severity: Severity;
  explained: number;
  value: T;
}

function isStrictSubset(small: ReadonlySet<string>, large: ReadonlySet<string>): boolean {
  if (small.size >= large.size) return false;
  for (const key of small) if (!large.has(key)) return false;
  return true;
}

function claimsBeyond(finding: Finding<unknown>, other: Finding<unknown>): boolean {
  for (const key of finding.claims) if (!other.claims.has(key)) return true;
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
  if (isStrictSubset(effect.claims, cause.claims)) return true;
  return Boolean(effect.cause.failsWithSite && cause.cause.stopsSite && !effect.immichAnswered && claimsBeyond(cause, effect));
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
 * finding that is a consequence of another (see `isConsequence`) is named as such and ranks after every
 * finding that is not, so a symptom is never the first card when a cause explains it. Within each
 * group: confidence (strength × how much of the failure it explains), then severity, then requests
 * explained, then id.
 */
export function rankFindings<T>(findings: ReadonlyArray<Finding<T>>): Array<{ value: T; consequenceOf?: T }> {
  const ordered = [...findings].sort(byStrength);
  const causes: Array<{ value: T; consequenceOf?: T }> = [];
  const consequences: Array<{ value: T; consequenceOf?: T }> = [];
  for (const finding of ordered) {
    const explainedBy = ordered.find((other) => other !== finding && isConsequence(finding, other) && !isConsequence(other, finding));
    if (explainedBy) consequences.push({ value: finding.value, consequenceOf: explainedBy.value });
    else causes.push({ value: finding.value });
  }
  return [...causes, ...consequences];
}
