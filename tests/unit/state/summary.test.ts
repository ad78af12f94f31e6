import { describe, expect, it, vi } from 'vitest';
import * as engine from '../../../utils/diagnose/diagnose';
import { summarize } from '../../../utils/state/summarize';
import { readSummary, SUMMARY_FAILURES } from '../../../utils/state/summary';
import { answers, assetId, logOf, ORIGIN, request, times } from '../../fixtures/responses';

// The real engine, watched: reading a summary must never run it (the popup never diagnoses).
vi.mock('../../../utils/diagnose/diagnose', async (original) => {
  const actual = await original<typeof import('../../../utils/diagnose/diagnose')>();
  return { ...actual, diagnose: vi.fn(actual.diagnose) };
});

const log = () => logOf(times(100, (i) => request('thumbnail', answers.missingFile, assetId(i))));
const stored = () => JSON.parse(JSON.stringify(summarize(log())));
/** The stored report with its first diagnosis changed: what a report of another shape looks like. */
function withFirstDiagnosis(summary: Record<string, unknown>, change: Record<string, unknown>) {
  const report = summary.report as { diagnoses: Array<Record<string, unknown>> };
  return { ...report, diagnoses: [{ ...report.diagnoses[0], ...change }, ...report.diagnoses.slice(1)] };
}

const firstEvidence = (summary: Record<string, unknown>) => (summary.report as { diagnoses: Array<{ evidence: object }> }).diagnoses[0]!.evidence;

describe('summarize: what the background writes for the popup', () => {
  it('keeps exact counters and the latest failures, with the diagnosis of the full log', () => {
    const full = log();
    const summary = summarize(full);
    expect(summary.log.failures).toHaveLength(SUMMARY_FAILURES);
    expect(summary.log.failures.at(-1)).toEqual(full.failures.at(-1));
    expect(summary.log.counters).toEqual(full.counters);
    expect(summary.report).toEqual(engine.diagnose(full));
    expect(full.failures).toHaveLength(100);
  });
});

