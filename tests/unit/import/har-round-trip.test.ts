import { describe, expect, it } from 'vitest';
import type { RawRequest } from '../../../utils/classify/classify-request';
import { diagnose } from '../../../utils/diagnose/diagnose';
import { buildExport } from '../../../utils/export/export-file';
import { diagnoseImport } from '../../../utils/import/diagnose-import';
import { readImportText } from '../../../utils/import/read-import';
import { logOf } from '../../fixtures/responses';
import { EXPORT_META } from '../../fixtures/two-causes';

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
