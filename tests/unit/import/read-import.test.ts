import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../utils/diagnose/diagnose';
import { buildExport } from '../../../utils/export/export-file';
import { diagnoseImport } from '../../../utils/import/diagnose-import';
import { harEntryRequest } from '../../../utils/import/har-entry';
import { readImport, readImportText } from '../../../utils/import/read-import';
import { EXPORT_META, twoCauses } from '../../fixtures/two-causes';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../../fixtures/har', name));

async function diagnoseFile(name: string, origin?: string) {
  const result = await readImportText(fixture(name), { origin });
  if (!result.ok) throw new Error(result.message);
  return { result, report: diagnose(result.log) };
}

describe('reading real HAR shapes', () => {
  it('Chrome DevTools: _resourceType, _error for failures, third-party entries left out', async () => {
    const { result, report } = await diagnoseFile('chrome-thumbnails-500.har');
    expect(result).toMatchObject({ format: 'har', origin: 'https://photos.example.com', entries: 12, skipped: 0 });
    expect(result.origins).toEqual(['https://photos.example.com', 'https://tiles.immich.cloud']);
    expect(result.log.counters.thumbnail).toEqual({ 'http-500': { immich: 8 }, aborted: { unknown: 1 } });
    expect(report.diagnoses[0]).toMatchObject({ cause: 'media-file-unreadable', scope: 'thumbnails', responder: 'immich' });
  });

  it('Firefox: status 0 without an error text is a failure with no known reason', async () => {
    const { result, report } = await diagnoseFile('firefox-unreachable.har');
    expect(result.log.counters.thumbnail).toEqual({ 'net-unknown': { unknown: 5 } });
    expect(result.log.counters.api).toEqual({ 'net-unknown': { unknown: 1 } });
    expect(report.diagnoses[0]).toMatchObject({ cause: 'network-unreachable', responder: 'unknown' });
    expect(report.diagnoses[0]!.confidence).toBeLessThan(0.5);
  });

  it('Playwright: status -1 with _failureText', async () => {
    const { result, report } = await diagnoseFile('playwright-upload-413.har');
    expect(result.log.counters.upload).toEqual({ 'http-413': { nginx: 2 }, 'net-connection-refused': { unknown: 1 } });
    expect(result.log.counters.websocket).toEqual({ 'net-connection-refused': { unknown: 1 } });
    expect(report.diagnoses.map((d) => [d.cause, d.responder])).toEqual(expect.arrayContaining([['proxy-body-too-large', 'nginx'], ['connection-refused', 'unknown']]));
  });

  it('--origin picks another origin of the file', async () => {
    const { result, report } = await diagnoseFile('chrome-thumbnails-500.har', 'https://tiles.immich.cloud');
    expect(result.log.total).toBe(1);
    expect(report.healthy).toBe(true);
  });

  it('never keeps the cookies or headers of the requests it reads', async () => {
    const { result } = await diagnoseFile('chrome-thumbnails-500.har');
    expect(JSON.stringify(result.log)).not.toContain('SECRETTOKEN');
  });

  it('reads a file in many small chunks as well as whole', async () => {
    const bytes = fixture('chrome-thumbnails-500.har');
    const chunks = async function* () {
      for (let offset = 0; offset < bytes.length; offset += 97) yield bytes.subarray(offset, offset + 97);
    };
    const streamed = await readImport(chunks());
    const whole = await readImportText(bytes);
    if (!streamed.ok || !whole.ok) throw new Error(`both reads should succeed: ${JSON.stringify([streamed, whole].map((r) => r.ok || r.message))}`);
    expect(streamed).toMatchObject({ format: 'har', origin: 'https://photos.example.com', entries: 12, skipped: 0 });
    expect(streamed.log.total).toBe(11);
    expect(streamed.log.counters).toEqual(whole.log.counters);
    expect(streamed.log.failures).toEqual(whole.log.failures);
  });
});

