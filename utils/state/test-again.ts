import { isCount } from '../log/request-log';
import { isPlainObject } from '../plain-object';
import { isTime } from '../time';

/** What one stretch of a site's log showed: the side of Test again's comparison it fills. */
export interface RunCounts {
  requests: number;
  failures: number;
  /** The first-ranked cause, when anything failed. */
  topCause?: { cause: string; title: string };
}

/**
 * What Test again remembers of a site while its comparison is shown (`session:testAgain:<origin>`,
 * ./site-state.ts): the result before the change, and when the log was reset for "after". Stored by
 * the background, beside the site's log, so that a popup closed and opened again shows the same
 * comparison.
 */
export interface TestAgainRecord {
  before: RunCounts;
  /** When the log was reset for the "after" side: the `since` of the log that counts it. */
  startedAt: number;
  /** How many of the site's tabs were reloaded (0: none was open, the user has to open the site). */
  reloadedTabs: number;
}

function isRunCounts(value: unknown): value is RunCounts {
  if (!isPlainObject(value) || !isCount(value.requests) || !isCount(value.failures) || value.failures > value.requests) return false;
  const { topCause } = value;
  return topCause === undefined || (isPlainObject(topCause) && typeof topCause.cause === 'string' && typeof topCause.title === 'string');
}

/**
 * The stored record, or `undefined` when there is none or it is unreadable (corrupt, of another
 * shape): the popup then shows no comparison, as if none had been asked, and nothing else breaks.
 */
export function readTestAgain(stored: unknown): TestAgainRecord | undefined {
  if (!isPlainObject(stored) || !isRunCounts(stored.before) || !isTime(stored.startedAt) || !isCount(stored.reloadedTabs)) return undefined;
  const { before, startedAt, reloadedTabs } = stored;
  return { before: { requests: before.requests, failures: before.failures, ...(before.topCause && { topCause: { cause: before.topCause.cause, title: before.topCause.title } }) }, startedAt, reloadedTabs };
}
