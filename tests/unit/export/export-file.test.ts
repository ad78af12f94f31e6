import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../utils/diagnose/diagnose';
import { buildExport } from '../../../utils/export/export-file';
import type { ExportFormat } from '../../../utils/export/export-format';
import type { ExportMeta } from '../../../utils/export/export-meta';
import { createRedactor, pseudonymousId } from '../../../utils/export/redaction';
import { readImportText } from '../../../utils/import/read-import';
import { answers, ASSET, assetId, logOf, ORIGIN, request, times } from '../../fixtures/responses';
import { logFormatErrors } from '../../fixtures/log-format';
import { visibleLines } from '../../../utils/visible-text';

const META: ExportMeta = { extensionVersion: '0.1.0', browser: 'Mozilla/5.0 Chrome/156', immichVersion: 'v2.7.5', exportedAt: Date.UTC(2026, 10, 25, 22, 44, 55) };
const NONE = { hideHost: false, hideAssetIds: false };
const ALL = { hideHost: true, hideAssetIds: true };

/** Logs whose top diagnosis a HAR or JSON export must preserve. */
const LOGS = {
  'thumbnails 500 from Immich': () => logOf([...times(20, (i) => request('thumbnail', answers.missingFile, assetId(i))), request('original', answers.originalOk)]),
  'uploads 413 from nginx': () => logOf([request('usersMe', answers.jsonOk), ...times(3, () => request('upload', answers.nginx(413)))]),
  'Caddy 502': () => logOf(times(5, (i) => request('thumbnail', answers.caddy(502), assetId(i)))),
  'connection refused': () => logOf(times(4, () => request('usersMe', answers.network('net::ERR_CONNECTION_REFUSED')))),
  'SSO redirect': () => logOf(times(3, () => request('usersMe', answers.redirectTo('https://auth.example.org/login')))),
  'Cloudflare 524': () => logOf(times(2, () => request('video', answers.cloudflare(524)))),
  'Traefik 502': () => logOf(times(3, () => request('usersMe', answers.traefik(502)))),
};

describe('hiding the host hides it in what the answers said too', () => {
  it.each<ExportFormat>(['json', 'har', 'markdown', 'forum-post'])('%s: a proxy whose Server header is the host name', (format) => {
    const log = logOf(times(3, (i) => request('thumbnail', { statusCode: 502, responseHeaders: [{ name: 'Server', value: 'photos.example.com' }] }, assetId(i))));
    expect(JSON.stringify(log)).toContain('photos.example.com');
    const text = buildExport(format, log, META, { hideHost: true, hideAssetIds: false }).text;
    expect(text).not.toContain('photos.example.com');
  });
});

describe('JSON log export', () => {
  it.each(Object.entries(LOGS))('%s: valid against docs/log-format.schema.json, and reads back with the same diagnosis', async (_name, make) => {
    const log = make();
    const file = buildExport('json', log, META, NONE);
    const parsed = JSON.parse(file.text);
    expect(logFormatErrors(parsed)).toEqual([]);
    const back = await readImportText(file.text);
    if (!back.ok) throw new Error(back.message);
    expect(back.format).toBe('log');
    expect(back.log.total).toBe(log.total);
    expect(back.log.counters).toEqual(log.counters);
    expect(back.log.failed).toBe(log.failed);
    expect(back.log.failures).toHaveLength(log.failures.length);
    expect(diagnose(back.log).diagnoses.map((d) => [d.cause, d.responder])).toEqual(diagnose(log).diagnoses.map((d) => [d.cause, d.responder]));
  });
});

describe('HAR export', () => {
  it.each(Object.entries(LOGS))('%s: HAR 1.2 that reads back with the same top diagnosis and responder', async (_name, make) => {
    const log = make();
    const file = buildExport('har', log, META, ALL);
    const har = JSON.parse(file.text);
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries.length).toBeGreaterThan(0);
    for (const entry of har.log.entries) {
      expect(entry).toMatchObject({ request: { headers: [], cookies: [] }, response: { cookies: [] } });
      expect(typeof entry.startedDateTime).toBe('string');
    }
    const back = await readImportText(file.text);
    if (!back.ok) throw new Error(back.message);
    const [top] = diagnose(back.log).diagnoses;
    const [expected] = diagnose(log).diagnoses;
    expect([top?.cause, top?.responder, top?.scope]).toEqual([expected?.cause, expected?.responder, expected?.scope]);
  });
});

describe("the answers' Server header in the exports", () => {
  const behindNginx = () => logOf([request('usersMe', answers.jsonOk), ...times(3, () => request('upload', answers.nginx(413)))]);

  it('HAR: each entry carries it as received, and a HAR read back keeps it', async () => {
    const har = JSON.parse(buildExport('har', behindNginx(), META, NONE).text);
    const failed = har.log.entries.filter((entry: { response: { status: number } }) => entry.response.status === 413);
    expect(failed.map((entry: { response: { headers: Array<{ name: string; value: string }> } }) => entry.response.headers.find((header) => header.name === 'server')?.value)).toEqual(['nginx/1.22.1', 'nginx/1.22.1', 'nginx/1.22.1']);
    const back = await readImportText(JSON.stringify(har));
    if (!back.ok) throw new Error(back.message);
    expect(back.log.failures.map((record) => record.server)).toEqual(['nginx/1.22.1', 'nginx/1.22.1', 'nginx/1.22.1']);
  });

  it('JSON: each record keeps it, and reads back with it', async () => {
    const back = await readImportText(buildExport('json', behindNginx(), META, NONE).text);
    if (!back.ok) throw new Error(back.message);
    expect(back.log.failures.map((record) => record.server)).toEqual(['nginx/1.22.1', 'nginx/1.22.1', 'nginx/1.22.1']);
  });
});

