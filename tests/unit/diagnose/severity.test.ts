import { describe, expect, it } from 'vitest';
import type { RawRequest } from '../../../utils/classify/classify-request';
import type { RequestKind } from '../../../utils/classify/request-kind';
import type { CauseId, Severity } from '../../../utils/diagnose/cause';
import { diagnose } from '../../../utils/diagnose/diagnose';
import { reachOf, severityOf, type Reach } from '../../../utils/diagnose/severity';
import { answers, logOf, many, ORIGIN, request } from '../../fixtures/responses';

const none = { failed: 0, total: 0 };
const reach = (media: [number, number], page: [number, number] = [0, 0], api: [number, number] = [0, 0], features = 0): Reach => ({
  media: { failed: media[0], total: media[1] },
  page: { failed: page[0], total: page[1] },
  api: { failed: api[0], total: api[1] },
  features,
});

/**
 * Severity is how much of what the user sees fails (README, "How to read a diagnosis"): half or more
 * of the photos and videos, of the pages and app files, or of the API calls, is critical; less, or a
 * feature, a warning; nothing visible, info. Every boundary, from both sides.
 */
const REACHES: Array<[name: string, reach: Reach, severity: Severity]> = [
  ['nothing failed that the user sees', { media: none, page: none, api: none, features: 0 }, 'info'],
  ['media requested, none failed', reach([0, 40], [0, 2], [0, 10]), 'info'],
  ['every photo fails', reach([40, 40]), 'critical'],
  ['exactly half of the photos fail', reach([20, 40]), 'critical'],
  ['just under half of the photos fail', reach([19, 40]), 'warning'],
  ['one photo of many fails', reach([1, 500]), 'warning'],
  ['the only photo requested fails', reach([1, 1]), 'critical'],
  ['every API call fails, no photo requested', reach([0, 0], [0, 0], [6, 6]), 'critical'],
  ['the only API call is redirected while the pages load (the app stops there)', reach([0, 0], [0, 5], [1, 1]), 'critical'],
  ['half of the API calls fail, photos fine', reach([0, 40], [0, 2], [5, 10]), 'critical'],
  ['one API call of many fails, photos fine', reach([0, 40], [0, 2], [1, 10]), 'warning'],
  ['the page itself fails', reach([0, 0], [1, 1]), 'critical'],
  ['half of the app files fail', reach([0, 40], [3, 6], [0, 10]), 'critical'],
  ['one app file of many fails', reach([0, 40], [1, 6], [0, 10]), 'warning'],
  ['uploads fail, everything else fine', reach([0, 40], [0, 2], [0, 10], 3), 'warning'],
  ['the WebSocket fails, nothing else requested', reach([0, 0], [0, 0], [0, 0], 1), 'warning'],
  ['a feature fails while most photos fail too', reach([30, 40], [0, 2], [0, 10], 2), 'critical'],
  ['a few photos, app files and API calls, each under half', reach([10, 40], [1, 6], [2, 10]), 'warning'],
  ['failures explained beyond the log total (recent records and counters) stay critical', reach([50, 40]), 'critical'],
];

describe('severityOf: the share of what the user sees that fails', () => {
  it.each(REACHES)('%s → %s', (_name, given, severity) => {
    expect(severityOf(given)).toBe(severity);
  });
});

describe('reachOf: groups the explained failures by what the user sees', () => {
  const totals: Partial<Record<RequestKind, number>> = { thumbnail: 30, preview: 4, original: 6, 'person-thumbnail': 2, api: 8, page: 1, 'app-shell': 5, upload: 2, websocket: 1, other: 3 };
  const totalOf = (kinds: readonly RequestKind[]) => kinds.reduce((sum, kind) => sum + (totals[kind] ?? 0), 0);
  it.each<[string, Array<[RequestKind, number]>, Reach]>([
    ['media of every kind count as media', [['thumbnail', 30], ['preview', 4], ['person-thumbnail', 1]], reach([35, 42], [0, 6], [0, 8])],
    ['pages and web-app files count as the page, API calls as the API', [['api', 3], ['page', 1], ['app-shell', 2]], reach([0, 42], [3, 6], [3, 8])],
    ['uploads and the WebSocket are features', [['upload', 2], ['websocket', 1]], reach([0, 42], [0, 6], [0, 8], 3)],
    ['other requests (a favicon) count nowhere', [['other', 3]], reach([0, 42], [0, 6], [0, 8])],
  ])('%s', (_name, failed, expected) => {
    expect(reachOf(new Map(failed), totalOf)).toEqual(expected);
  });
});

