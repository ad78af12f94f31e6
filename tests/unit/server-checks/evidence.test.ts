import { describe, expect, it } from 'vitest';
import type { CauseId } from '../../../utils/diagnose/cause';
import type { Diagnosis, DiagnosisReport } from '../../../utils/diagnose/diagnose';
import { weighByServerChecks } from '../../../utils/server-checks/evidence';
import { readServerCheckReport } from '../../../utils/server-checks/read-report';
import type { CauseVerdict, ServerCheckReport, ServerCheckResult } from '../../../utils/server-checks/types';

const ORIGIN = 'https://photos.example';

/** A diagnosis with only what weighing reads; the rest as the engine leaves it. */
const diagnosis = (cause: CauseId, confidence: number, consequenceOf?: CauseId) =>
  ({ cause, title: cause, confidence, ...(consequenceOf ? { consequenceOf: { cause: consequenceOf, title: consequenceOf } } : {}) }) as Diagnosis;

const reportOf = (...diagnoses: Diagnosis[]): DiagnosisReport => ({ origin: ORIGIN, requests: 100, failures: 40, healthy: false, immichSeen: true, diagnoses });

const result = (id: ServerCheckResult['id'], verdicts: CauseVerdict[]): ServerCheckResult => ({ id, status: 'ok', summary: 's', ms: 5, asked: [{ path: '/api/x', status: 200 }], verdicts });
const checksOf = (...results: ServerCheckResult[]): ServerCheckReport => ({ origin: ORIGIN, ranAt: 1, routesBasis: 'version', usedApiKey: false, serverVersion: 'v2.7.5', results });
const supports = (cause: CauseId, reason = 'r'): CauseVerdict => ({ cause, verdict: 'supports', reason });
const against = (cause: CauseId, reason = 'r'): CauseVerdict => ({ cause, verdict: 'against', reason });

const ranked = (report: DiagnosisReport) => report.diagnoses.map((entry) => `${entry.cause} ${entry.confidence}`);

describe('the checks weigh the diagnosis', () => {
  it.each<[string, Diagnosis[], ServerCheckResult[], string[]]>([
    ['a check supporting the second cause puts it first', [diagnosis('thumbnail-not-generated', 0.8), diagnosis('jobs-failing', 0.7)], [result('jobs', [supports('jobs-failing')])], ['jobs-failing 0.85', 'thumbnail-not-generated 0.8']],
    ['a check against the first cause puts it below', [diagnosis('disk-full', 0.8), diagnosis('media-file-unreadable', 0.6)], [result('storage', [against('disk-full')])], ['media-file-unreadable 0.6', 'disk-full 0.4']],
    ['two verdicts add up', [diagnosis('jobs-failing', 0.6)], [result('jobs', [supports('jobs-failing')]), result('storage', [supports('jobs-failing')])], ['jobs-failing 0.9']],
    ['a verdict on a cause not diagnosed changes nothing', [diagnosis('proxy-timeout', 0.7)], [result('storage', [supports('disk-full')])], ['proxy-timeout 0.7']],
    [
      'a consequence never rises above its cause',
      [diagnosis('maintenance-mode', 0.8), diagnosis('thumbnail-not-generated', 0.8, 'maintenance-mode')],
      [result('reachability', [supports('maintenance-mode'), against('maintenance-mode')]), result('jobs', [supports('thumbnail-not-generated')])],
      ['maintenance-mode 0.45', 'thumbnail-not-generated 0.45'],
    ],
    [
      'a cause the checks speak only against lets its consequence go, to stand on its own',
      [diagnosis('maintenance-mode', 0.8), diagnosis('thumbnail-not-generated', 0.7, 'maintenance-mode')],
      [result('reachability', [against('maintenance-mode')])],
      ['thumbnail-not-generated 0.7', 'maintenance-mode 0.4'],
    ],
    [
      'consequences stay after every cause, whatever their confidence (the engine’s rule)',
      [diagnosis('media-file-unreadable', 0.9), diagnosis('proxy-timeout', 0.5), diagnosis('thumbnail-not-generated', 0.85, 'media-file-unreadable')],
      [result('storage', [supports('proxy-timeout')])],
      ['media-file-unreadable 0.9', 'proxy-timeout 0.75', 'thumbnail-not-generated 0.85'],
    ],
    ['equal confidences keep the engine order', [diagnosis('tls-error', 0.5), diagnosis('dns-failure', 0.5)], [result('reachability', [])], ['tls-error 0.5', 'dns-failure 0.5']],
  ])('%s', (_, diagnoses, results, expected) => {
    expect(ranked(weighByServerChecks(reportOf(...diagnoses), checksOf(...results)))).toEqual(expected);
  });

  it('lists each verdict on its card, with the check it came from', () => {
    const weighed = weighByServerChecks(reportOf(diagnosis('disk-full', 0.5)), checksOf(result('storage', [supports('disk-full', 'the library disk is 97.5% full')])));
    expect(weighed.diagnoses[0]!.checkEvidence).toEqual([{ check: 'storage', verdict: 'supports', reason: 'the library disk is 97.5% full' }]);
  });

  it('without checks, or without a verdict on any diagnosed cause, the report is the engine’s, in its order', () => {
    const report = reportOf(diagnosis('disk-full', 0.5), diagnosis('proxy-timeout', 0.4), diagnosis('thumbnail-not-generated', 0.45, 'disk-full'));
    expect(weighByServerChecks(report, undefined)).toBe(report);
    expect(weighByServerChecks(report, checksOf(result('storage', [supports('dns-failure')])))).toBe(report);
  });
});

describe('a stored or imported report is read field by field', () => {
  const good = checksOf(result('storage', [supports('disk-full', 'full')]));
  it('a good one is read as it was written', () => {
    expect(readServerCheckReport(JSON.parse(JSON.stringify(good)), ORIGIN)).toEqual(good);
  });
  it.each<[string, (report: Record<string, unknown>) => unknown]>([
    ['another site', (report) => ({ ...report, origin: 'https://other.example' })],
    ['not an object', () => 'checks'],
    ['a time out of range', (report) => ({ ...report, ranAt: 1e300 })],
    ['an unknown check', (report) => ({ ...report, results: [{ ...good.results[0], id: 'telemetry' }] })],
    ['an unknown status', (report) => ({ ...report, results: [{ ...good.results[0], status: 'fine' }] })],
    ['a huge summary', (report) => ({ ...report, results: [{ ...good.results[0], summary: 'x'.repeat(5000) }] })],
    ['a status out of range', (report) => ({ ...report, results: [{ ...good.results[0], asked: [{ path: '/x', status: 9000 }] }] })],
    ['a verdict that is not one', (report) => ({ ...report, results: [{ ...good.results[0], verdicts: [{ cause: 'disk-full', verdict: 'maybe', reason: 'r' }] }] })],
    ['too many results', (report) => ({ ...report, results: Array.from({ length: 50 }, () => good.results[0]) })],
    ['no key flag', (report) => ({ ...report, usedApiKey: 'yes' })],
  ])('rejects %s', (_, change) => {
    expect(readServerCheckReport(change(JSON.parse(JSON.stringify(good)) as Record<string, unknown>), ORIGIN)).toBeUndefined();
  });
  it('drops fields a report does not have (nothing else reaches an export)', () => {
    const planted = { ...good, apiKey: 'secret-1', results: [{ ...good.results[0], apiKey: 'secret-2', asked: [{ path: '/x', status: 200, headers: 'secret-3' }] }] };
    expect(JSON.stringify(readServerCheckReport(planted, ORIGIN))).not.toMatch(/secret/);
  });
});
