import { describe, expect, it } from 'vitest';
import { classifyOutcome, isFailure, type OutcomeInput, type OutcomeKey } from '../../../utils/classify/outcome';
import type { RequestKind } from '../../../utils/classify/request-kind';

const url = 'https://immich.test/api/assets/3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b/thumbnail';
const origin = 'https://immich.test';
const outcome = (input: Partial<OutcomeInput>) => classifyOutcome({ kind: 'thumbnail', url, origin, ...input });

describe('classifyOutcome: statuses', () => {
  it.each([
    [200, 'ok', false],
    [201, 'ok', false],
    [204, 'ok', false], // Immich's service worker answers cancelled loads with an empty 204
    [206, 'ok', false],
    [304, 'ok', false],
    [101, 'ok', false],
    [400, 'http-400', true],
    [401, 'http-401', true],
    [403, 'http-403', true],
    [404, 'http-404', true],
    [408, 'http-408', true],
    [413, 'http-413', true],
    [418, 'http-418', true],
    [429, 'http-429', true],
    [499, 'http-499', true],
    [500, 'http-500', true],
    [502, 'http-502', true],
    [503, 'http-503', true],
    [504, 'http-504', true],
    [520, 'http-520', true],
    [521, 'http-521', true],
    [522, 'http-522', true],
    [523, 'http-523', true],
    [524, 'http-524', true],
    [525, 'http-525', true],
    [526, 'http-526', true],
    [599, 'http-599', true],
  ])('%i → %s', (statusCode, key, failure) => {
    expect(outcome({ status: statusCode })).toMatchObject({ key, failure });
  });

  // An HTTP status has three digits (RFC 9110 §15): a larger number is no status, and `http-1000` no
  // outcome key (isOutcomeKey refuses it, so a stored log holding one would be reset as corrupt).
  it.each([[0], [-1], [Number.NaN], [2.5], [undefined], [1000], [65_535], [1e21]])('status %s with no error → net-unknown', (status) => {
    const result = outcome({ status });
    expect(result).toMatchObject({ key: 'net-unknown', failure: true });
    expect(result.status).toBeUndefined();
  });

  it.each([[1000], [1e21]])('status %s with an error is the error', (status) => {
    const result = outcome({ status, error: 'net::ERR_CONNECTION_RESET' });
    expect(result.key).toBe('net-connection-reset');
    expect(result.status).toBeUndefined();
  });
});

describe('classifyOutcome: network errors', () => {
  it.each([
    ['net::ERR_CONNECTION_REFUSED', 'net-connection-refused', true],
    ['NS_ERROR_CONNECTION_REFUSED', 'net-connection-refused', true],
    ['net::ERR_NAME_NOT_RESOLVED', 'net-name-not-resolved', true],
    ['net::ERR_CERT_AUTHORITY_INVALID', 'net-certificate-invalid', true],
    ['net::ERR_BLOCKED_BY_CLIENT', 'net-blocked-by-client', true],
    ['NS_ERROR_ABORT', 'net-blocked-by-client', true],
    ['net::ERR_ABORTED', 'aborted', false],
    ['NS_BINDING_ABORTED', 'aborted', false],
    ['net::ERR_NEW_THING', 'net-unknown', true],
    ['garbage', 'net-unknown', true],
  ])('%s → %s', (error, key, failure) => {
    expect(outcome({ error })).toMatchObject({ key, failure });
  });

  it('keeps the error status when the page dropped the load after the headers (ERR_ABORTED after 500)', () => {
    expect(outcome({ status: 500, error: 'net::ERR_ABORTED' })).toMatchObject({ key: 'http-500', failure: true, status: 500 });
  });

  it("takes the status from Chrome's ERR_HTTP_RESPONSE_CODE_FAILURE", () => {
    expect(outcome({ status: 502, error: 'net::ERR_HTTP_RESPONSE_CODE_FAILURE' })).toMatchObject({ key: 'http-502' });
  });

  it('a 2xx followed by a network error is the network error (the body never arrived)', () => {
    expect(outcome({ status: 200, error: 'net::ERR_CONNECTION_RESET' })).toMatchObject({ key: 'net-connection-reset', status: 200 });
  });
});

