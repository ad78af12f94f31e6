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

type Claims = ReadonlyMap<string, number>;

/** How many of `large`'s requests `small` does not explain, cell by cell. */
function excess(large: Claims, small: Claims): number {
  let extra = 0;
  for (const [key, count] of large) extra += Math.max(0, count - (small.get(key) ?? 0));
  return extra;
}

/** Whether `large` explains every request `small` does, cell by cell. */
function covers(large: Claims, small: Claims): boolean {
  return excess(small, large) === 0;
}

function total(claims: Claims): number {
  let sum = 0;
  for (const count of claims.values()) sum += count;
  return sum;
}

/**
 * Whether `effect`'s failures are a consequence of `cause`'s rather than a cause of their own:
 * 1. every failing request `effect` explains is also explained by `cause`, which explains more
 *    (media files "unreadable" while Immich answers 500 on every route; thumbnails "never generated"
 *    while maintenance mode answers 404 for every asset; a WebSocket 502 while every request is a 502);
 * 2. `effect`'s requests fail whenever the whole site fails (`failsWithSite`: the app's WebSocket, which
 *    Chromium reports with no status at all), `cause` is one that stops the whole site and did fail at
 *    least as many other requests, and Immich itself never answered `effect`'s requests (then they did
 *    reach Immich). One stray failure elsewhere does not make a failing socket a symptom.
 */
function isConsequence(effect: Finding<unknown>, cause: Finding<unknown>): boolean {
  if (covers(cause.claims, effect.claims) && excess(cause.claims, effect.claims) > 0) return true;
  return Boolean(effect.cause.failsWithSite && cause.cause.stopsSite && !effect.immichAnswered && excess(cause.claims, effect.claims) >= total(effect.claims));
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
 * finding that is a consequence of another (`isConsequence`, or rule 3 below) is named a consequence
 * of the root cause of that chain (thumbnails ← jobs ← maintenance: maintenance) and ranks after every
 * finding that is not, so a symptom is never the first card when a cause explains it. Within each
 * group: confidence (strength × how much of the failure it explains), then severity, then requests
 * explained, then id.
 */
export function rankFindings<T>(findings: ReadonlyArray<Finding<T>>): Array<{ value: T; consequenceOf?: Finding<T> }> {
  const ordered = [...findings].sort(byStrength);
  const explainer = new Map<Finding<T>, Finding<T>>();
  for (const finding of ordered) {
    const by = ordered.find((other) => other !== finding && isConsequence(finding, other) && !isConsequence(other, finding));
    if (by) explainer.set(finding, by);
  }
  // 3. A finding that explains nothing beyond a consequence's requests follows from the same cause
  //    (a WebSocket without an answer is websocket-blocked's and network-unreachable's alike).
  for (const finding of ordered) {
    if (explainer.has(finding)) continue;
    const via = [...explainer.keys()].find((consequence) => consequence !== finding && covers(consequence.claims, finding.claims));
    if (via) explainer.set(finding, via);
  }
  const rootOf = (finding: Finding<T>): Finding<T> => {
    const seen = new Set([finding]);
    let root = finding;
    for (let next = explainer.get(root); next && !seen.has(next); next = explainer.get(root)) {
      seen.add(next);
      root = next;
    }
    return root;
  };
  const causes = ordered.filter((finding) => !explainer.has(finding)).map((finding) => ({ value: finding.value }));
  const consequences = ordered.filter((finding) => explainer.has(finding)).map((finding) => ({ value: finding.value, consequenceOf: rootOf(finding) }));
  return [...causes, ...consequences];
}