describe('harEntryRequest: one entry, each writer', () => {
  it.each([
    ['Chrome network failure', { request: { url: 'https://a/x', method: 'GET' }, response: { status: 0, _error: 'net::ERR_NAME_NOT_RESOLVED' } }, { statusCode: undefined, error: 'net::ERR_NAME_NOT_RESOLVED' }],
    ["Chrome error status with ERR_HTTP_RESPONSE_CODE_FAILURE", { request: { url: 'https://a/x' }, response: { status: 502, _error: 'net::ERR_HTTP_RESPONSE_CODE_FAILURE' } }, { statusCode: 502, error: 'net::ERR_HTTP_RESPONSE_CODE_FAILURE' }],
    ['Playwright failure', { request: { url: 'https://a/x' }, response: { status: -1, _failureText: 'net::ERR_CONNECTION_REFUSED' } }, { statusCode: undefined, error: 'net::ERR_CONNECTION_REFUSED' }],
    ['Firefox failure', { request: { url: 'https://a/x' }, response: { status: 0 } }, { statusCode: undefined, error: 'unknown error' }],
    ['a redirect', { request: { url: 'https://a/api/x' }, response: { status: 302, redirectURL: 'https://sso/login' } }, { statusCode: 302, redirectUrl: 'https://sso/login' }],
    ['a websocket by URL (Firefox)', { request: { url: 'wss://a/api/socket.io/?EIO=4' }, response: { status: 101 } }, { type: 'websocket' }],
    ['a document (Chrome)', { request: { url: 'https://a/photos' }, response: { status: 200 }, _resourceType: 'document' }, { type: 'main_frame' }],
    ['a date', { startedDateTime: '2026-11-25T12:00:00.000+01:00', request: { url: 'https://a/x' }, response: { status: 200 } }, { timeStamp: Date.UTC(2026, 10, 25, 11) }],
  ])('%s', (_name, entry, expected) => {
    expect(harEntryRequest(entry)).toMatchObject(expected);
  });

  it.each([[null], [{}], [{ request: {} }], [{ request: { url: 5 } }], ['entry']])('an entry without a URL is skipped: %j', (entry) => {
    expect(harEntryRequest(entry)).toBeUndefined();
  });

  it.each([
    ['no response at all', { request: { url: 'https://photos.example.com/api/users/me' } }],
    ['a status written as text', { request: { url: 'https://photos.example.com/api/users/me' }, response: { status: '500' } }],
    ['a negative status other than -1', { request: { url: 'https://photos.example.com/api/users/me' }, response: { status: -5 } }],
    ['a status no server sends', { request: { url: 'https://photos.example.com/api/users/me' }, response: { status: 999 } }],
    ['a fractional status', { request: { url: 'https://photos.example.com/api/users/me' }, response: { status: 200.5 } }],
    ['an address no browser would request (a port above 65535)', { request: { url: 'https://photos.example.com:99999/api/users/me' }, response: { status: 500 } }],
  ])('an entry with %s is skipped and counted, not taken for a network failure', async (_name, entry) => {
    expect(harEntryRequest(entry)).toBeUndefined();
    const har = { log: { version: '1.2', entries: [entry, { request: { url: 'https://photos.example.com/api/server/ping' }, response: { status: 200, headers: [] } }] } };
    const result = await readImportText(JSON.stringify(har));
    expect(result).toMatchObject({ ok: true, skipped: 1, log: { total: 1, failed: 0 } });
  });
});

describe('a HAR entry’s address is read as a browser reports it', () => {
  // Browsers percent-encode these before reporting; a hand-made HAR may not. Raw, U+202E would show the
  // rest of the path reversed wherever it is displayed.
  it.each([
    ['a right-to-left override in the path', 'https://photos.example.com/api/\u202egpj.exe', '/api/%E2%80%AEgpj.exe'],
    ['other non-ASCII in the path', 'https://photos.example.com/photos/été', '/photos/%C3%A9t%C3%A9'],
    ['a control character in the path', 'https://photos.example.com/a\u0007b', '/a%07b'],
    ['one in the query', 'https://photos.example.com/api/search?q=\u202e', '/api/search?q=%E2%80%AE'],
    ['a quote in the query, which browsers encode', "https://photos.example.com/api/search?q='x'", '/api/search?q=%27x%27'],
    ['printable ASCII stays as written', 'https://photos.example.com/api/users/me', '/api/users/me'],
  ])('%s', async (_name, url, path) => {
    const har = { log: { version: '1.2', entries: [{ request: { url }, response: { status: 500, headers: [] } }] } };
    const result = await readImportText(JSON.stringify(har));
    if (!result.ok) throw new Error(result.message);
    expect(result.log.failures.map((record) => record.path)).toEqual([path]);
  });
});

describe('a HAR entry’s text is kept as it can be shown', () => {
  it('its Server header and error: controls and bidirectional controls written out (utils/visible-text.ts)', async () => {
    const har = {
      log: {
        version: '1.2',
        entries: [
          { request: { method: 'GET', url: 'https://photos.example.com/api/assets/x/thumbnail' }, response: { status: 502, headers: [{ name: 'Server', value: 'nginx/\u202e1.22.1' }] } },
          { request: { method: 'GET', url: 'https://photos.example.com/api/users/me' }, response: { status: 0, headers: [], _error: 'net::ERR_FAILED\u001b]0;x\u0007' } },
        ],
      },
    };
    const result = await readImportText(JSON.stringify(har));
    if (!result.ok) throw new Error(result.message);
    expect(result.log.failures.map(({ server, errorText }) => ({ server, errorText }))).toEqual([
      { server: 'nginx/\\u202e1.22.1', errorText: undefined },
      { server: undefined, errorText: 'net::ERR_FAILED\\x1b]0;x\\x07' },
    ]);
  });
});

