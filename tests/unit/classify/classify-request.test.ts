import { describe, expect, it, vi } from 'vitest';
import { answers, ASSET, headers, ORIGIN, recordOf, request } from '../../fixtures/responses';

describe('recordOf: what was asked, what came back, who answered', () => {
  it('a thumbnail whose file is missing on disk', () => {
    const result = recordOf(request('thumbnail', answers.missingFile));
    expect(result).toMatchObject({
      ok: true,
      record: { origin: ORIGIN, kind: 'thumbnail', assetId: ASSET, outcome: 'http-500', failure: true, status: 500, responder: 'immich', contentType: 'image/webp' },
    });
  });

  it('a service-worker re-fetch (tabId -1) keeps its tab id for the record', () => {
    const result = recordOf({ ...request('original', answers.originalOk), tabId: -1, type: 'other' });
    expect(result).toMatchObject({ ok: true, record: { kind: 'original', tabId: -1, outcome: 'ok', size: 8722 } });
  });

  it('redacts credentials from the stored path but keeps the shape', () => {
    const result = recordOf({ url: `${ORIGIN}/api/assets/${ASSET}/thumbnail?key=s3cr3t&size=preview&apiKey=abc&sessionKey=zz&token=t&slug=my-trip` });
    if (!result.ok) throw new Error('expected a classification');
    expect(result.record.path).toBe(`/api/assets/${ASSET}/thumbnail?key=REDACTED&size=preview&apiKey=REDACTED&sessionKey=REDACTED&token=REDACTED&slug=REDACTED`);
    expect(JSON.stringify(result.record)).not.toMatch(/s3cr3t|my-trip/);
    expect(result.record.sharedLink).toBe(true);
  });

  it('normalises a wss:// socket to the http(s) origin it belongs to', () => {
    const result = recordOf({ url: 'wss://photos.example.com/api/socket.io/?EIO=4&transport=websocket', type: 'websocket', statusCode: 101 });
    expect(result).toMatchObject({ ok: true, record: { origin: ORIGIN, kind: 'websocket', outcome: 'ok' } });
  });

  it.each([
    ['an Immich answer forwarded by nginx: the proxy\'s Server header', { statusCode: 200, responseHeaders: headers.immichViaNginx() }, 'nginx/1.22.1'],
    ['Immich itself sends none', answers.missingFile, undefined],
    ['a long one is cut at 100 characters', { statusCode: 502, responseHeaders: [{ name: 'Server', value: `Apache/2.4.62 ${'x'.repeat(200)}` }] }, `Apache/2.4.62 ${'x'.repeat(86)}`],
  ])('keeps the Server header as sent: %s', (_name, answer, server) => {
    const result = recordOf(request('thumbnail', answer));
    if (!result.ok) throw new Error('expected a classification');
    expect(result.record.server).toBe(server);
  });

  it('marks http:// requests from an https:// page as insecure (mixed content)', () => {
    const result = recordOf({ url: 'http://photos.example.com/api/assets/x', initiator: ORIGIN, error: 'net::ERR_BLOCKED_BY_CLIENT' });
    expect(result).toMatchObject({ ok: true, record: { insecure: true } });
  });
});

