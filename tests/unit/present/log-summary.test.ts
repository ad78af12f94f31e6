import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../utils/diagnose/diagnose';
import { parseStoredSummary, summarize, SUMMARY_FAILURES } from '../../../utils/present/log-summary';
import { answers, assetId, logOf, ORIGIN, request, times } from '../../fixtures/responses';

const NOW = Date.UTC(2026, 10, 25);
const log = () => logOf(times(100, (i) => request('thumbnail', answers.missingFile, assetId(i))));

describe('log summary: what the popup reads', () => {
  it('keeps exact counters and the latest failures, with the diagnosis of the full log', () => {
    const full = log();
    const summary = summarize(full);
    expect(summary.log.failures).toHaveLength(SUMMARY_FAILURES);
    expect(summary.log.failures.at(-1)).toEqual(full.failures.at(-1));
    expect(summary.log.counters).toEqual(full.counters);
    expect(summary.report).toEqual(diagnose(full));
    expect(full.failures).toHaveLength(100);
  });

  it('round-trips through storage', () => {
    const summary = summarize(log());
    expect(parseStoredSummary(JSON.parse(JSON.stringify(summary)), ORIGIN, NOW)).toEqual({ summary: JSON.parse(JSON.stringify(summary)) });
  });

  it('recomputes a broken or foreign report from the log', () => {
    const summary = JSON.parse(JSON.stringify(summarize(log())));
    for (const report of [null, { ...summary.report, origin: 'https://other' }, { ...summary.report, diagnoses: [{ cause: 'no-such-cause' }] }]) {
      const parsed = parseStoredSummary({ ...summary, report }, ORIGIN, NOW);
      expect(parsed.notice).toBeUndefined();
      expect(parsed.summary.report.diagnoses[0]?.cause).toBe('media-file-unreadable');
    }
  });

  it('resets a broken log part with a notice; nothing stored is an empty log', () => {
    expect(parseStoredSummary({ log: { schema: 7 }, report: {} }, ORIGIN, NOW).notice).toContain('another version');
    expect(parseStoredSummary('garbage', ORIGIN, NOW).notice).toContain('unreadable');
    const empty = parseStoredSummary(undefined, ORIGIN, NOW);
    expect(empty.notice).toBeUndefined();
    expect(empty.summary.report.healthy).toBe(true);
  });
});
