import { describe, expect, it } from 'vitest';
import { compareRuns, countsOf, FIRST_REQUEST_MS, MAX_CHECKING_MS, SETTLE_MS, type Verdict } from '../../../utils/present/before-after';
import type { RunCounts, TestAgainRecord } from '../../../utils/state/test-again';
import { summarize } from '../../../utils/state/summarize';
import { answers, assetId, logOf, request, times } from '../../fixtures/responses';

const START = 1_700_000_000_000;
const failing: RunCounts = { requests: 40, failures: 12, topCause: { cause: 'media-file-unreadable', title: 'Media files missing or unreadable on disk' } };
const record = (reloadedTabs = 1): TestAgainRecord => ({ before: failing, startedAt: START, reloadedTabs });
const after = (requests: number, failures = 0, title?: string): RunCounts => ({ requests, failures, ...(title && { topCause: { cause: 'x', title } }) });

describe('compareRuns: the verdict after Test again', () => {
  it.each<[string, TestAgainRecord, RunCounts, number, number, Verdict, string, number | undefined]>([
    // name, record, after, last request at, now, verdict, headline, recheck at (the log started with the record)
    ['just reloaded, nothing yet', record(), after(0), START, START + 500, 'checking', 'Checking… waiting for the reloaded page to load.', START + FIRST_REQUEST_MS],
    ['requests arriving', record(), after(18), START + 1_500, START + 2_000, 'checking', 'Checking… 18 requests so far.', START + 1_500 + SETTLE_MS],
    ['quiet for less than a batch spacing: the next batch may still come', record(), after(18), START + 1_500, START + 1_500 + SETTLE_MS - 1, 'checking', 'Checking… 18 requests so far.', START + 1_500 + SETTLE_MS],
    ['settled, none failed', record(), after(24), START + 2_000, START + 2_000 + SETTLE_MS, 'fixed', 'Fixed: 24 requests, none failed.', undefined],
    ['one request, none failed', record(), after(1), START, START + SETTLE_MS, 'fixed', 'Fixed: 1 request, none failed.', undefined],
    ['settled, still failing', record(), after(24, 6, 'Media files missing or unreadable on disk'), START + 2_000, START + 9_000, 'still-failing', 'Still failing: 6 of 24 requests failed, Media files missing or unreadable on disk.', undefined],
    ['an app that never goes quiet gets its verdict anyway', record(), after(1_200, 0), START + MAX_CHECKING_MS - 500, START + MAX_CHECKING_MS, 'fixed', 'Fixed: 1,200 requests, none failed.', undefined],
    ['no tab was open: nothing to wait for', record(0), after(0), START, START + 100, 'no-requests', 'No requests yet: open the site (no tab of it was open to reload).', undefined],
    ['the reloaded tab never asked', record(2), after(0), START, START + FIRST_REQUEST_MS, 'no-requests', 'No requests yet: open the site, or reload its tab.', undefined],
    ['nothing failed before either: nothing was fixed', { ...record(), before: after(30) }, after(24), START + 2_000, START + 2_000 + SETTLE_MS, 'still-working', 'Still working: 24 requests, none failed, as before.', undefined],
    ['a start time in the future (no clock gave it) counts from now: the wait ends', { ...record(), startedAt: Number.MAX_SAFE_INTEGER }, after(0), START, START + 500, 'checking', 'Checking… waiting for the reloaded page to load.', START + 500 + FIRST_REQUEST_MS],
    ['no tab was open, then the user opened the site', record(0), after(9, 2, 'Thumbnails never generated'), START + 4_000, START + 4_500, 'checking', 'Checking… 9 requests so far.', START + 4_000 + SETTLE_MS],
  ])('%s', (_name, stored, counts, lastRequestAt, now, verdict, headline, recheckAt) => {
    const comparison = compareRuns(stored, counts, { since: stored.startedAt, updated: lastRequestAt }, now);
    expect(comparison.verdict).toBe(verdict);
    expect(comparison.headline).toBe(headline);
    expect(comparison.recheckAt).toBe(recheckAt);
    expect(comparison.before).toEqual(stored.before);
    expect(comparison.after).toEqual(counts);
  });

  it.each<[string, TestAgainRecord, number, Verdict, number | undefined]>([
    // name, record, now, verdict, recheck at: the log started at START + 60 s, after the record, empty
    ['the record of an earlier Test again, the new one on its way: waiting, not "no requests"', record(1), START + 60_100, 'checking', START + 60_000 + FIRST_REQUEST_MS],
    ['Reset log during the comparison: "after" counts from the reset', record(1), START + 60_000 + FIRST_REQUEST_MS, 'no-requests', undefined],
    ['no tab was open for the record: nothing to wait for', record(0), START + 60_100, 'no-requests', undefined],
  ])('a log newer than the record: %s', (_name, stored, now, verdict, recheckAt) => {
    const comparison = compareRuns(stored, after(0), { since: START + 60_000, updated: START + 60_000 }, now);
    expect(comparison.verdict).toBe(verdict);
    expect(comparison.recheckAt).toBe(recheckAt);
  });

  it.each<[string, number, Verdict, string]>([
    // The reset's save failed (or is not read yet): the log shown started before the record.
    ['right after the record', START + 500, 'checking', 'Checking… waiting for the reloaded page to load.'],
    ['and it never came', START + FIRST_REQUEST_MS, 'no-requests', 'No requests yet: open the site, or reload its tab.'],
  ])('a log older than the record is not "after": %s', (_name, now, verdict, headline) => {
    const comparison = compareRuns(record(), after(40, 12, 'Media files missing or unreadable on disk'), { since: START - 60_000, updated: START - 1_000 }, now);
    expect(comparison.verdict).toBe(verdict);
    expect(comparison.headline).toBe(headline);
    expect(comparison.after).toEqual({ requests: 0, failures: 0 });
  });

  it.each<[string, RunCounts, string]>([
    ['a cause', after(3, 1, 'Thumbnails never generated'), 'Thumbnails never generated'],
    ['requests, none failed', after(24), 'Nothing failed.'],
    ['no request', after(0), 'Nothing recorded.'],
  ])('names the cause of each side: %s', (_name, counts, afterCause) => {
    const comparison = compareRuns(record(), counts, { since: START, updated: START }, START + 60_000);
    expect(comparison.beforeCause).toBe(failing.topCause!.title);
    expect(comparison.afterCause).toBe(afterCause);
  });

  it.each<[RunCounts, string, string]>([
    [after(24), '40 requests, 12 failed', '24 requests since your change, 0 failed'],
    [after(1, 1, 'x'), '40 requests, 12 failed', '1 request since your change, 1 failed'],
    [after(12_345, 3), '40 requests, 12 failed', '12,345 requests since your change, 3 failed'],
  ])('says each side in words: %j', (counts, beforeText, afterText) => {
    const comparison = compareRuns(record(), counts, { since: START, updated: START }, START + 60_000);
    expect(comparison.beforeText).toBe(beforeText);
    expect(comparison.afterText).toBe(afterText);
  });
});

describe('countsOf: one side, from the diagnosis report', () => {
  it.each<[string, () => ReturnType<typeof logOf>, RunCounts]>([
    ['a failing log names its first cause', () => logOf(times(10, (i) => request('thumbnail', answers.missingFile, assetId(i)))), { requests: 10, failures: 10, topCause: { cause: 'media-file-unreadable', title: expect.any(String) as string } }],
    ['a healthy log has no cause', () => logOf(times(5, (i) => request('thumbnail', answers.thumbnailOk, assetId(i)))), { requests: 5, failures: 0 }],
    ['an empty log', () => logOf([]), { requests: 0, failures: 0 }],
  ])('%s', (_name, log, expected) => {
    const { report } = summarize(log());
    expect(countsOf(report)).toEqual(expected);
    if (report.diagnoses[0]) expect(countsOf(report).topCause?.title).toBe(report.diagnoses[0].title);
  });
});
