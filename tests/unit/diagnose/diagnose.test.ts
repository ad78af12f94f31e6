import { describe, expect, it } from 'vitest';
import type { RawRequest } from '../../../utils/classify/classify-request';
import { diagnose } from '../../../utils/diagnose/diagnose';
import { answers, assetId, logOf, request, times } from '../../fixtures/responses';

/** A timeline that otherwise works: the app shell, API calls, the socket. */
const healthyApp = (): RawRequest[] => [
  request('chunk', answers.chunkOk),
  request('usersMe', answers.jsonOk),
  request('socket', answers.socketOpen),
];
const many = (count: number, what: Parameters<typeof request>[0], answer: Partial<RawRequest>) =>
  times(count, (index) => request(what, answer, assetId(index)));

interface Case {
  name: string;
  traffic: RawRequest[];
  cause: string;
  responder: string;
  scope?: string;
}

/**
 * One table per situation the guide and immich.md describe (ESLint-rule style): each case is the
 * traffic a browser would see, and the cause that must rank first, with who answered.
 */
const CASES: Case[] = [
  {
    name: 'thumbnails 404 "Asset media not found" while originals load',
    traffic: [...healthyApp(), ...many(20, 'thumbnail', answers.notGenerated), ...many(5, 'original', answers.originalOk)],
    cause: 'thumbnail-not-generated',
    responder: 'immich',
  },
  {
    name: 'thumbnails 500 from Immich while originals load (thumbs folder gone)',
    traffic: [...healthyApp(), ...many(38, 'thumbnail', answers.missingFile), ...many(12, 'original', answers.originalOk)],
    cause: 'media-file-unreadable',
    responder: 'immich',
    scope: 'thumbnails',
  },
  {
    name: 'originals 500 while thumbnails load (library moved)',
    traffic: [...healthyApp(), ...many(30, 'thumbnail', answers.thumbnailOk), ...many(4, 'original', answers.missingOriginal)],
    cause: 'media-file-unreadable',
    responder: 'immich',
    scope: 'originals',
  },
  {
    name: 'thumbnails and originals 500 (whole media volume gone)',
    traffic: [...healthyApp(), ...many(30, 'thumbnail', answers.missingFile), ...many(4, 'original', answers.missingOriginal)],
    cause: 'media-file-unreadable',
    responder: 'immich',
    scope: 'all',
  },
  {
    name: 'thumbnails 500 and the storage report 500 (volume gone, originals never asked)',
    traffic: [...healthyApp(), ...many(30, 'thumbnail', answers.missingFile), request('storage', answers.immichServerError)],
    cause: 'media-file-unreadable',
    responder: 'immich',
    scope: 'all',
  },
  {
    name: 'media 400 "no asset.view access"',
    traffic: [...healthyApp(), ...many(10, 'thumbnail', answers.noAccess)],
    cause: 'asset-not-accessible',
    responder: 'immich',
  },
  {
    name: 'API and thumbnails 401 from Immich',
    traffic: [request('chunk', answers.chunkOk), request('usersMe', answers.unauthorised), ...many(3, 'thumbnail', answers.unauthorised)],
    cause: 'session-expired',
    responder: 'immich',
  },
  {
    name: '403 from nginx (ACL)',
    traffic: [...many(10, 'thumbnail', answers.nginx(403)), request('usersMe', answers.nginx(403))],
    cause: 'proxy-forbidden',
    responder: 'nginx',
  },
  {
    name: 'uploads 413 from nginx while viewing works',
    traffic: [...healthyApp(), ...many(10, 'thumbnail', answers.thumbnailOk), ...many(3, 'upload', answers.nginx(413))],
    cause: 'proxy-body-too-large',
    responder: 'nginx',
  },
  {
    name: 'uploads 413 from Cloudflare',
    traffic: [...healthyApp(), ...many(2, 'upload', answers.cloudflare(413))],
    cause: 'proxy-body-too-large',
    responder: 'cloudflare',
  },
  {
    name: 'everything 502 from nginx (Immich down)',
    traffic: [...many(20, 'thumbnail', answers.nginx(502)), request('usersMe', answers.nginx(502))],
    cause: 'upstream-unreachable',
    responder: 'nginx',
  },
  {
    name: 'everything 502 from Caddy with an empty body',
    traffic: [...many(20, 'thumbnail', answers.caddy(502)), request('usersMe', answers.caddy(502))],
    cause: 'upstream-unreachable',
    responder: 'caddy',
  },
  {
    name: 'Cloudflare 521 (origin refused)',
    traffic: [request('usersMe', answers.cloudflare(521)), ...many(5, 'thumbnail', answers.cloudflare(521))],
    cause: 'upstream-unreachable',
    responder: 'cloudflare',
  },
  {
    name: 'Traefik 502 (Go text error)',
    traffic: [request('usersMe', answers.traefik(502)), ...many(5, 'thumbnail', answers.traefik(502))],
    cause: 'upstream-unreachable',
    responder: 'traefik',
  },
  {
    name: 'originals 504 from nginx while thumbnails load',
    traffic: [...healthyApp(), ...many(20, 'thumbnail', answers.thumbnailOk), ...many(3, 'original', answers.nginx(504))],
    cause: 'proxy-timeout',
    responder: 'nginx',
  },
  {
    name: 'Cloudflare 524 on a video',
    traffic: [...healthyApp(), request('video', answers.cloudflare(524))],
    cause: 'proxy-timeout',
    responder: 'cloudflare',
  },
  {
    name: 'uploads cut with a connection reset (Traefik 60 s)',
    traffic: [...healthyApp(), ...many(2, 'upload', answers.network('net::ERR_CONNECTION_RESET'))],
    cause: 'proxy-timeout',
    responder: 'unknown',
  },
  {
    name: 'API 500 from Immich (database down)',
    traffic: [request('chunk', answers.chunkOk), ...times(4, () => request('usersMe', answers.immichServerError))],
    cause: 'server-error',
    responder: 'immich',
  },
  {
    name: 'socket handshake 400 from engine.io (proxy dropped Upgrade)',
    traffic: [request('chunk', answers.chunkOk), request('usersMe', answers.jsonOk), ...many(20, 'thumbnail', answers.thumbnailOk), ...times(5, () => request('socket', answers.socketBadRequest))],
    cause: 'websocket-blocked',
    responder: 'immich',
  },
  {
    name: 'socket handshake with no status (net::ERR_INVALID_HTTP_RESPONSE)',
    traffic: [request('usersMe', answers.jsonOk), ...times(3, () => request('socket', answers.network('net::ERR_INVALID_HTTP_RESPONSE')))],
    cause: 'websocket-blocked',
    responder: 'unknown',
  },
  {
    name: 'self-signed certificate',
    traffic: times(3, () => request('usersMe', answers.network('net::ERR_CERT_AUTHORITY_INVALID'))),
    cause: 'tls-error',
    responder: 'unknown',
  },
  {
    name: 'Cloudflare 526 (invalid origin certificate)',
    traffic: times(3, () => request('usersMe', answers.cloudflare(526))),
    cause: 'tls-error',
    responder: 'cloudflare',
  },
  {
    name: 'name does not resolve (Firefox)',
    traffic: times(3, () => request('usersMe', answers.network('NS_ERROR_UNKNOWN_HOST'))),
    cause: 'dns-failure',
    responder: 'unknown',
  },
  {
    name: 'connection refused',
    traffic: [...many(10, 'thumbnail', answers.network('net::ERR_CONNECTION_REFUSED')), request('usersMe', answers.network('net::ERR_CONNECTION_REFUSED'))],
    cause: 'connection-refused',
    responder: 'unknown',
  },
  {
    name: 'connections time out',
    traffic: [...many(10, 'thumbnail', answers.network('net::ERR_CONNECTION_TIMED_OUT'))],
    cause: 'network-unreachable',
    responder: 'unknown',
  },
  {
    name: 'an ad blocker blocks thumbnails',
    traffic: [...healthyApp(), ...many(10, 'thumbnail', answers.network('net::ERR_BLOCKED_BY_CLIENT'))],
    cause: 'blocked-by-client',
    responder: 'unknown',
  },
  {
    name: 'Firefox blocks mixed content',
    traffic: [...healthyApp(), ...many(3, 'thumbnail', answers.network('NS_ERROR_MIXED_CONTENT_BLOCKED'))],
    cause: 'mixed-content',
    responder: 'unknown',
  },
  {
    name: 'http:// requests from the https:// page',
    traffic: [
      ...healthyApp(),
      ...many(3, 'thumbnail', answers.network('net::ERR_FAILED')).map((raw) => ({ ...raw, url: raw.url.replace('https:', 'http:') })),
    ],
    cause: 'mixed-content',
    responder: 'unknown',
  },
  {
    name: 'API redirected to an SSO portal',
    traffic: [request('chunk', answers.chunkOk), ...times(3, () => request('usersMe', answers.redirectTo('https://auth.example.com/?rd=x'))), ...many(5, 'thumbnail', answers.loginPage)],
    cause: 'auth-gateway-redirect',
    responder: 'nginx',
  },
  {
    name: 'API answered with a login page (HTML 200)',
    traffic: [request('chunk', answers.chunkOk), ...times(3, () => request('usersMe', answers.loginPage))],
    cause: 'auth-gateway-redirect',
    responder: 'nginx',
  },
  {
    name: 'thumbnails answered with HTML, API fine',
    traffic: [...healthyApp(), ...many(8, 'thumbnail', answers.loginPage)],
    cause: 'html-instead-of-media',
    responder: 'nginx',
  },
  {
    name: 'app chunk comes back as index.html (stale app after upgrade)',
    traffic: [request('chunk', answers.chunkIsHtml)],
    cause: 'stale-web-app',
    responder: 'immich',
  },
  {
    name: 'app chunk 404 from a proxy cache',
    traffic: [request('chunk', answers.nginx(404))],
    cause: 'stale-web-app',
    responder: 'nginx',
  },
  {
    name: 'maintenance mode: API and originals 404 from Immich, thumbnails too',
    traffic: [request('chunk', answers.chunkOk), ...times(3, () => request('usersMe', answers.notGenerated)), ...many(10, 'thumbnail', answers.notGenerated), request('original', answers.notGenerated)],
    cause: 'maintenance-mode',
    responder: 'immich',
  },
  {
    name: 'uploads 500 from Immich (disk full)',
    traffic: [...healthyApp(), ...many(10, 'thumbnail', answers.thumbnailOk), ...many(3, 'upload', answers.immichServerError)],
    cause: 'disk-full',
    responder: 'immich',
  },
  {
    name: 'thumbnails and face crops both missing (jobs not running)',
    traffic: [...healthyApp(), ...many(10, 'thumbnail', answers.notGenerated), ...many(6, 'person', answers.notGenerated)],
    cause: 'jobs-failing',
    responder: 'immich',
  },
];