describe('recordOf: bad input is reported, never thrown', () => {
  it.each([
    ['not a URL', { url: 'not a url' }, 'malformed-url'],
    ['empty URL', { url: '' }, 'malformed-url'],
    ['a number for a URL', { url: 42 as unknown as string }, 'malformed-url'],
    ['a data URL', { url: 'data:image/png;base64,AAAA' }, 'not-http'],
    ['an extension page', { url: 'chrome-extension://abc/popup.html' }, 'not-http'],
  ])('%s → %s', (_name, raw, reason) => {
    expect(recordOf(raw)).toEqual({ ok: false, reason });
  });

  it('tolerates missing fields, odd types and broken header lists', () => {
    const result = recordOf({
      url: `${ORIGIN}/api/users/me`,
      method: undefined,
      type: 7 as unknown as string,
      statusCode: 'x' as unknown as number,
      responseHeaders: [null, { name: 5 }, { name: 'x-immich-cid' }] as never,
      timeStamp: Number.NaN,
    });
    expect(result).toMatchObject({ ok: true, record: { method: 'GET', kind: 'api', outcome: 'net-unknown', responder: 'immich' } });
  });

  it('cuts very long paths', () => {
    const result = recordOf({ url: `${ORIGIN}/${'a'.repeat(100_000)}`, statusCode: 200 });
    expect(result.ok && result.record.path.length).toBe(1024);
  });

  // A record is kept up to thousands of times per site: none of its fields may grow with the input.
  it.each([
    ['the route', { url: `${ORIGIN}/api/${'a'.repeat(100_000)}`, statusCode: 500 }, 'route', 1024],
    ['the method', { url: `${ORIGIN}/api/users/me`, method: 'M'.repeat(100_000), statusCode: 500 }, 'method', 32],
    ['a redirect target beyond any DNS name', { url: `${ORIGIN}/api/users/me`, statusCode: 302, redirectUrl: `https://${'a'.repeat(300)}.example/` }, 'redirectHost', 0],
    ['the media type', { url: `${ORIGIN}/api/users/me`, statusCode: 500, responseHeaders: [{ name: 'content-type', value: `a/${'b'.repeat(100_000)}` }] }, 'contentType', 255],
    ["the browser's error", { url: `${ORIGIN}/api/users/me`, error: `net::ERR_${'X'.repeat(100_000)}` }, 'errorText', 120],
    ['a Server header', { url: `${ORIGIN}/api/users/me`, statusCode: 500, responseHeaders: [{ name: 'server', value: 'n'.repeat(100_000) }] }, 'server', 100],
  ])('cuts %s', (_name, raw, field, length) => {
    const result = recordOf(raw);
    if (!result.ok) throw new Error('expected a classification');
    expect(String(result.record[field as keyof typeof result.record] ?? '').length).toBe(length);
  });

  // A hostile proxy's header or a hand-made HAR's text, shown in the popup, a report or a terminal: its
  // control and bidirectional characters written out, never applied (utils/visible-text.ts).
  it.each([
    ['a right-to-left override in the Server header', { responseHeaders: [{ name: 'server', value: 'nginx \u202e3.52.1/' }] }, 'server', 'nginx \\u202e3.52.1/'],
    ['an escape sequence in the Server header', { responseHeaders: [{ name: 'server', value: 'Caddy\u001b]0;x\u0007' }] }, 'server', 'Caddy\\x1b]0;x\\x07'],
    ["an isolate in the browser's error", { statusCode: undefined, error: 'net::ERR_FAILED \u2066x\u2069' }, 'errorText', 'net::ERR_FAILED \\u2066x\\u2069'],
    ['a control in the media type', { responseHeaders: [{ name: 'content-type', value: 'text/ht\u0008ml; charset=utf-8' }] }, 'contentType', 'text/ht\\x08ml'],
    ["an invented method's override", { method: 'get\u202e' }, 'method', 'GET\\u202e'],
    // Cut at the field's limit before the escape, not inside it (`\u20` read as garbage).
    ['an override at the end of a Server header as long as a record keeps', { responseHeaders: [{ name: 'server', value: `${'n'.repeat(99)}\u202e` }] }, 'server', 'n'.repeat(99)],
  ])('writes out %s', (_name, fields, field, shown) => {
    const result = recordOf({ url: `${ORIGIN}/api/users/me`, statusCode: 500, ...fields });
    if (!result.ok) throw new Error('expected a classification');
    expect(result.record[field as keyof typeof result.record]).toBe(shown);
  });

  // Browsers report paths percent-encoded; a URL handed over otherwise still makes a record that is
  // (found by tests/unit/fuzz/classifier.test.ts: a raw NUL was kept).
  it.each([
    ['a NUL', `${ORIGIN}/\u0000`, '/%00'],
    ['a right-to-left override and a lone surrogate', `${ORIGIN}/api/\u202e\ud800?q=\u2066`, '/api/%E2%80%AE%EF%BF%BD?q=%E2%81%A6'],
  ])("percent-encodes %s in the record's path", (_name, url, path) => {
    const result = recordOf({ url, statusCode: 500 });
    expect(result.ok && result.record.path).toBe(path);
  });

  it('and in the route made from it', () => {
    const result = recordOf({ url: `${ORIGIN}/api/\u202ex`, statusCode: 500 });
    expect(result.ok && result.record.route).toBe('%E2%80%AEx');
  });

  it('refuses a host longer than any DNS name (RFC 1035 §2.3.4: 253 characters)', () => {
    expect(recordOf({ url: `https://${'a'.repeat(254)}/api/users/me` })).toEqual({ ok: false, reason: 'malformed-url' });
    expect(recordOf({ url: `https://${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}:65535/api/users/me` })).toMatchObject({ ok: true });
  });

  // A stored or exported record's time must be one a Date can hold (new Date(time).toISOString() must
  // not throw) and one the stored log accepts (not before 1970): anything else is taken as unknown, now.
  it.each([
    ['past what a Date holds', 8.64e15 + 1],
    ['far past it', 1e300],
    ['before 1970', -1],
    ['the earliest Date', -8.64e15],
  ])('a time stamp %s becomes the time it was read', (_name, timeStamp) => {
    const NOW = 1_700_000_000_000;
    vi.spyOn(Date, 'now').mockReturnValueOnce(NOW);
    const result = recordOf({ url: `${ORIGIN}/api/users/me`, statusCode: 500, timeStamp });
    expect(result.ok && result.record.time).toBe(NOW);
  });

  it.each([0, 8.64e15, 1_700_000_000_000.4])('keeps a time stamp a Date can hold: %d', (timeStamp) => {
    const result = recordOf({ url: `${ORIGIN}/api/users/me`, statusCode: 500, timeStamp });
    expect(result.ok && result.record.time).toBe(Math.round(timeStamp));
  });

  it('keeps an unknown status as its own outcome', () => {
    expect(recordOf({ url: `${ORIGIN}/api/users/me`, statusCode: 299 })).toMatchObject({ ok: true, record: { outcome: 'ok' } });
    expect(recordOf({ url: `${ORIGIN}/api/users/me`, statusCode: 460 })).toMatchObject({ ok: true, record: { outcome: 'http-460', failure: true } });
  });
});