describe('text from traffic in every export: written out, never applied (utils/visible-text.ts)', () => {
  const hostile = () =>
    logOf([
      { url: `${ORIGIN}/api/search?q=%E2%80%AE&size=preview&flag`, method: 'GET', type: 'xmlhttprequest', statusCode: 502, responseHeaders: [{ name: 'server', value: 'nginx/\u202e1.22.1' }], timeStamp: Date.UTC(2026, 10, 25) },
      { url: `${ORIGIN}/api/users/me`, method: 'GET', type: 'xmlhttprequest', error: 'net::ERR_FAILED\u001b]0;x\u0007\u2066', timeStamp: Date.UTC(2026, 10, 25) },
    ]);

  it.each(['json', 'har', 'markdown'] as ExportFormat[])('%s: no control or bidirectional character in the file', (format) => {
    const { text } = buildExport(format, hostile(), META, NONE);
    expect(visibleLines(text)).toBe(text);
  });

  it("HAR: the query's parameters as the address writes them, percent-encoded, as Chrome's export does", () => {
    const har = JSON.parse(buildExport('har', hostile(), META, NONE).text);
    const search = har.log.entries.find((entry: { request: { url: string } }) => entry.request.url.includes('/api/search'));
    expect(search.request.queryString).toEqual([
      { name: 'q', value: '%E2%80%AE' },
      { name: 'size', value: 'preview' },
      { name: 'flag', value: '' },
    ]);
  });
});

describe('Markdown report', () => {
  it('has the summary, the diagnosis with evidence and checks, the table and the Immich version', () => {
    const text = buildExport('markdown', LOGS['thumbnails 500 from Immich'](), META, NONE).text;
    expect(text).toContain('## Immich Doctor report for https://photos.example.com');
    expect(text).toContain('- Immich: v2.7.5');
    expect(text).toContain('### 1. Media files are missing or unreadable on disk');
    expect(text).toContain('`media-file-unreadable`');
    expect(text).toContain('- ✗ 20 thumbnails failed with 500 from Immich');
    expect(text).toContain('- ✓ originals load fine: 1/1');
    expect(text).toContain('docker compose ps -a');
    expect(text).toContain('| Thumbnails | 0 | 20 | 500 ×20 |');
  });

  it('says so when nothing failed; a log with no request yet says that, as the popup does', () => {
    expect(buildExport('markdown', logOf([request('thumbnail', answers.thumbnailOk)]), META, NONE).text).toContain('**No failures.**');
    const empty = buildExport('markdown', logOf([]), META, NONE).text;
    expect(empty).toContain('**No requests from this site yet.**');
    expect(empty).not.toContain('No failures');
  });
});

describe('redaction', () => {
  const secrets = ['s3cr3t-share-key', 'my-trip-slug', 'API-KEY-123', 'SESSION-456', 'tok-789'];
  const planted = () =>
    logOf([
      { ...request('thumbnail', answers.missingFile), url: `${ORIGIN}/api/assets/${ASSET}/thumbnail?key=${secrets[0]}&size=thumbnail` },
      { ...request('original', answers.missingOriginal), url: `${ORIGIN}/api/assets/${ASSET}/original?slug=${secrets[1]}` },
      { ...request('usersMe', answers.unauthorised), url: `${ORIGIN}/api/users/me?apiKey=${secrets[2]}&sessionKey=${secrets[3]}&token=${secrets[4]}` },
    ]);

  it.each(['json', 'har', 'markdown'] as ExportFormat[])('%s: no credential reaches the file', (format) => {
    const text = buildExport(format, planted(), META, NONE).text;
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).toContain('REDACTED');
  });

  it.each(['json', 'har', 'markdown'] as ExportFormat[])('%s: host and asset ids hidden on request', (format) => {
    const file = buildExport(format, planted(), META, ALL);
    expect(file.text).not.toContain('photos.example.com');
    expect(file.text).not.toContain(ASSET);
    expect(file.text).toContain('immich.example');
    expect(file.filename).toBe(`immich-doctor-immich.example-20261125-224455.${format === 'markdown' ? 'md' : format}`);
  });

  it('hides the other hosts a redirect pointed to (an SSO portal may name the same domain)', () => {
    const sso = logOf(times(2, () => request('usersMe', answers.redirectTo('https://auth.photos.example.com/login'))));
    for (const format of ['json', 'har', 'markdown'] as ExportFormat[]) expect(buildExport(format, sso, META, ALL).text).not.toContain('example.com');
  });

  it('names files after the host and the time', () => {
    expect(buildExport('har', planted(), META, NONE).filename).toBe('immich-doctor-photos.example.com-20261125-224455.har');
  });

  it('pseudonyms are stable, distinct and still UUIDs', () => {
    expect(pseudonymousId(ASSET)).toBe(pseudonymousId(ASSET.toUpperCase()));
    expect(pseudonymousId(ASSET)).not.toBe(pseudonymousId(assetId(1)));
    expect(pseudonymousId(ASSET)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('redacts a credential that an older log kept in a path', () => {
    expect(createRedactor(ORIGIN, NONE).path('/api/assets/x/thumbnail?key=leaked&size=preview')).toBe('/api/assets/x/thumbnail?key=REDACTED&size=preview');
  });
});
