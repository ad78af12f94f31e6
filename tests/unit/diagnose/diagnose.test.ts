import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RawRequest } from '../../../utils/classify/classify-request';
import type { Responder } from '../../../utils/classify/responder';
import { CATALOG } from '../../../utils/diagnose/catalog';
import type { CauseId, MediaScope } from '../../../utils/diagnose/cause';
import { diagnose } from '../../../utils/diagnose/diagnose';
import { answers, logOf, many, request, times } from '../../fixtures/responses';

/** A timeline that otherwise works: the app shell, API calls, the socket. */
const healthyApp = (): RawRequest[] => [
  request('chunk', answers.chunkOk),
  request('usersMe', answers.jsonOk),
  request('socket', answers.socketOpen),
];

interface Case {
  name: string;
  traffic: RawRequest[];
  cause: CauseId;
  responder: Responder;
  scope?: MediaScope;
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

  it('every cause of the catalog has its own claims / near-miss file in causes/', () => {
    const files = readdirSync(new URL('./causes/', import.meta.url)).map((file) => file.replace(/\.test\.ts$/, ''));
    expect(files.sort()).toEqual(CATALOG.map((cause) => cause.id).sort());
  });

  it('covers every cause of the catalog at least once', () => {
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

const causesOf = (traffic: RawRequest[], serverVersion?: string) => diagnose(logOf(traffic), { serverVersion }).diagnoses;
const ranking = (traffic: RawRequest[]) => causesOf(traffic).map((d) => [d.cause, d.consequenceOf?.cause ?? null]);

describe('one meaning of failed', () => {
  it('a page sent to an SSO portal is not a failure: the log, the report and the badge agree', () => {
    const log = logOf([request('chunk', answers.chunkOk), { url: 'https://photos.example.com/photos', type: 'main_frame', ...answers.redirectTo('https://auth.example.com/login') }]);
    const report = diagnose(log);
    expect([log.failed, report.failures, report.healthy, log.failures.length]).toEqual([0, 0, true, 0]);
  });

  it('the same redirect answering an API call is one failure everywhere', () => {
    const log = logOf([...healthyApp(), request('usersMe', answers.redirectTo('https://auth.example.com/login'))]);
    const report = diagnose(log);
    expect([log.failed, report.failures, log.failures.length, report.diagnoses[0]?.cause]).toEqual([1, 1, 1, 'auth-gateway-redirect']);
  });
});

describe('ranking: competing explanations, weighed in rank.ts', () => {
  it('Immich 500s on routes that read no file (database down) are the server failing, not missing files', () => {
    const traffic = [request('usersMe', answers.immichServerError), request('timeline', answers.immichServerError), request('storage', answers.immichServerError), ...many(20, 'thumbnail', answers.missingFile), ...many(3, 'original', answers.missingOriginal)];
    expect(ranking(traffic)).toEqual([
      ['server-error', null],
      ['media-file-unreadable', 'server-error'],
    ]);
    expect(causesOf(traffic)[1]!.consequenceOf).toEqual({ cause: 'server-error', title: causesOf(traffic)[0]!.title });
    expect(causesOf(traffic)[0]!.evidence.healthy).toEqual([]);
    expect(causesOf(traffic)[1]!.confidence).toBeLessThanOrEqual(causesOf(traffic)[0]!.confidence);
  });

  it('one broken API route among media 500s does not take the media failures: it is ranked beside them', () => {
    expect(ranking([...healthyApp(), request('usersMe', answers.immichServerError), ...many(30, 'thumbnail', answers.missingFile)])).toEqual([
      ['media-file-unreadable', null],
      ['server-error', null],
    ]);
  });

  it('one missing API route does not make every 404 maintenance mode', () => {
    expect(ranking([...healthyApp(), ...times(3, () => request('usersMe', answers.notGenerated)), ...many(30, 'thumbnail', answers.notGenerated)])[0]).toEqual(['thumbnail-not-generated', null]);
  });

  it('a chain of consequences names its root: thumbnails ← jobs ← maintenance', () => {
    const traffic = [request('usersMe', answers.notGenerated), request('timeline', answers.notGenerated), ...many(2, 'original', answers.notGenerated), ...many(20, 'thumbnail', answers.notGenerated), ...many(6, 'person', answers.notGenerated)];
    const diagnoses = causesOf(traffic);
    expect(ranking(traffic)).toEqual([
      ['maintenance-mode', null],
      ['jobs-failing', 'maintenance-mode'],
      ['thumbnail-not-generated', 'maintenance-mode'],
    ]);
    expect(Math.max(...diagnoses.slice(1).map((d) => d.confidence))).toBeLessThanOrEqual(diagnoses[0]!.confidence);
  });

  it('one stray failure elsewhere does not make a failing WebSocket a consequence', () => {
    const sockets = times(3, () => request('socket', answers.network('net::ERR_INVALID_HTTP_RESPONSE')));
    expect(ranking([...healthyApp(), ...sockets, request('original', answers.network('net::ERR_CONNECTION_TIMED_OUT'))])[0]).toEqual(['websocket-blocked', null]);
    expect(ranking([...healthyApp(), ...sockets, request('usersMe', answers.nginx(403))])[0]).toEqual(['websocket-blocked', null]);
  });

  it('500s only on media and the storage report stay a storage cause (the volume is gone)', () => {
    expect(ranking([...healthyApp(), request('storage', answers.immichServerError), ...many(20, 'thumbnail', answers.missingFile)])).toEqual([['media-file-unreadable', null]]);
  });

  it('uploads failing while Immich 500s everywhere follow the server failing', () => {
    expect(ranking([request('usersMe', answers.immichServerError), request('timeline', answers.immichServerError), ...many(2, 'upload', answers.immichServerError)])).toEqual([
      ['server-error', null],
      ['disk-full', 'server-error'],
    ]);
  });

  it('a WebSocket with no status (Chromium) while nginx answers 502 everywhere follows the dead upstream', () => {
    const traffic = [...many(10, 'thumbnail', answers.nginx(502)), request('usersMe', answers.nginx(502)), ...times(4, () => request('socket', answers.network('net::ERR_INVALID_HTTP_RESPONSE')))];
    expect(ranking(traffic)[0]).toEqual(['upstream-unreachable', null]);
    expect(ranking(traffic)).toContainEqual(['websocket-blocked', 'upstream-unreachable']);
  });

  it('a cause that explains only what a consequence explains follows from the same cause (a WebSocket with no answer at all, as in a HAR)', () => {
    const traffic = [...many(10, 'thumbnail', answers.nginx(502)), request('usersMe', answers.nginx(502)), ...times(4, () => request('socket', { statusCode: undefined }))];
    expect(ranking(traffic)).toEqual([
      ['upstream-unreachable', null],
      ['websocket-blocked', 'upstream-unreachable'],
      ['network-unreachable', 'upstream-unreachable'],
    ]);
  });

  it('a WebSocket 502 (Firefox) while everything is a 502: the same cells, so a consequence', () => {
    const traffic = [...many(10, 'thumbnail', answers.nginx(502)), request('usersMe', answers.nginx(502)), ...times(4, () => request('socket', answers.nginx(502)))];
    expect(ranking(traffic)).toEqual([
      ['upstream-unreachable', null],
      ['websocket-blocked', 'upstream-unreachable'],
    ]);
  });

  it('a WebSocket refused with everything else refused follows the refused connection', () => {
    const refused = answers.network('net::ERR_CONNECTION_REFUSED');
    expect(ranking([request('usersMe', refused), request('chunk', refused), request('socket', refused)])).toEqual([
      ['connection-refused', null],
      ['websocket-blocked', 'connection-refused'],
    ]);
  });

  it('a WebSocket redirected with the API to a login portal follows the gateway', () => {
    const away = answers.redirectTo('https://auth.example.com/login');
    expect(ranking([request('usersMe', away), ...many(5, 'thumbnail', away), request('socket', away)])[0]).toEqual(['auth-gateway-redirect', null]);
  });

  it('a WebSocket failing alone is its own cause, even when the network cause sees the same request', () => {
    expect(ranking([...healthyApp(), ...times(3, () => request('socket', answers.network('net::ERR_CONNECTION_CLOSED')))])[0]).toEqual(['websocket-blocked', null]);
  });

  it('engine.io answered (Immich got the request): not a consequence of an unrelated site-wide failure', () => {
    const traffic = [...healthyApp(), ...times(5, () => request('socket', answers.socketBadRequest)), request('chunk', answers.network('net::ERR_NAME_NOT_RESOLVED'))];
    expect(ranking(traffic).find(([cause]) => cause === 'websocket-blocked')).toEqual(['websocket-blocked', null]);
  });

  it('thumbnails 404 in maintenance mode follow maintenance (no cause lowers itself any more)', () => {
    expect(ranking([request('usersMe', answers.notGenerated), ...many(5, 'original', answers.notGenerated), ...many(20, 'thumbnail', answers.notGenerated)])).toEqual([
      ['maintenance-mode', null],
      ['thumbnail-not-generated', 'maintenance-mode'],
    ]);
  });

  it('thumbnails and faces missing: the jobs are the cause, the thumbnails a consequence', () => {
    expect(ranking([...healthyApp(), ...many(10, 'thumbnail', answers.notGenerated), ...many(6, 'person', answers.notGenerated)])).toEqual([
      ['jobs-failing', null],
      ['thumbnail-not-generated', 'jobs-failing'],
    ]);
  });

  it("the catalog's order never decides a tie: the id does, either way round", () => {
    // Equal strength (0.95), severity (critical) and requests explained: a true tie.
    const traffic = [request('usersMe', answers.network('net::ERR_NAME_NOT_RESOLVED')), request('chunk', answers.network('net::ERR_CONNECTION_REFUSED'))];
    const forwards = diagnose(logOf(traffic)).diagnoses;
    const backwards = diagnose(logOf(traffic), { causes: [...CATALOG].reverse() }).diagnoses;
    expect(forwards[0]!.confidence).toBe(forwards[1]!.confidence);
    expect(forwards.map((d) => d.cause)).toEqual(['connection-refused', 'dns-failure']);
    expect(backwards.map((d) => d.cause)).toEqual(['connection-refused', 'dns-failure']);
  });
});

describe('a diagnosis carries everything a view shows', () => {
  it('title, explanation, checks for its responder and remedies, straight from its cause', () => {
    const [top] = causesOf([request('usersMe', answers.unauthorised), ...many(3, 'thumbnail', answers.unauthorised)]);
    const cause = CATALOG.find((candidate) => candidate.id === 'session-expired')!;
    expect(top).toMatchObject({ cause: 'session-expired', title: cause.title, explanation: cause.explanation, remedies: ['clear-site-data'] });
    expect(top!.checks.map((check) => check.title)).toEqual(cause.checks.filter((check) => !check.only || check.only.includes('immich')).map((check) => check.title));
  });

  it("keeps only the checks for the proxy that answered (nginx's for nginx, none of Cloudflare's)", () => {
    const [top] = causesOf([...healthyApp(), ...many(3, 'upload', answers.nginx(413))]);
    expect(top!.checks.some((check) => check.config === 'client_max_body_size 50000M;')).toBe(true);
    expect(top!.checks.some((check) => check.command === 'sudo nginx -t && sudo systemctl reload nginx')).toBe(true);
    expect(top!.checks.filter((check) => /Cloudflare|Caddy|Traefik|Apache/.test(check.title))).toEqual([]);
    expect(top!.remedies).toEqual([]);
  });

  it('keeps only the checks for the media hit: no thumbnail rerun when only originals are missing', () => {
    const [originals] = causesOf([...healthyApp(), ...many(30, 'thumbnail', answers.thumbnailOk), ...many(4, 'original', answers.missingOriginal)]);
    const [thumbnails] = causesOf([...healthyApp(), ...many(30, 'thumbnail', answers.missingFile)]);
    const rerun = (d: typeof originals) => d!.checks.some((check) => check.title.includes('regenerate every thumbnail'));
    expect([originals!.scope, rerun(originals)]).toEqual(['originals', false]);
    expect([thumbnails!.scope, rerun(thumbnails)]).toEqual(['thumbnails', true]);
  });

  it.each([
    [undefined, 'docker compose exec immich-server ls -lah /data', 'curl -si http://localhost:2283/api/server/ping'],
    ['v2.7.5', 'docker compose exec immich-server ls -lah /data', 'curl -si http://localhost:2283/api/server/ping'],
    ['v1.125.0', 'docker compose exec immich-server ls -lah /usr/src/app/upload', 'curl -si http://localhost:2283/api/server/ping'],
    ['v1.106.0', 'docker compose exec immich-server ls -lah /usr/src/app/upload', 'curl -si http://localhost:2283/api/server-info/ping'],
  ])('server version %s picks its paths and port; the site is filled in', (version, containerCommand, directCommand) => {
    const storage = causesOf([...healthyApp(), ...many(4, 'original', answers.missingOriginal)], version)[0]!;
    const upstream = causesOf([...many(4, 'thumbnail', answers.nginx(502))], version)[0]!;
    const commands = [...storage.checks, ...upstream.checks].map((check) => check.command);
    expect(commands).toContain(containerCommand);
    expect(commands).toContain(directCommand);
    expect(commands).toContain(`curl -si 'https://photos.example.com${directCommand.slice('curl -si http://localhost:2283'.length)}'`);
    expect(commands.filter((command) => command?.includes('ls -lah /') && command.includes('exec'))).toHaveLength(1);
  });
});