describe('recordOf: URLs the browser did not canonicalise', () => {
  it.each([
    ['upper-case host', 'HTTPS://Photos.Example.COM/api/users/me', 'https://photos.example.com', '/api/users/me'],
    ['default port', 'https://photos.example.com:443/api/users/me', 'https://photos.example.com', '/api/users/me'],
    ['user info', 'https://user:pass@photos.example.com/api/users/me', 'https://photos.example.com', '/api/users/me'],
    ['fragment', 'https://photos.example.com/photos#x', 'https://photos.example.com', '/photos'],
    ['IPv6 with a port', 'http://[::1]:2283/api/users/me', 'http://[::1]:2283', '/api/users/me'],
    ['no path', 'https://photos.example.com', 'https://photos.example.com', '/'],
    // The URL parser resolves these; a path kept as written would hide a shared link's key from redaction.
    ['a dot segment', 'https://photos.example.com/./share/PLANTED-KEY', 'https://photos.example.com', '/share/REDACTED'],
    ['a double-dot segment', 'https://photos.example.com/x/../share/PLANTED-KEY', 'https://photos.example.com', '/share/REDACTED'],
    ['percent-encoded dot segments', 'https://photos.example.com/a/%2E%2e/s/PLANTED-KEY', 'https://photos.example.com', '/s/REDACTED'],
    ['a dot segment at the end', `https://photos.example.com/api/assets/${ASSET}/thumbnail/..?size=preview`, 'https://photos.example.com', `/api/assets/${ASSET}/?size=preview`],
    ['backslashes', 'https://photos.example.com\\share\\PLANTED-KEY', 'https://photos.example.com', '/share/REDACTED'],
    ['a backslash after the host', 'https://photos.example.com/share\\PLANTED-KEY', 'https://photos.example.com', '/share/REDACTED'],
    ['a dot-named file stays', 'https://photos.example.com/.well-known/immich', 'https://photos.example.com', '/.well-known/immich'],
    ['dots inside a name stay', 'https://photos.example.com/_app/immutable/..x/a..js', 'https://photos.example.com', '/_app/immutable/..x/a..js'],
  ])('%s', (_name, url, origin, path) => {
    expect(recordOf({ url, statusCode: 200 })).toMatchObject({ ok: true, record: { origin, path } });
  });
});