describe('readSummary: what the popup reads, never recomputed', () => {
  it('round-trips through storage, as the JSON text the item holds or as the object', () => {
    const summary = stored();
    expect(readSummary(summary, ORIGIN)).toEqual(summary);
    expect(readSummary(JSON.stringify(summary), ORIGIN)).toEqual(summary);
  });

  it.each<[string, (summary: Record<string, unknown>) => unknown]>([
    ['no report (an older version’s, dropped by the migration)', (summary: Record<string, unknown>) => ({ ...summary, report: null })],
    ['another site’s report', (summary: Record<string, unknown>) => ({ ...summary, report: { ...(summary.report as object), origin: 'https://other.example' } })],
    ['a report without `healthy`', (summary: Record<string, unknown>) => ({ ...summary, report: { ...(summary.report as object), healthy: 'no' } })],
    ['a diagnosis without a cause', (summary: Record<string, unknown>) => ({ ...summary, report: { ...(summary.report as object), diagnoses: [{ title: 'x' }] } })],
    ['a diagnosis without the checks the card lists', (summary: Record<string, unknown>) => ({ ...summary, report: withFirstDiagnosis(summary, { checks: undefined }) })],
    ['a diagnosis without remedies', (summary: Record<string, unknown>) => ({ ...summary, report: withFirstDiagnosis(summary, { remedies: 'clear-site-data' }) })],
    ['a diagnosis without evidence examples', (summary: Record<string, unknown>) => ({ ...summary, report: withFirstDiagnosis(summary, { evidence: { failing: [], healthy: [] } }) })],
    ['evidence of a kind this version has no words for', (summary: Record<string, unknown>) => ({ ...summary, report: withFirstDiagnosis(summary, { evidence: { ...firstEvidence(summary), failing: [{ kind: 'hologram', outcome: 'http-500', responder: 'immich', count: 1, total: 1 }] } }) })],
    ['counter-evidence of an unknown kind', (summary: Record<string, unknown>) => ({ ...summary, report: withFirstDiagnosis(summary, { evidence: { ...firstEvidence(summary), healthy: [{ kind: '__proto__', ok: 1, total: 1 }] } }) })],
    ['an example request at 1e300 ms', (summary: Record<string, unknown>) => ({ ...summary, report: withFirstDiagnosis(summary, { evidence: { ...firstEvidence(summary), examples: [{ ...(summary.log as { failures: object[] }).failures[0], time: 1e300 }] } }) })],
    ['an unknown severity', (summary: Record<string, unknown>) => ({ ...summary, report: withFirstDiagnosis(summary, { severity: 'apocalyptic' }) })],
    ['an unknown layer', (summary: Record<string, unknown>) => ({ ...summary, report: withFirstDiagnosis(summary, { layer: 'toString' }) })],
    ['an unknown scope', (summary: Record<string, unknown>) => ({ ...summary, report: withFirstDiagnosis(summary, { scope: 'everything' }) })],
    ['an unknown responder', (summary: Record<string, unknown>) => ({ ...summary, report: withFirstDiagnosis(summary, { responder: 'constructor' }) })],
    ['an unknown remedy', (summary: Record<string, unknown>) => ({ ...summary, report: withFirstDiagnosis(summary, { remedies: ['format-disk'] }) })],
    ['a confidence above 1', (summary: Record<string, unknown>) => ({ ...summary, report: withFirstDiagnosis(summary, { confidence: 7 }) })],
    ['a check without a title', (summary: Record<string, unknown>) => ({ ...summary, report: withFirstDiagnosis(summary, { checks: [{ command: 'ls' }] }) })],
    // The card maps a step's lines to look for: a string there threw in the card, behind its error boundary.
    ...(
      [
        ['lines to look for that are one string', { lookFor: 'x' }],
        ['an unknown kind of change', { changes: 'everything' }],
        ['a docker form that is not text', { docker: 5 }],
        ['a verify mark that is not a flag', { verify: 'yes' }],
      ] as const
    ).map(([name, change]): [string, (summary: Record<string, unknown>) => unknown] => [
      `a check with ${name}`,
      (summary) => ({ ...summary, report: withFirstDiagnosis(summary, { checks: [{ ...(summary.report as { diagnoses: Array<{ checks: object[] }> }).diagnoses[0]!.checks[0], ...change }] }) }),
    ]),
    ['Run checks evidence of an unknown check', (summary: Record<string, unknown>) => ({ ...summary, report: withFirstDiagnosis(summary, { checkEvidence: [{ check: 'crystal-ball', verdict: 'supports', reason: 'x' }] }) })],
    ['a report without its counts', (summary: Record<string, unknown>) => ({ ...summary, report: { ...(summary.report as object), requests: -1 } })],
    ['unreadable JSON text', (summary: Record<string, unknown>) => JSON.stringify(summary).slice(0, 100)],
    ['diagnoses that are not objects', (summary: Record<string, unknown>) => ({ ...summary, report: { ...(summary.report as object), diagnoses: ['thumbnail-not-generated'] } })],
    ['a log of an unknown schema', (summary: Record<string, unknown>) => ({ ...summary, log: { schema: 7 } })],
    ['a corrupt log', (summary: Record<string, unknown>) => ({ ...summary, log: { ...(summary.log as object), counters: { thumbnail: { ok: { immich: -1 } } } } })],
    ['no log', (summary: Record<string, unknown>) => ({ report: summary.report })],
    ['nothing stored', () => null],
    ['not an object', () => 'garbage'],
  ])('%s: no summary, and no diagnosis made', (_name, breakIt) => {
    const value = breakIt(stored());
    vi.mocked(engine.diagnose).mockClear();
    expect(readSummary(value, ORIGIN)).toBeUndefined();
    expect(engine.diagnose).not.toHaveBeenCalled();
  });

  it('a diagnosis weighed by Run checks reads, with its evidence', () => {
    const summary = stored();
    summary.report.diagnoses[0].checkEvidence = [{ check: 'storage', verdict: 'against', reason: 'the library disk reads fine' }];
    expect(readSummary(summary, ORIGIN)?.report.diagnoses[0]?.checkEvidence).toHaveLength(1);
  });

  it('checks the fields the views read, not their content: a cause id of a later engine still reads', () => {
    const summary = stored();
    summary.report.diagnoses[0].cause = 'a-cause-of-a-later-engine';
    expect(readSummary(summary, ORIGIN)?.report.diagnoses[0]?.cause).toBe('a-cause-of-a-later-engine');
  });
});
