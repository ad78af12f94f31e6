import type { DiagnosisReport } from '../diagnose/diagnose';
import type { RunCounts, TestAgainRecord } from '../state/test-again';

/**
 * Test again's comparison: the result before the user's change beside the requests since, and a
 * verdict in plain words. Pure: the popup feeds it the stored record, its summary and the clock.
 */

/**
 * Counts are settled once no request came for this long: while requests keep coming and the popup is
 * open, the background writes a batch at least every 2 s, and 0.5 s after they stop
 * (utils/capture/recorder.ts), so a quiet second beyond that means the popup has seen the reload's
 * last batch, not a pause between two.
 */
export const SETTLE_MS = 3_000;
/** How long a reloaded tab gets to make its first request before "no requests yet" is said. */
export const FIRST_REQUEST_MS = 10_000;
/** An app that never stops asking (polling, a live timeline) still gets its verdict after this; its counts go on live. */
export const MAX_CHECKING_MS = 20_000;

/** `still-working`: nothing failed before either (Test again on a healthy site), so nothing was fixed. */
export type Verdict = 'checking' | 'fixed' | 'still-working' | 'still-failing' | 'no-requests';

export interface Comparison {
  verdict: Verdict;
  /** The verdict in words, the comparison's headline. */
  headline: string;
  before: RunCounts;
  after: RunCounts;
  /** Each side in words ("24 requests since your change, 0 failed"), and its first cause or why none. */
  beforeText: string;
  afterText: string;
  beforeCause: string;
  afterCause: string;
  /** While checking: when the verdict may change with no new summary (compare again then). */
  recheckAt?: number;
}

const number = new Intl.NumberFormat('en');

/** One side of the comparison, from a report: its counts and the cause ranked first. */
export function countsOf(report: DiagnosisReport): RunCounts {
  const top = report.diagnoses[0];
  return { requests: report.requests, failures: report.failures, ...(top && { topCause: { cause: top.cause, title: top.title } }) };
}

/** The cause a side names: its first cause's title, or that nothing failed, or that nothing came. */
const causeText = (counts: RunCounts) => counts.topCause?.title ?? (counts.requests > 0 ? 'Nothing failed.' : 'Nothing recorded.');

const requests = (count: number) => `${number.format(count)} ${count === 1 ? 'request' : 'requests'}`;

/** The times of the log that counts "after": when it started, when its last request came. */
export interface AfterTimes {
  since: number;
  updated: number;
}

function verdictOf(record: TestAgainRecord, after: RunCounts, { since, updated: lastRequestAt }: AfterTimes, now: number): { verdict: Verdict; recheckAt?: number } {
  const { reloadedTabs } = record;
  // A log started after the record (Reset log, or a new Test again whose record is still on its way)
  // counts "after" from its own start: waiting, rather than "no requests" at once. A start in the
  // future (a stored value no clock gave) counts from now, so the wait still ends.
  const startedAt = Math.min(Math.max(record.startedAt, since), now);
  if (after.requests === 0) {
    // A reloaded tab asks within moments; with no tab open there is nothing to wait for.
    const giveUpAt = startedAt + FIRST_REQUEST_MS;
    return reloadedTabs > 0 && now < giveUpAt ? { verdict: 'checking', recheckAt: giveUpAt } : { verdict: 'no-requests' };
  }
  const settledAt = Math.min(lastRequestAt + SETTLE_MS, startedAt + MAX_CHECKING_MS);
  if (now < settledAt) return { verdict: 'checking', recheckAt: settledAt };
  if (after.failures > 0) return { verdict: 'still-failing' };
  return { verdict: record.before.failures > 0 ? 'fixed' : 'still-working' };
}

function headlineOf(verdict: Verdict, after: RunCounts, reloadedTabs: number): string {
  switch (verdict) {
    case 'checking':
      return after.requests === 0 ? (reloadedTabs > 0 ? 'Checking… waiting for the reloaded page to load.' : 'Checking… waiting for the site’s requests.') : `Checking… ${requests(after.requests)} so far.`;
    case 'fixed':
      return `Fixed: ${requests(after.requests)}, none failed.`;
    case 'still-working':
      return `Still working: ${requests(after.requests)}, none failed, as before.`;
    case 'still-failing':
      return `Still failing: ${number.format(after.failures)} of ${requests(after.requests)} failed${after.topCause ? `, ${after.topCause.title}` : ''}.`;
    case 'no-requests':
      return reloadedTabs === 0 ? 'No requests yet: open the site (no tab of it was open to reload).' : 'No requests yet: open the site, or reload its tab.';
  }
}

/**
 * Before beside after. `after` is the site's log since Test again reset it, `times` that log's start
 * and last request; the verdict waits while the reload's requests arrive.
 */
export function compareRuns(record: TestAgainRecord, logCounts: RunCounts, times: AfterTimes, now: number): Comparison {
  // A log older than the record is the one from before (its reset was not saved, or is not read yet):
  // none of its requests came after the change.
  const after = times.since < record.startedAt ? { requests: 0, failures: 0 } : logCounts;
  const { verdict, recheckAt } = verdictOf(record, after, times, now);
  const { before } = record;
  return {
    verdict,
    headline: headlineOf(verdict, after, record.reloadedTabs),
    before,
    after,
    beforeText: `${requests(before.requests)}, ${number.format(before.failures)} failed`,
    afterText: `${requests(after.requests)} since your change, ${number.format(after.failures)} failed`,
    beforeCause: causeText(before),
    afterCause: causeText(after),
    ...(recheckAt !== undefined && { recheckAt }),
  };
}
