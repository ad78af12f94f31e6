import { describe, expect, it } from 'vitest';
import type { RawRequest } from '../../../utils/classify/classify-request';
import { diagnose } from '../../../utils/diagnose/diagnose';
import { buildExport } from '../../../utils/export/export-file';
import { diagnoseImport } from '../../../utils/import/diagnose-import';
import { readImportText } from '../../../utils/import/read-import';
import type { ServerCheckReport } from '../../../utils/server-checks/types';
import type { DoctorHar } from '../../../utils/export/har';
import { sampledHar } from '../../../utils/import/sampled-har';
import { answers, assetId, logOf, ORIGIN, request } from '../../fixtures/responses';
import { sampledLog } from '../../fixtures/sampled-log';
import { EXPORT_META, twoCauses } from '../../fixtures/two-causes';

/**
 * A HAR Immich Doctor exported, read back (the options page, `npm run diagnose`), diagnoses as the log
 * it came from, as the JSON export does. Found by a review: a HAR names a redirect's target host only,
 * so Immich's own `size=fullsize` redirects read back as a login gateway's; and an https site's http
 * requests (mixed content) read back as a site of their own, the site healthy.
 */
const ID = '11111111-2222-4333-8444-555555555555';
const IMMICH = [{ name: 'x-powered-by', value: 'Express' }];
const at = (index: number) => Date.UTC(2026, 10, 25, 12, 0, index);

const fullsize = (origin: string): RawRequest[] =>
  Array.from({ length: 5 }, (_, index) => ({ url: `${origin}/api/assets/${ID}/thumbnail?size=fullsize`, method: 'GET', type: 'image', statusCode: 302, redirectUrl: `${origin}/api/assets/${ID}/original`, responseHeaders: IMMICH, timeStamp: at(index) }));

const CASES: Array<[name: string, origin: string, requests: RawRequest[]]> = [
  ["Immich's own fullsize redirect, on a LAN address and port", 'http://192.168.1.10:2283', fullsize('http://192.168.1.10:2283')],
  ["Immich's own fullsize redirect, behind https", 'https://photos.example.com', fullsize('https://photos.example.com')],
  [
    "the proxy's http → https upgrade",
    'http://photos.example.com',
    Array.from({ length: 5 }, (_, index) => ({ url: `http://photos.example.com/api/assets/${ID}/thumbnail`, method: 'GET', type: 'image', statusCode: 301, redirectUrl: `https://photos.example.com/api/assets/${ID}/thumbnail`, responseHeaders: [{ name: 'server', value: 'nginx' }], timeStamp: at(index) })),
  ],
  ["a login gateway's redirect on another port", 'https://photos.example.com', [{ url: 'https://photos.example.com/api/users/me', method: 'GET', type: 'xmlhttprequest', statusCode: 302, redirectUrl: 'https://photos.example.com:9091/login', responseHeaders: [], timeStamp: at(0) }]],
  ["a redirect to an app's own scheme (no host)", 'https://photos.example.com', [{ url: 'https://photos.example.com/api/users/me', method: 'GET', type: 'xmlhttprequest', statusCode: 302, redirectUrl: 'immich://oauth', responseHeaders: [], timeStamp: at(0) }]],
  [
    "the https site's http requests (mixed content)",
    'https://photos.example.com',
    Array.from({ length: 3 }, (_, index) => ({ url: `http://photos.example.com/api/assets/${ID}/thumbnail`, method: 'GET', type: 'image', error: 'net::ERR_BLOCKED_BY_CLIENT', initiator: 'https://photos.example.com', timeStamp: at(index) })),
  ],
];

describe('a HAR export read back diagnoses as its log', () => {
  it.each(CASES)('%s', async (_, origin, requests) => {
    const log = logOf(requests, origin);
    const har = await readImportText(buildExport('har', log, EXPORT_META, { hideHost: false, hideAssetIds: false }).text);
    if (!har.ok) throw new Error(har.message);
    expect(har.origin).toBe(origin);
    expect(har.log.counters).toEqual(log.counters);
    expect(har.log.failed).toBe(log.failed);
    const causes = (report: { diagnoses: Array<{ cause: string }> }) => report.diagnoses.map(({ cause }) => cause);
    expect(causes(diagnoseImport(har))).toEqual(causes(diagnose(log, { serverVersion: EXPORT_META.immichVersion })));
  });
});