describe('diagnose: the pattern decides the top cause', () => {
  it.each(CASES.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    const report = diagnose(logOf(testCase.traffic));
    expect(report.healthy).toBe(false);
    const top = report.diagnoses[0];
    expect(top, JSON.stringify(report.diagnoses.map((d) => [d.cause, d.confidence]))).toBeDefined();
    expect(top).toMatchObject({ cause: testCase.cause, responder: testCase.responder });
    if (testCase.scope) expect(top?.scope).toBe(testCase.scope);
    expect(top!.confidence).toBeGreaterThan(0);
    expect(top!.confidence).toBeLessThanOrEqual(1);
  });

  it('covers every cause of the catalog at least once', async () => {
    const { CATALOG } = await import('../../../utils/diagnose/catalog');
    const covered = new Set(CASES.map((testCase) => testCase.cause));
    expect(CATALOG.map((cause) => cause.id).filter((id) => !covered.has(id))).toEqual([]);
  });
});

describe('diagnose: healthy logs and noise', () => {
  it('no failure → no diagnosis ("healthy")', () => {
    const report = diagnose(logOf([...healthyApp(), ...many(50, 'thumbnail', answers.thumbnailOk), request('video', answers.videoRange)]));
    expect(report).toMatchObject({ healthy: true, failures: 0, diagnoses: [] });
    expect(report.requests).toBe(54);
  });

  it("service-worker 204s and aborted loads are not failures", () => {
    const report = diagnose(
      logOf([
        ...many(10, 'thumbnail', { statusCode: 204, responseHeaders: [] }),
        ...many(10, 'thumbnail', answers.network('net::ERR_ABORTED')),
        ...many(10, 'thumbnail', answers.network('NS_BINDING_ABORTED')),
      ]),
    );
    expect(report.healthy).toBe(true);
  });

  it('says when no answer ever looked like Immich (a watched site that is not Immich)', () => {
    const notImmich = [{ name: 'Server', value: 'Apache' }, { name: 'Content-Type', value: 'text/html' }];
    const report = diagnose(logOf([request('usersMe', { statusCode: 200, responseHeaders: notImmich }), request('thumbnail', { statusCode: 404, responseHeaders: notImmich })]));
    expect(report.immichSeen).toBe(false);
    expect(report.diagnoses.map((d) => d.cause)).not.toContain('thumbnail-not-generated');
    expect(diagnose(logOf(healthyApp())).immichSeen).toBe(true);
  });

  it('an empty log is healthy', () => {
    expect(diagnose(logOf([]))).toMatchObject({ healthy: true, requests: 0, diagnoses: [] });
  });

  it('an unexplained failure is counted but names no cause', () => {
    const report = diagnose(logOf([request('usersMe', { statusCode: 418, responseHeaders: [] })]));
    expect(report).toMatchObject({ healthy: false, failures: 1, diagnoses: [] });
  });
});