describe('classifyOutcome: redirects, judged by origin (scheme, host, port) and path', () => {
  it.each<[string, string, RequestKind, OutcomeKey, boolean]>([
    ["Immich's own fullsize → original (relative)", 'original?', 'fullsize', 'redirect', false],
    ["Immich's own fullsize → preview (absolute)", 'https://immich.test/api/assets/x/thumbnail?size=preview', 'fullsize', 'redirect', false],
    ['fullsize sent to another origin', 'https://cdn.example.com/api/assets/x/original', 'fullsize', 'redirect-away', true],
    ['a thumbnail redirected on the same origin (Immich never does that)', 'https://immich.test/api/assets/x/original', 'thumbnail', 'redirect-away', true],
    ['an API call sent to oauth2-proxy on the same origin', '/oauth2/start?rd=%2Fapi%2Fusers%2Fme', 'api', 'redirect-away', true],
    ["an API call sent to Authentik's outpost on the same origin", '/outpost.goauthentik.io/start?rd=x', 'api', 'redirect-away', true],
    ['an API call sent to a portal on the same host, another port', 'https://immich.test:9091/?rd=x', 'api', 'redirect-away', true],
    ['an upload sent to a login portal', 'https://auth.example.com/?rd=https://immich.test/api/assets', 'upload', 'redirect-away', true],
    ['a WebSocket redirected', 'https://auth.example.com/', 'websocket', 'redirect-away', true],
    ['to a login portal', 'https://auth.example.com/?rd=https://immich.test/api/users/me', 'api', 'redirect-away', true],
    ['http → https upgrade on the same host (HSTS, the proxy)', 'https://immich.test/', 'page', 'redirect', false],
    ['a page moving within the site', '/photos', 'page', 'redirect', false],
    ['a page sent to oauth2-proxy under its own path: away, but a navigation may leave', '/oauth2/start?rd=%2Fphotos', 'page', 'redirect-away', false],
    ['a page sent to a portal on another port: away, not a failure', 'https://immich.test:8443/login', 'page', 'redirect-away', false],
    ['a page navigating to an OAuth provider', 'https://accounts.example.com/authorize', 'page', 'redirect-away', false],
    ["an app file redirected within the site", '/_app/immutable/entry/start.js', 'app-shell', 'redirect', false],
    ["an app file sent to a gateway's path", '/cdn-cgi/access/login', 'app-shell', 'redirect-away', true],
    ['malformed Location', 'http://[bad', 'api', 'redirect-away', true],
  ])('%s', (_name, location, kind, key, failure) => {
    expect(classifyOutcome({ kind, url, origin, status: 302, redirectUrl: location })).toMatchObject({ key, failure });
  });

  it.each<[string, string]>([
    ['an app scheme', 'app.immich:///oauth-callback?code=x'],
    ['an extension page', 'chrome-extension://abcdef/page.html'],
  ])('a redirect to %s is away, with no host to name (and no crash)', (_name, location) => {
    expect(classifyOutcome({ kind: 'api', url, origin, status: 302, redirectUrl: location })).toEqual({ key: 'redirect-away', failure: true, status: 302, redirectHost: undefined });
  });

  it('an upgrade to https that also moves to a gateway path is away, not an upgrade', () => {
    expect(classifyOutcome({ kind: 'api', url: 'http://immich.test/api/users/me', origin: 'http://immich.test', status: 301, redirectUrl: 'https://immich.test/oauth2/start' })).toMatchObject({ key: 'redirect-away', failure: true });
  });

  it('an http:// request upgraded to https:// on the same host stays (an HSTS internal redirect)', () => {
    expect(classifyOutcome({ kind: 'thumbnail', url: 'http://immich.test/api/assets/x/thumbnail', origin: 'http://immich.test', status: 307, redirectUrl: 'https://immich.test/api/assets/x/thumbnail' })).toMatchObject({ key: 'redirect', failure: false });
  });
});

describe('isFailure: one meaning for counters, matrix, badge, report and exports', () => {
  it.each<[RequestKind, OutcomeKey, boolean]>([
    ['page', 'redirect-away', false],
    ['api', 'redirect-away', true],
    ['thumbnail', 'redirect', false],
    ['thumbnail', 'aborted', false],
    ['page', 'http-502', true],
    ['api', 'html', true],
    ['websocket', 'net-unknown', true],
    ['original', 'ok', false],
  ])('%s %s → %s', (kind, key, failure) => {
    expect(isFailure(kind, key)).toBe(failure);
  });
});

describe('classifyOutcome: HTML where something else was due', () => {
  it.each([
    ['thumbnail', 'text/html; charset=utf-8', 'html'],
    ['original', 'text/html', 'html'],
    ['app-shell', 'text/html; charset=utf-8', 'html'],
    ['api', 'TEXT/HTML', 'html'],
    ['upload', 'text/html', 'html'],
    ['page', 'text/html; charset=utf-8', 'ok'],
    ['other', 'text/html', 'ok'],
    ['thumbnail', 'image/webp', 'ok'],
    ['app-shell', 'text/javascript', 'ok'],
    ['thumbnail', undefined, 'ok'],
  ])('%s with %s → %s', (kind, contentType, key) => {
    expect(classifyOutcome({ kind: kind as never, url, origin, status: 200, contentType })).toMatchObject({ key });
  });

  it('an HTML error status stays an HTTP failure', () => {
    expect(outcome({ status: 502, contentType: 'text/html' }).key).toBe('http-502');
  });
});