describe("Chrome DevTools' _initiator", () => {
  it("files an https page's http request under the page, as mixed content; another port's is a site of its own", async () => {
    const entry = (url: string, initiator: string) => ({ startedDateTime: '2026-11-25T12:00:00.000Z', request: { method: 'GET', url }, response: { status: 0, _error: 'net::ERR_BLOCKED_BY_CLIENT', headers: [] }, _resourceType: 'image', _initiator: { type: 'parser', url: initiator } });
    const page = 'https://photos.example.com/photos';
    const text = JSON.stringify({ log: { version: '1.2', entries: [entry('http://photos.example.com/api/assets/x/thumbnail', page), entry('http://photos.example.com:8080/x.png', page)] } });
    const result = await readImportText(text, { origin: 'https://photos.example.com' });
    if (!result.ok) throw new Error(result.message);
    expect(result.log.total).toBe(1);
    expect(result.log.failures.map((record) => [record.origin, record.insecure])).toEqual([['http://photos.example.com', true]]);
  });
});

describe("a HAR export's Run checks report and Immich version, read back as the JSON log's are", () => {
  // A storage check against the first cause (media-file-unreadable) puts the WebSocket first.
  const checks: ServerCheckReport = {
    origin: ORIGIN,
    ranAt: Date.UTC(2026, 10, 25, 22, 40, 0),
    serverVersion: 'v1.125.0',
    routesBasis: 'version',
    usedApiKey: false,
    results: [{ id: 'storage', status: 'ok', summary: 'The library disk has room: 40% used.', figure: '40.0% of 252.0 GiB used', ms: 35, asked: [], verdicts: [{ cause: 'media-file-unreadable', verdict: 'against', reason: 'the library disk reads fine' }] }],
  };
  const meta = { ...EXPORT_META, immichVersion: 'v1.125.0' };

  it('the same ranking, the same report, the same version, the same steps', async () => {
    const exported = (format: 'har' | 'json') => readImportText(buildExport(format, twoCauses(), meta, { hideHost: false, hideAssetIds: false }, { serverChecks: checks }).text);
    const [har, json] = await Promise.all([exported('har'), exported('json')]);
    if (!har.ok || !json.ok) throw new Error('not read');
    expect(har.serverChecks).toEqual(json.serverChecks);
    expect(har.serverChecks).toMatchObject({ origin: ORIGIN, results: [{ id: 'storage' }] });
    expect([har.immichVersion, json.immichVersion]).toEqual(['v1.125.0', 'v1.125.0']);
    const steps = (report: ReturnType<typeof diagnoseImport>) => report.diagnoses.map(({ cause, checks: steps }) => [cause, steps.map((step) => step.command)]);
    expect(steps(diagnoseImport(har))).toEqual(steps(diagnoseImport(json)));
    expect(diagnoseImport(har).diagnoses[0]!.cause).toBe('websocket-blocked');
  });

  it("another site's report is unreadable, not used", async () => {
    const text = buildExport('har', twoCauses(), meta, { hideHost: false, hideAssetIds: false }, { serverChecks: { ...checks, origin: 'https://other.example' } }).text;
    const har = await readImportText(text);
    expect(har.ok && har.serverChecks).toBe('unreadable');
  });
});