describe('diagnose: evidence and counter-evidence', () => {
  const report = diagnose(logOf([...healthyApp(), ...many(38, 'thumbnail', answers.missingFile), ...many(12, 'original', answers.originalOk)]));
  const top = report.diagnoses[0]!;

  it('counts the failing requests by kind, outcome and responder, out of all of that kind', () => {
    expect(top.evidence.failing).toEqual([{ kind: 'thumbnail', outcome: 'http-500', responder: 'immich', count: 38, total: 38 }]);
    expect(top.explained).toBe(38);
  });

  it('shows the counter-evidence: originals load fine, 12/12', () => {
    expect(top.evidence.healthy).toContainEqual({ kind: 'original', ok: 12, total: 12 });
  });

  it('gives a few recent example requests, most recent first', () => {
    expect(top.evidence.examples).toHaveLength(3);
    expect(top.evidence.examples[0]!.time).toBeGreaterThan(top.evidence.examples[2]!.time);
    expect(top.evidence.examples.every((example) => example.outcome === 'http-500' && example.kind === 'thumbnail')).toBe(true);
  });

  it('is confident when the pattern explains all failures', () => {
    expect(top.confidence).toBeGreaterThanOrEqual(0.9);
  });

  it('is less confident with a single failing request', () => {
    const single = diagnose(logOf([...healthyApp(), request('thumbnail', answers.missingFile)])).diagnoses[0]!;
    expect(single.cause).toBe('media-file-unreadable');
    expect(single.confidence).toBeLessThan(top.confidence);
  });

  it('ranks two findings by how much of the failure each explains', () => {
    const mixed = diagnose(logOf([...many(30, 'thumbnail', answers.missingFile), ...many(2, 'upload', answers.nginx(413))]));
    expect(mixed.diagnoses.map((d) => d.cause)).toEqual(['media-file-unreadable', 'proxy-body-too-large']);
  });

  it('thumbnails 404 with successful uploads also names jobs-failing, below the thumbnail cause', () => {
    const causes = diagnose(logOf([...healthyApp(), ...many(10, 'thumbnail', answers.notGenerated), request('upload', answers.uploadCreated)])).diagnoses.map((d) => d.cause);
    expect(causes.slice(0, 2)).toEqual(['thumbnail-not-generated', 'jobs-failing']);
  });

  it('failures only from the proxy are not blamed on Immich', () => {
    const causes = diagnose(logOf([...many(10, 'thumbnail', answers.nginx(500))])).diagnoses.map((d) => d.cause);
    expect(causes).not.toContain('media-file-unreadable');
  });
});
