import { describe, expect, it } from 'vitest';
import { siteOverview } from '../../../utils/present/site-overview';
import { summarize } from '../../../utils/state/summarize';
import { timeAgo } from '../../../utils/time';
import { answers, assetId, logOf, ORIGIN, request, times } from '../../fixtures/responses';

describe('siteOverview: a watched site at a glance, from its stored summary', () => {
  it.each([
    ['no readable summary: no report yet', undefined, { state: 'reading', requests: 0, failures: 0 }],
    ['nothing seen yet', summarize(logOf([])), { state: 'waiting', requests: 0, failures: 0, topCause: 'none yet', activityLabel: 'Watching since' }],
    ['healthy', summarize(logOf([request('thumbnail', answers.thumbnailOk)])), { state: 'healthy', requests: 1, failures: 0, topCause: 'none: nothing failed', activityLabel: 'Last activity' }],
    [
      'failing: the first card\'s title',
      summarize(logOf([...times(5, (i) => request('thumbnail', answers.missingFile, assetId(i))), request('original', answers.originalOk)])),
      { state: 'failing', requests: 6, failures: 5, topCause: 'Media files are missing or unreadable on disk', activityLabel: 'Last activity' },
    ],
  ] as const)('%s', (_name, summary, expected) => {
    expect(siteOverview(ORIGIN, summary)).toMatchObject({ origin: ORIGIN, ...expected });
  });

  it('last activity is the time of the last recorded request', () => {
    const log = logOf([request('thumbnail', answers.missingFile)]);
    expect(siteOverview(ORIGIN, summarize(log)).lastActivity).toBe(log.updated);
  });
});

describe('timeAgo', () => {
  const now = Date.UTC(2026, 10, 30, 12, 0, 0);
  it.each([
    [0, 'just now'],
    [59_000, 'just now'],
    [60_000, '1 minute ago'],
    [5 * 60_000 + 59_000, '5 minutes ago'],
    [3_600_000, '1 hour ago'],
    [86_400_000, 'yesterday'],
    [3 * 86_400_000, '3 days ago'],
    [-5_000, 'just now'],
  ])('%i ms ago → %s', (elapsed, words) => {
    expect(timeAgo(now - elapsed, now)).toBe(words);
  });
});