describe('a HAR export holds a sample of what its log counted, and says so read back', () => {
  /** Its HAR holds the 20 newest failures and the latest 50 requests: 70 of 300. */
  const busyLog = () => sampledLog(50, 250, 20);

  it('the counts of the file are its entries; the export says how many the log counted, the import says they differ', async () => {
    const log = busyLog();
    const text = buildExport('har', log, EXPORT_META, { hideHost: false, hideAssetIds: false }).text;
    const har = JSON.parse(text) as DoctorHar;
    expect(har.log._immichDoctor.counted).toEqual({ requests: 300, failed: 50 });
    expect(har.log.comment).toContain('It holds 70 of the 300 requests counted since');
    const back = await readImportText(text);
    if (!back.ok) throw new Error(back.message);
    expect([back.entries, back.log.total, back.counted]).toEqual([70, 70, { requests: 300, failed: 50 }]);
    expect(sampledHar(back.counted, back.log.total)).toBe("this HAR holds 70 of the 300 requests Immich Doctor counted (50 failed): the counts here are of its entries; the extension's JSON export keeps every count");
  });

  it('a HAR that holds every request says nothing more', async () => {
    const log = twoCauses();
    const text = buildExport('har', log, EXPORT_META, { hideHost: false, hideAssetIds: false }).text;
    expect((JSON.parse(text) as DoctorHar).log.comment).toContain('It holds every request counted since');
    const back = await readImportText(text);
    if (!back.ok) throw new Error(back.message);
    expect(back.counted).toEqual({ requests: log.total, failed: log.failed });
    expect(sampledHar(back.counted, back.entries)).toBeUndefined();
  });

  it.each<[string, unknown]>([
    ['failures above the requests', { requests: 300, failed: 301 }],
    ['fewer requests than entries', { requests: 3, failed: 20 }],
    ['fewer failures than the file holds', { requests: 300, failed: 0 }],
    ['fewer requests that did not fail than the file holds', { requests: 60, failed: 50 }],
    ['not whole', { requests: 300.5, failed: 50 }],
    ['negative', { requests: -1, failed: 20 }],
    ['text', { requests: '300', failed: '50' }],
    ['missing a count', { requests: 300 }],
  ])('counts that cannot be (%s) are no counts', async (_, counted) => {
    const har = JSON.parse(buildExport('har', busyLog(), EXPORT_META, { hideHost: false, hideAssetIds: false }).text) as DoctorHar;
    (har.log._immichDoctor as { counted: unknown }).counted = counted;
    const back = await readImportText(JSON.stringify(har));
    if (!back.ok) throw new Error(back.message);
    expect(back.counted).toBeUndefined();
  });

  it('a written -0 is 0, never "-0 failed"', async () => {
    const log = logOf([request('thumbnail', answers.thumbnailOk, assetId(1)), request('thumbnail', answers.thumbnailOk, assetId(2))]);
    const healthy = JSON.parse(buildExport('har', log, EXPORT_META, { hideHost: false, hideAssetIds: false }).text) as DoctorHar;
    (healthy.log._immichDoctor as { counted: unknown }).counted = { requests: 300, failed: 777 };
    const back = await readImportText(JSON.stringify(healthy).replace('"failed":777', '"failed":-0'));
    if (!back.ok) throw new Error(back.message);
    expect(Object.is(back.counted?.failed, 0)).toBe(true);
    expect(sampledHar(back.counted, back.log.total)).toContain('(0 failed)');
  });

  it('two failures alike (the same millisecond, path and outcome) are two entries, not one', async () => {
    const twin = request('thumbnail', answers.missingFile, assetId(1));
    const log = logOf([twin, { ...twin }]);
    const text = buildExport('har', log, EXPORT_META, { hideHost: false, hideAssetIds: false }).text;
    expect((JSON.parse(text) as DoctorHar).log.entries).toHaveLength(2);
    const back = await readImportText(text);
    if (!back.ok) throw new Error(back.message);
    expect([back.log.total, back.log.failed]).toEqual([2, 2]);
    expect(sampledHar(back.counted, back.log.total)).toBeUndefined();
  });

  it("a HAR with another site's entries too, read for one site (--origin): its counts are not that site's", async () => {
    const har = JSON.parse(buildExport('har', busyLog(), EXPORT_META, { hideHost: false, hideAssetIds: false }).text) as DoctorHar;
    har.log.entries.push({ ...har.log.entries[0]!, request: { ...har.log.entries[0]!.request, url: 'https://other.example/api/users/me' } });
    const back = await readImportText(JSON.stringify(har), { origin: ORIGIN });
    if (!back.ok) throw new Error(back.message);
    expect(back.log.total).toBe(70);
    expect(back.counted).toBeUndefined();
  });

  it("a browser's own HAR has no counts of Immich Doctor's", async () => {
    const text = JSON.stringify({ log: { version: '1.2', entries: [{ startedDateTime: '2026-11-25T12:00:00.000Z', request: { method: 'GET', url: `${ORIGIN}/api/server/ping` }, response: { status: 200, headers: [] } }] } });
    const back = await readImportText(text);
    expect(back.ok && back.counted).toBeUndefined();
  });
});