const healthyApp = (): RawRequest[] => [request('chunk', answers.chunkOk), request('usersMe', answers.jsonOk), request('socket', answers.socketOpen)];
const favicon = (answer: Partial<RawRequest>): RawRequest => ({ ...request('page', answer), url: `${ORIGIN}/favicon.ico`, type: 'other' });

/** Whole diagnoses: the issue's own examples, and each boundary as the engine sees it from traffic. */
const DIAGNOSES: Array<[name: string, traffic: RawRequest[], cause: CauseId, severity: Severity]> = [
  ['every thumbnail never generated (the whole timeline grey) is critical', [...healthyApp(), ...many(20, 'thumbnail', answers.notGenerated), ...many(2, 'original', answers.originalOk)], 'thumbnail-not-generated', 'critical'],
  ['two originals missing among loading thumbnails are a warning', [...healthyApp(), ...many(30, 'thumbnail', answers.thumbnailOk), ...many(2, 'original', answers.missingOriginal)], 'media-file-unreadable', 'warning'],
  ['thumbnails gone from disk, originals fine: critical', [...healthyApp(), ...many(38, 'thumbnail', answers.missingFile), ...many(12, 'original', answers.originalOk)], 'media-file-unreadable', 'critical'],
  ['an expired session fails the API: critical', [request('chunk', answers.chunkOk), ...many(3, 'usersMe', answers.unauthorised), ...many(3, 'thumbnail', answers.unauthorised)], 'session-expired', 'critical'],
  ['uploads refused by nginx, the library loads: a warning', [...healthyApp(), ...many(10, 'thumbnail', answers.thumbnailOk), ...many(2, 'upload', answers.nginx(413))], 'proxy-body-too-large', 'warning'],
  ['a login gateway redirecting the one API call while the pages load: critical', [request('page', answers.jsonOk), request('chunk', answers.chunkOk), request('chunk', answers.chunkOk), request('usersMe', answers.redirectTo('https://auth.example.com/login'))], 'auth-gateway-redirect', 'critical'],
  ['one original timing out among loading thumbnails: a warning', [...healthyApp(), ...many(12, 'thumbnail', answers.thumbnailOk), request('original', answers.nginx(504))], 'proxy-timeout', 'warning'],
  ['only the favicon fails through a dead upstream: info', [...healthyApp(), ...many(10, 'thumbnail', answers.thumbnailOk), favicon(answers.nginx(502))], 'upstream-unreachable', 'info'],
  ['everything answered 502 by nginx: critical', [request('page', answers.nginx(502)), request('usersMe', answers.nginx(502)), ...many(5, 'thumbnail', answers.nginx(502))], 'upstream-unreachable', 'critical'],
];

describe('diagnose: severity from the traffic, not from the cause', () => {
  it.each(DIAGNOSES)('%s', (_name, traffic, cause, severity) => {
    const found = diagnose(logOf(traffic)).diagnoses.find((diagnosis) => diagnosis.cause === cause);
    expect(found?.severity).toBe(severity);
  });

  it('evidence leads with what the user sees: media examples before the favicon, however recent the favicon', () => {
    const traffic = [request('page', answers.nginx(502)), ...many(4, 'thumbnail', answers.nginx(502)), favicon(answers.nginx(502)), favicon(answers.nginx(502))];
    const [top] = diagnose(logOf(traffic)).diagnoses;
    expect(top!.evidence.examples.map((example) => example.kind)).toEqual(['thumbnail', 'thumbnail', 'thumbnail']);
    expect(top!.evidence.failing.map((line) => line.kind).at(-1)).toBe('other');
  });
});