describe('broken input gets a clear message', () => {
  it.each([
    ['truncated HAR', fixture('chrome-thumbnails-500.har').subarray(0, 3000), /ends early: it stops after 3,000 bytes and \d+ entries/],
    ['not JSON', 'PK\u0003\u0004 this is a zip', /not valid JSON/],
    ['JSON but neither', '{"hello":"world"}', /neither a HAR file/],
    ['a gzip-compressed HAR', gzipSync('{"log":{"version":"1.2","entries":[]}}'), /gzip-compressed: decompress it first/],
    ['a HAR saved as UTF-16 with its mark', Buffer.from('\ufeff{"log":{}}', 'utf16le'), /UTF-16: save it as UTF-8/],
    ['a HAR saved as UTF-16 without a mark', Buffer.from('{"log":{}}', 'utf16le'), /UTF-16: save it as UTF-8/],
    ['a JSON array', '[1,2,3]', /neither a HAR file/],
    ['an empty HAR', '{"log":{"version":"1.2","entries":[]}}', /no web request/],
    ['HAR entries without URLs: counted, not "no request"', '{"log":{"version":"1.2","entries":[{},{"request":{}}]}}', /^The HAR file has 2 entries, each without a usable URL or status\.$/],
    ['HAR entries whose status is no number', '{"log":{"version":"1.2","entries":[{"request":{"method":"GET","url":"https://a.example/x"},"response":{"status":"500"}}]}}', /^The HAR file has 1 entry, without a usable URL or status\.$/],
    ['an empty file', '', /^The file is empty \(0 bytes\), or is a folder: export the HAR or the log again\.$/],
    ['a log of a future version', '{"format":"immich-doctor-log","version":9,"origin":"https://a"}', /format version 9/],
    ['a log without counters', '{"format":"immich-doctor-log","version":1,"counters":[{"kind":1}]}', /damaged/],
  ])('%s', async (_name, input, message) => {
    const result = await readImportText(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('an origin with no request in the file', async () => {
    const result = await readImportText(fixture('chrome-thumbnails-500.har'), { origin: 'https://nowhere.example' });
    expect(result).toEqual({ ok: false, message: 'The HAR file has no request to https://nowhere.example.' });
  });
});

describe('an exported log from an older version is judged by today’s meaning of failed', () => {
  it("a page's redirect to a login portal, which version 1 counted as failed, is not a failure any more", async () => {
    const file = {
      format: 'immich-doctor-log',
      version: 1,
      origin: 'https://photos.example.com',
      span: { from: '2026-11-25T12:00:00.000Z', to: '2026-11-25T12:05:00.000Z' },
      totals: { requests: 3, failures: 2, droppedFailureRecords: 0 },
      counters: [
        { kind: 'thumbnail', outcome: 'http-500', responder: 'immich', count: 1 },
        { kind: 'page', outcome: 'redirect-away', responder: 'nginx', count: 1 },
        { kind: 'thumbnail', outcome: 'ok', responder: 'immich', count: 1 },
      ],
      failures: [
        { time: 1, origin: 'https://photos.example.com', method: 'GET', path: '/photos', kind: 'page', sharedLink: false, outcome: 'redirect-away', failure: true, responder: 'nginx', insecure: false },
        { time: 2, origin: 'https://photos.example.com', method: 'GET', path: '/api/assets/x/thumbnail', kind: 'thumbnail', sharedLink: false, outcome: 'http-500', failure: true, responder: 'immich', insecure: false },
      ],
    };
    const result = await readImportText(JSON.stringify(file));
    if (!result.ok) throw new Error(result.message);
    expect(result.log).toMatchObject({ total: 3, failed: 1, dropped: 0 });
    expect(result.log.failures.map((record) => record.kind)).toEqual(['thumbnail']);
    expect(diagnose(result.log).failures).toBe(1);
  });
});

describe('an exported log cannot write into Object.prototype', () => {
  it.each([
    ['a kind named __proto__', { kind: '__proto__', outcome: 'polluted', responder: 'immich', count: 1 }],
    ['a kind named constructor', { kind: 'constructor', outcome: 'http-500', responder: 'immich', count: 1 }],
    ['an outcome named __proto__', { kind: 'thumbnail', outcome: '__proto__', responder: 'immich', count: 1 }],
    ['a responder named __proto__', { kind: 'thumbnail', outcome: 'http-500', responder: '__proto__', count: 1 }],
  ])('%s: refused with a clear message, nothing polluted', async (_name, cell) => {
    const file = { format: 'immich-doctor-log', version: 1, origin: 'https://photos.example.com', counters: [cell], failures: [] };
    const result = await readImportText(JSON.stringify(file));
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('unknown kind, outcome or responder') });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});

describe('an exported log whose counters add up past exact counting', () => {
  const cell = (count: number, outcome = 'http-500') => ({ kind: 'thumbnail', outcome, responder: 'immich', count });
  it.each([
    ['one cell at the largest safe integer and another', [cell(Number.MAX_SAFE_INTEGER), cell(1, 'ok')]],
    ['the same cell twice, each half of it and more', [cell(2 ** 52), cell(2 ** 52)]],
  ])('%s: refused with a clear message (found by npm run fuzz)', async (_name, counters) => {
    const file = { format: 'immich-doctor-log', version: 1, origin: 'https://photos.example.com', counters, failures: [] };
    expect(await readImportText(JSON.stringify(file))).toMatchObject({ ok: false, message: expect.stringContaining('more than can be counted exactly') });
  });

  it('the largest safe total is still read, exactly', async () => {
    const counters = [cell(Number.MAX_SAFE_INTEGER - 1), cell(1, 'ok')];
    const result = await readImportText(JSON.stringify({ format: 'immich-doctor-log', version: 1, origin: 'https://photos.example.com', counters, failures: [] }));
    if (!result.ok) throw new Error(result.message);
    expect(result.log).toMatchObject({ total: Number.MAX_SAFE_INTEGER, failed: Number.MAX_SAFE_INTEGER - 1 });
  });
});

describe('an exported log whose counters name outcomes no log holds', () => {
  const file = (outcomes: string[]) => JSON.stringify({ format: 'immich-doctor-log', version: 1, origin: 'https://photos.example.com', counters: outcomes.map((outcome) => ({ kind: 'api', outcome, responder: 'immich', count: 1 })), failures: [] });
  /** `net-a`, `net-b`, …, `net-bmm`: a distinct invented word for each index (its base-26 digits as letters). */
  const word = (index: number) => `net-${[...index.toString(26)].map((digit) => String.fromCharCode(97 + parseInt(digit, 26))).join('')}`;

  it('a newer version’s network error is read, as its own word', async () => {
    const result = await readImportText(file(['net-quantum-tunnel-collapsed']));
    expect(result).toMatchObject({ ok: true, log: { counters: { api: { 'net-quantum-tunnel-collapsed': { immich: 1 } } } } });
  });

  it.each([
    ['an outcome longer than any', ['net-' + 'a'.repeat(41)], /unknown kind, outcome or responder/],
    ['more outcomes than any log names (each invented word grew the counters)', Array.from({ length: 1001 }, (_unused, index) => word(index)), /more than 1,000 outcomes/],
  ])('%s: refused with a clear message', async (_name, outcomes, message) => {
    expect(new Set(outcomes).size).toBe(outcomes.length);
    expect(await readImportText(file(outcomes))).toMatchObject({ ok: false, message: expect.stringMatching(message) });
  });
});

describe('an exported log must name a web origin', () => {
  it.each([
    ['a javascript: address', 'javascript:alert(1)'],
    ['escape sequences that would set the terminal title', '\u001b]0;pwned\u0007\u001b[2J'],
    ['no origin', 42],
  ])('%s is refused with a clear message', async (_name, origin) => {
    const file = { format: 'immich-doctor-log', version: 1, origin, counters: [], failures: [] };
    expect(await readImportText(JSON.stringify(file))).toMatchObject({ ok: false, message: expect.stringContaining('not an http(s) site address') });
  });

  const recordFile = (fields: Record<string, unknown>) => {
    const record = { time: 1, origin: 'https://photos.example.com', method: 'GET', path: '/api/assets/x/thumbnail', kind: 'thumbnail', sharedLink: false, outcome: 'http-500', failure: true, responder: 'immich', insecure: false, ...fields };
    return JSON.stringify({ format: 'immich-doctor-log', version: 1, origin: 'https://photos.example.com', counters: [{ kind: 'thumbnail', outcome: 'http-500', responder: 'immich', count: 1 }], failures: [record] });
  };

  it('a record whose insecure flag is not a boolean is not a record', async () => {
    const result = await readImportText(recordFile({ insecure: 'yes' }));
    if (!result.ok) throw new Error(result.message);
    expect(result.log.failures).toEqual([]);
    expect(diagnose(result.log).diagnoses.map((d) => d.cause)).not.toContain('mixed-content');
  });

  it.each([
    ["a shared link's page", '/share/PLANTED-KEY', '/share/REDACTED'],
    ["a gateway's return address (an older version kept it)", '/oauth2/sign_in?rd=https://photos.example.com/s/PLANTED-KEY', '/oauth2/sign_in?rd=https%3A%2F%2Fphotos.example.com%2Fs%2FREDACTED'],
  ])("a record's credentials are redacted as it is read: %s", async (_name, path, redacted) => {
    const result = await readImportText(recordFile({ path }));
    if (!result.ok) throw new Error(result.message);
    expect(result.log.failures.map((record) => record.path)).toEqual([redacted]);
  });

  it.each([
    ['a path as the extension writes it (percent-encoded) is kept', '/api/%E2%80%AEgpj.exe', 1],
    // Raw, a right-to-left override would show the rest of the path reversed wherever it is displayed.
    ['a raw right-to-left override makes it no record', '/api/\u202egpj.exe', 0],
    ['a raw space makes it no record', '/api/a b', 0],
  ])('a record’s path: %s; the counts stay exact', async (_name, path, kept) => {
    const result = await readImportText(recordFile({ path }));
    if (!result.ok) throw new Error(result.message);
    expect(result.log.failures.map((record) => record.path)).toEqual(kept ? [path] : []);
    expect(result.log.failed).toBe(1);
  });

  it.each([
    ['a Server header that is text is kept', 'nginx/1.22.1', 1],
    ['one that is not text makes it no record', 1.22, 0],
    // The extension writes these out (utils/visible-text.ts): raw, the file was not written by it.
    ['one with a raw right-to-left override makes it no record', 'nginx \u202e1.22.1', 0],
    ['one with it written out is kept', 'nginx \\u202e1.22.1', 1],
  ])('%s; the counts stay exact', async (_name, server, kept) => {
    const result = await readImportText(recordFile({ server }));
    if (!result.ok) throw new Error(result.message);
    expect(result.log.failures.map((record) => record.server)).toEqual(kept ? [server] : []);
    expect(result.log.failed).toBe(1);
  });

  it.each([
    ['method', 'GET\u202e'],
    ['errorText', 'net::ERR_FAILED\u001b[2J'],
    ['contentType', 'image/\u2067webp'],
    ['method', 5],
    ['errorText', 'x'.repeat(121)],
  ])("a record whose %s is %j is no record; the counts stay exact", async (field, value) => {
    const result = await readImportText(recordFile({ [field]: value }));
    if (!result.ok) throw new Error(result.message);
    expect(result.log.failures).toEqual([]);
    expect(result.log.failed).toBe(1);
  });
});

describe("an exported log's Immich version: the steps follow it, as the popup's did", () => {
  const exported = (immichVersion: string | undefined) => buildExport('json', twoCauses(), { ...EXPORT_META, immichVersion }, { hideHost: false, hideAssetIds: false }).text;
  const containerFolder = async (text: string) => {
    const result = await readImportText(text);
    if (!result.ok) throw new Error(result.message);
    return diagnoseImport(result).diagnoses[0]!.checks.find((check) => check.title === 'Check the same folder inside the container')?.command;
  };

  it.each<[string, string | undefined, string]>([
    ['v1.125.0: the media folder before v1.137', 'v1.125.0', 'docker compose exec immich-server ls -lah /usr/src/app/upload'],
    ['v2.7.5', 'v2.7.5', 'docker compose exec immich-server ls -lah /data'],
    ['none written: the current form', undefined, 'docker compose exec immich-server ls -lah /data'],
  ])('%s', async (_, version, command) => {
    expect(await containerFolder(exported(version))).toBe(command);
  });

  it.each<[string, unknown, string | undefined]>([
    ['a version', 'v1.125.0', 'v1.125.0'],
    ['not a version', 'release', undefined],
    ['too long', `v1.125.0${'9'.repeat(40)}`, undefined],
    ['not a string', 1125, undefined],
  ])('%s: %j read as %s', async (_, version, read) => {
    const text = exported(undefined).replace('"extension"', `"immichVersion": ${JSON.stringify(version)},\n  "extension"`);
    expect(text).toContain('"immichVersion"');
    const result = await readImportText(text);
    if (!result.ok) throw new Error(result.message);
    expect(result.immichVersion).toBe(read);
  });
});
