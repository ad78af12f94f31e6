import { describe, expect, it } from 'vitest';
import { KEY_NOT_FOLLOWED } from '../../../utils/server-checks/ask';
import { runServerChecks } from '../../../utils/server-checks/run';
import { MAX_ROUTE_ERROR, readServerCheckReport } from '../../../utils/server-checks/read-report';
import type { ServerCheckId, ServerCheckResult } from '../../../utils/server-checks/types';
import { fakeServer, fakeSocket, HEALTHY_V2, json, ORIGIN, type FakeRoutes, type SocketBehaviour } from './fake-server';

const SETTINGS = { diskFullPercent: 95 };

async function run(routes: FakeRoutes, options: { apiKey?: string; diskFullPercent?: number; timeoutMs?: number; socket?: SocketBehaviour } = {}) {
  const server = fakeServer(routes);
  const socket = fakeSocket(options.socket ?? 'opens');
  const seen: ServerCheckId[] = [];
  const report = await runServerChecks(
    { origin: ORIGIN, fetcher: server.fetcher, openSocket: socket.openSocket, apiKey: options.apiKey, timeoutMs: options.timeoutMs ?? 1000 },
    { settings: { ...SETTINGS, diskFullPercent: options.diskFullPercent ?? 95 }, onResult: (result) => seen.push(result.id) },
  );
  const byId = (id: ServerCheckId) => report.results.find((result) => result.id === id)!;
  return { report, server, socket, seen, byId };
}

const STORAGE_OK = json({ diskSize: '252.0 GiB', diskUse: '25.9 GiB', diskAvailable: '75.5 GiB', diskUsagePercentage: 10.29 });
const STORAGE_FULL = json({ diskSize: '252.0 GiB', diskUse: '245.7 GiB', diskAvailable: '6.3 GiB', diskUsagePercentage: 97.5 });
const queue = (name: string, failed = 0, isPaused = false) => ({ name, isPaused, statistics: { active: 0, completed: 0, delayed: 0, failed, paused: 0, waiting: 0 } });
const QUEUES_OK = json([queue('thumbnailGeneration'), queue('metadataExtraction'), queue('videoConversion'), queue('library'), queue('faceDetection', 4)]);
const legacyQueue = (failed = 0, isPaused = false) => ({ jobCounts: { active: 0, completed: 0, failed, delayed: 0, waiting: 0, paused: 0 }, queueStatus: { isActive: false, isPaused } });
const V1_118: FakeRoutes = {
  '/api/server/version': json({ major: 1, minor: 118, patch: 0 }),
  '/api/server/ping': json({ res: 'pong' }),
  '/api/server/features': json({ smartSearch: true }),
  '/api/server/config': json({ isInitialized: true }),
  '/api/server/storage': STORAGE_OK,
};
const FORBIDDEN = json({ message: 'Forbidden', error: 'Forbidden', statusCode: 403 }, 403);
const UNAUTHORIZED = json({ message: 'Authentication required', error: 'Unauthorized', statusCode: 401 }, 401);

const verdictsOf = (result: ServerCheckResult) => result.verdicts.map(({ cause, verdict }) => `${verdict} ${cause}`);

describe('reachability and version', () => {
  it.each<[string, FakeRoutes, { status: string; version?: string; basis: string; verdicts: string[]; summary: RegExp; figure?: RegExp; asked: string[] }]>([
    [
      'a healthy v2.7.5',
      HEALTHY_V2,
      { status: 'ok', version: 'v2.7.5', basis: 'version', verdicts: ['against upstream-unreachable', 'against connection-refused', 'against maintenance-mode'], summary: /^Immich v2\.7\.5 answers\.$/, figure: /v2\.7\.5 · ping pong · 2 of 3 features on · maintenanceMode false/, asked: ['/api/server/version', '/api/server/ping', '/api/server/features', '/api/server/config'] },
    ],
    [
      'maintenance mode',
      { ...HEALTHY_V2, '/api/server/config': json({ maintenanceMode: true }) },
      { status: 'problem', version: 'v2.7.5', basis: 'version', verdicts: ['supports maintenance-mode'], summary: /maintenance mode/, asked: ['/api/server/version', '/api/server/ping', '/api/server/features', '/api/server/config'] },
    ],
    [
      'v1.118: no maintenance mode yet, so the config says nothing of it',
      { ...V1_118, '/api/server/config': json({ maintenanceMode: true }) },
      { status: 'ok', version: 'v1.118.0', basis: 'version', verdicts: ['against upstream-unreachable', 'against connection-refused'], summary: /^Immich v1\.118\.0 answers\.$/, asked: ['/api/server/version', '/api/server/ping', '/api/server/features', '/api/server/config'] },
    ],
    [
      'v1.100: the version on the older route, then its ping',
      { '/api/server-info/version': json({ major: 1, minor: 100, patch: 0 }), '/api/server-info/ping': json({ res: 'pong' }) },
      { status: 'ok', version: 'v1.100.0', basis: 'version', verdicts: ['against upstream-unreachable', 'against connection-refused'], summary: /^Immich v1\.100\.0 answers\.$/, asked: ['/api/server/version', '/api/server-info/version', '/api/server-info/ping'] },
    ],
    [
      'no version anywhere: the current routes, labelled',
      { '/api/server/ping': json({ res: 'pong' }) },
      { status: 'ok', basis: 'unknown', verdicts: ['against upstream-unreachable', 'against connection-refused'], summary: /^Immich answers\. Its version is unknown: the checks use the current routes\.$/, asked: ['/api/server/version', '/api/server-info/version', '/api/server/ping', '/api/server/features', '/api/server/config'] },
    ],
    [
      'a version older than v1.100: the oldest routes, labelled',
      { '/api/server-info/version': json({ major: 1, minor: 90, patch: 2 }), '/api/server-info/ping': json({ res: 'pong' }) },
      { status: 'ok', version: 'v1.90.2', basis: 'older-than-known', verdicts: ['against upstream-unreachable', 'against connection-refused'], summary: /older than v1\.100/, asked: ['/api/server/version', '/api/server-info/version', '/api/server-info/ping'] },
    ],
    [
      'a proxy answering 502 for everything',
      { '/api/server/version': { status: 502, body: '<html>Bad Gateway</html>' }, '/api/server-info/version': { status: 502, body: 'x' }, '/api/server/ping': { status: 502, body: '<html>Bad Gateway</html>' } },
      { status: 'problem', basis: 'unknown', verdicts: ['supports upstream-unreachable'], summary: /did not get Immich's pong \(502\)/, asked: ['/api/server/version', '/api/server-info/version', '/api/server/ping', '/api/server/features', '/api/server/config'] },
    ],
    [
      'a gateway login in front answers 401: something other than Immich answers, but not an unreachable upstream',
      { '/api/server/version': { status: 401, body: '<html>login</html>' }, '/api/server-info/version': { status: 401, body: 'x' }, '/api/server/ping': { status: 401, body: '<html>login</html>' } },
      { status: 'problem', basis: 'unknown', verdicts: [], summary: /did not get Immich's pong \(401\)/, asked: ['/api/server/version', '/api/server-info/version', '/api/server/ping', '/api/server/features', '/api/server/config'] },
    ],
    [
      'nothing answers: the older version route is not asked',
      { '/api/server/version': 'network-error', '/api/server/ping': 'network-error', '/api/server/features': 'network-error', '/api/server/config': 'network-error' },
      { status: 'error', basis: 'unknown', verdicts: [], summary: /^No answer for the ping: Failed to fetch\.$/, asked: ['/api/server/version', '/api/server/ping', '/api/server/features', '/api/server/config'] },
    ],
  ])('%s', async (_, routes, expected) => {
    const { report, byId } = await run(routes);
    const result = byId('reachability');
    expect(result.status).toBe(expected.status);
    expect(report.serverVersion).toBe(expected.version);
    expect(report.routesBasis).toBe(expected.basis);
    expect(verdictsOf(result)).toEqual(expected.verdicts);
    expect(result.summary).toMatch(expected.summary);
    if (expected.figure) expect(result.figure).toMatch(expected.figure);
    expect(result.asked.map((route) => route.path)).toEqual(expected.asked);
  });
});

describe('storage', () => {
  it.each<[string, FakeRoutes[string], number, { status: string; verdicts: string[]; summary: RegExp; figure?: string }]>([
    ['room left', STORAGE_OK, 95, { status: 'ok', verdicts: ['against disk-full'], summary: /room: 10\.3% used/, figure: '10.3% used of 252.0 GiB, 75.5 GiB free' }],
    ['full above the threshold', STORAGE_FULL, 95, { status: 'problem', verdicts: ['supports disk-full'], summary: /97\.5% full \(the options call it full from 95%\)/, figure: '97.5% used of 252.0 GiB, 6.3 GiB free' }],
    ['the same disk under a higher threshold', STORAGE_FULL, 99, { status: 'ok', verdicts: ['against disk-full'], summary: /room: 97\.5% used/, figure: '97.5% used of 252.0 GiB, 6.3 GiB free' }],
    ['exactly at the threshold', json({ diskUsagePercentage: 95 }), 95, { status: 'problem', verdicts: ['supports disk-full'], summary: /95% full/, figure: '95% used' }],
    ['the volume gone (500)', json({ message: 'Failed to get storage', error: 'Internal Server Error', statusCode: 500 }, 500), 95, { status: 'problem', verdicts: ['supports media-file-unreadable'], summary: /could not read its library disk/, figure: '500 Failed to get storage' }],
    ['not signed in', UNAUTHORIZED, 95, { status: 'skipped', verdicts: [], summary: /^Not signed in: sign in to Immich in this browser, or enter an API key/ }],
    ['a key without the permission', json({ message: 'Missing required permission: server.storage', error: 'Forbidden', statusCode: 403 }, 403), 95, { status: 'needs-admin', verdicts: [], summary: /lacks the permission server\.storage/ }],
    ['a wrong key', json({ message: 'Invalid API key', error: 'Unauthorized', statusCode: 401 }, 401), 95, { status: 'error', verdicts: [], summary: /refused the API key/ }],
    ['no figure in the answer', json({ diskSize: '1 GiB' }), 95, { status: 'error', verdicts: [], summary: /no usage figure/ }],
    ['a figure out of range', json({ diskUsagePercentage: 150 }), 95, { status: 'error', verdicts: [], summary: /no usage figure/ }],
    ['HTML from a proxy', { status: 200, body: '<html>login</html>' }, 95, { status: 'error', verdicts: [], summary: /no usage figure/ }],
    ['a 502 from a proxy', { status: 502, body: 'Bad Gateway' }, 95, { status: 'error', verdicts: [], summary: /^Immich answered 502 for the library disk's use\.$/ }],
    ['no answer in time', 'hang', 95, { status: 'error', verdicts: [], summary: /no answer within 0\.05 s/ }],
    ['an answer without end, read no further than 1 MB', 'endless', 95, { status: 'error', verdicts: [], summary: /no usage figure/ }],
  ])('%s', async (_, answer, diskFullPercent, expected) => {
    const { byId } = await run({ ...HEALTHY_V2, '/api/server/storage': answer, '/api/queues': QUEUES_OK }, { diskFullPercent, timeoutMs: 50 });
    const result = byId('storage');
    expect(result.status).toBe(expected.status);
    expect(verdictsOf(result)).toEqual(expected.verdicts);
    expect(result.summary).toMatch(expected.summary);
    expect(result.figure).toBe(expected.figure);
    expect(result.asked).toEqual([expect.objectContaining({ path: '/api/server/storage' })]);
  });

  it('v1.100 asks /api/server-info for it', async () => {
    const { byId } = await run({ '/api/server-info/version': json({ major: 1, minor: 100, patch: 0 }), '/api/server-info/ping': json({ res: 'pong' }), '/api/server-info': STORAGE_FULL });
    expect(byId('storage')).toMatchObject({ status: 'problem', asked: [{ path: '/api/server-info', status: 200 }] });
  });
});

describe('jobs', () => {
  const THUMBS_FAILED = json([queue('thumbnailGeneration', 12), queue('metadataExtraction'), queue('videoConversion', 0, true), queue('library')]);
  const failedListing = (jobs: unknown[]) => ({ '/api/queues/thumbnailGeneration/jobs?status=failed': json(jobs) });

  it.each<[string, FakeRoutes, { status: string; verdicts: string[]; summary: RegExp; figure?: RegExp; asked: string[]; link?: string }]>([
    [
      'v2.7.5, all well (a face job failed: not one of the four)',
      { ...HEALTHY_V2, '/api/queues': QUEUES_OK },
      { status: 'ok', verdicts: ['against jobs-failing', 'against thumbnail-not-generated'], summary: /No thumbnail, metadata, video or library job has failed/, figure: /^thumbnailGeneration: ok · metadataExtraction: ok · videoConversion: ok · library: ok$/, asked: ['/api/queues'], link: `${ORIGIN}/admin/queues` },
    ],
    [
      'v2.7.5, thumbnail jobs failed and video paused: the failed list is read',
      { ...HEALTHY_V2, '/api/queues': THUMBS_FAILED, ...failedListing([{ id: '1', name: 'AssetGenerateThumbnails', data: { id: 'a' }, timestamp: 1 }]) },
      { status: 'problem', verdicts: ['supports jobs-failing', 'supports thumbnail-not-generated'], summary: /^Background jobs failed or are held up: thumbnailGeneration 12 failed; videoConversion paused\. The failed-jobs list gives no error text: the server log has it\. Failed counts stay until cleared, so some may be old: once the cause is fixed, run the queue's Missing job and see whether its failed count still grows\.$/, asked: ['/api/queues', '/api/queues/thumbnailGeneration/jobs?status=failed'], link: `${ORIGIN}/admin/queues` },
    ],
    [
      'v2.7.5, failed jobs that carry their error',
      { ...HEALTHY_V2, '/api/queues': THUMBS_FAILED, ...failedListing([{ id: '1', failedReason: 'Input file is missing' }, { id: '2', failedReason: 'Input file is missing' }, { id: '3', error: 'VipsJpeg: premature end' }]) },
      { status: 'problem', verdicts: ['supports jobs-failing', 'supports thumbnail-not-generated'], summary: /Their errors: Input file is missing; VipsJpeg: premature end\. Failed counts stay until cleared/, asked: ['/api/queues', '/api/queues/thumbnailGeneration/jobs?status=failed'] },
    ],
    [
      'v1.118, the jobs map: a paused metadata queue, no failed list to read',
      { ...V1_118, '/api/jobs': json({ thumbnailGeneration: legacyQueue(), metadataExtraction: legacyQueue(0, true), videoConversion: legacyQueue(), library: legacyQueue() }) },
      { status: 'problem', verdicts: ['supports jobs-failing'], summary: /^Background jobs failed or are held up: metadataExtraction paused\.$/, asked: ['/api/jobs'], link: `${ORIGIN}/admin/jobs-status` },
    ],
    [
      'v1.118, thumbnails failed: no failed list before v2.4',
      { ...V1_118, '/api/jobs': json({ thumbnailGeneration: legacyQueue(5) }) },
      { status: 'problem', verdicts: ['supports jobs-failing', 'supports thumbnail-not-generated'], summary: /^Background jobs failed or are held up: thumbnailGeneration 5 failed\. Failed counts stay until cleared, so some may be old: once the cause is fixed, run the queue's Missing job and see whether its failed count still grows\.$/, figure: /^thumbnailGeneration: 5 failed$/, asked: ['/api/jobs'] },
    ],
    [
      'v2.7.5, thumbnail jobs waiting after a bulk upload: not failing, but those thumbnails are not made yet',
      { ...HEALTHY_V2, '/api/queues': json([{ ...queue('thumbnailGeneration'), statistics: { active: 1, completed: 0, delayed: 0, failed: 0, paused: 0, waiting: 3000 } }, queue('library')]) },
      { status: 'ok', verdicts: ['against jobs-failing', 'supports thumbnail-not-generated'], summary: /3000 thumbnail jobs are still waiting/, figure: /^thumbnailGeneration: 3000 waiting · library: ok$/, asked: ['/api/queues'] },
    ],
    ['a member: needs an administrator, never an error', { ...HEALTHY_V2, '/api/queues': FORBIDDEN }, { status: 'needs-admin', verdicts: [], summary: /^Only an administrator can see the job queues: sign in as one, or enter an administrator's API key/, asked: ['/api/queues'] }],
    ['not signed in', { ...HEALTHY_V2, '/api/queues': UNAUTHORIZED }, { status: 'skipped', verdicts: [], summary: /^Not signed in/, asked: ['/api/queues'] }],
    ['not a list of queues', { ...HEALTHY_V2, '/api/queues': json({ queues: 3 }) }, { status: 'error', verdicts: [], summary: /not a list of queues/, asked: ['/api/queues'] }],
    [
      'hostile entries are skipped, counts read safely',
      { ...HEALTHY_V2, '/api/queues': json([null, 5, { name: 'x'.repeat(500) }, { name: 'thumbnailGeneration', statistics: { failed: -3 }, isPaused: 'yes' }, { name: 'library', statistics: { failed: 1e300 } }]) },
      { status: 'ok', verdicts: ['against jobs-failing', 'against thumbnail-not-generated'], summary: /No thumbnail/, figure: /^thumbnailGeneration: ok · library: ok$/, asked: ['/api/queues'] },
    ],
  ])('%s', async (_, routes, expected) => {
    const { byId } = await run(routes);
    const result = byId('jobs');
    expect(result.status).toBe(expected.status);
    expect(verdictsOf(result)).toEqual(expected.verdicts);
    expect(result.summary).toMatch(expected.summary);
    if (expected.figure) expect(result.figure).toMatch(expected.figure);
    expect(result.asked.map((route) => route.path)).toEqual(expected.asked);
    if (expected.link) expect(result.link).toBe(expected.link);
  });
});

describe('a run', () => {
  it('asks with the session and the key, never caching, and tells each result as it comes', async () => {
    const { report, server, seen } = await run({ ...HEALTHY_V2, '/api/server/storage': STORAGE_OK, '/api/queues': QUEUES_OK }, { apiKey: 'planted-key-123' });
    expect(seen[0]).toBe('reachability');
    expect([...seen].sort()).toEqual(['assets', 'direct', 'jobs', 'reachability', 'storage', 'web-app', 'websocket']);
    expect(report.results.map((result) => result.id)).toEqual(['reachability', 'web-app', 'storage', 'jobs', 'websocket', 'assets', 'direct']);
    expect(report).toMatchObject({ origin: ORIGIN, serverVersion: 'v2.7.5', routesBasis: 'version', usedApiKey: true });
    expect(JSON.stringify(report)).not.toContain('planted-key-123');
    for (const { url, init } of server.asked) {
      expect(url.startsWith(`${ORIGIN}/api/`)).toBe(true);
      // The key instead of the session: Immich would read a session first.
      expect(init).toMatchObject({ credentials: 'omit', cache: 'no-store', redirect: 'manual', headers: { 'x-api-key': 'planted-key-123' } });
    }
  });

  it('reads back as stored whatever the server answered: twelve failing queues', async () => {
    const failing = json(Array.from({ length: 12 }, () => queue('thumbnailGeneration', 3)));
    const { report, byId } = await run({ ...HEALTHY_V2, '/api/queues': failing });
    expect(byId('jobs').status).toBe('problem');
    expect(readServerCheckReport(JSON.parse(JSON.stringify(report)), ORIGIN)).toEqual(report);
  });

  it('with a key, a redirect is not followed, so the key goes nowhere else; the route says so', async () => {
    const { byId, server } = await run({ ...HEALTHY_V2, '/api/server/ping': { status: 302, body: '' } }, { apiKey: 'planted-key-123' });
    expect(byId('reachability').asked).toContainEqual({ path: '/api/server/ping', status: 302, error: KEY_NOT_FOLLOWED });
    expect(server.asked.find(({ url }) => url.endsWith('/api/server/ping'))?.init).toMatchObject({ redirect: 'manual' });
  });

  it('without a key, sends none', async () => {
    const { report, server } = await run(HEALTHY_V2);
    expect(report.usedApiKey).toBe(false);
    for (const { init } of server.asked) {
      expect(init?.headers).not.toHaveProperty('x-api-key');
      expect(init).toMatchObject({ credentials: 'include', cache: 'no-store' });
    }
  });

  it('times each check', async () => {
    let clock = 1000;
    const server = fakeServer(HEALTHY_V2);
    const ticking = (async (...args: Parameters<typeof fetch>) => {
      clock += 10;
      return server.fetcher(...args);
    }) as typeof fetch;
    const report = await runServerChecks({ origin: ORIGIN, fetcher: ticking, openSocket: fakeSocket('opens').openSocket, timeoutMs: 1000 }, { settings: SETTINGS, now: () => clock });
    expect(report.ranAt).toBe(1000);
    // version (1) + ping, features, config (3): 40 ms.
    expect(report.results[0]!.ms).toBe(40);
  });

  it('a fetcher that throws outright still gives every result', async () => {
    const throwing = (() => {
      throw new Error('boom');
    }) as unknown as typeof fetch;
    const throwingSocket = () => {
      throw new SyntaxError('bad url');
    };
    const report = await runServerChecks({ origin: ORIGIN, fetcher: throwing, openSocket: throwingSocket, timeoutMs: 1000 }, { settings: SETTINGS });
    expect(report.results.map((result) => [result.id, result.status])).toEqual([
      ['reachability', 'error'],
      ['web-app', 'skipped'],
      ['storage', 'error'],
      ['jobs', 'error'],
      ['websocket', 'error'],
      ['assets', 'skipped'],
      ['direct', 'skipped'],
    ]);
  });
});

describe('WebSocket', () => {
  const SOCKET = '/api/socket.io/?EIO=4&transport=websocket';
  it.each<[string, SocketBehaviour, FakeRoutes, { status: string; verdicts: string[]; summary: RegExp; figure?: string; asked: Array<Record<string, unknown>> }]>([
    ['the upgrade opens engine.io', 'opens', HEALTHY_V2, { status: 'ok', verdicts: ['against websocket-blocked'], summary: /opens/, figure: '101, engine.io open packet', asked: [{ path: SOCKET, status: 101 }] }],
    [
      'the proxy drops the upgrade: engine.io answers the plain request',
      'fails',
      { ...HEALTHY_V2, [SOCKET]: { status: 400, body: { code: 3, message: 'Bad request' }, contentType: 'application/json' } },
      { status: 'problem', verdicts: ['supports websocket-blocked'], summary: /^The WebSocket does not open \(the upgrade failed\): Immich's engine\.io answered the plain request \(400, Bad request\): the upgrade was dropped on the way\./, figure: 'upgrade failed · plain GET 400 {"code":3}', asked: [{ path: SOCKET, error: 'the upgrade failed' }, { path: SOCKET, status: 400 }] },
    ],
    [
      'a gateway answers instead',
      'fails',
      { ...HEALTHY_V2, [SOCKET]: { status: 403, body: '<html>Forbidden</html>' } },
      { status: 'problem', verdicts: ['supports websocket-blocked'], summary: /the plain request got 403\./, figure: 'upgrade failed · plain GET 403', asked: [{ path: SOCKET, error: 'the upgrade failed' }, { path: SOCKET, status: 403 }] },
    ],
    [
      'nothing comes in time',
      'hangs',
      { ...HEALTHY_V2, [SOCKET]: 'network-error' },
      { status: 'error', verdicts: [], summary: /no open packet within 0\.05 s.*no answer over plain HTTP either \(Failed to fetch\)/, figure: undefined, asked: [{ path: SOCKET, error: 'no open packet within 0.05 s' }, { path: SOCKET, error: 'Failed to fetch' }] },
    ],
  ])('%s', async (_, behaviour, routes, expected) => {
    const { byId, socket } = await run(routes, { socket: behaviour, timeoutMs: 50 });
    const result = byId('websocket');
    expect(result.status).toBe(expected.status);
    expect(verdictsOf(result)).toEqual(expected.verdicts);
    expect(result.summary).toMatch(expected.summary);
    expect(result.figure).toBe(expected.figure);
    expect(result.asked).toEqual(expected.asked);
    expect(socket.opened).toEqual([`wss://photos.example${SOCKET}`]);
  });

  it("names the proxy from the plain answer's Server header", async () => {
    const server = fakeServer({ ...HEALTHY_V2 });
    const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) =>
      String(input).endsWith(SOCKET) ? new Response('<html>502</html>', { status: 502, headers: { Server: 'nginx/1.22.1', 'Content-Type': 'text/html' } }) : server.fetcher(input, init)) as typeof fetch;
    const report = await runServerChecks({ origin: ORIGIN, fetcher, openSocket: fakeSocket('fails').openSocket, timeoutMs: 50 }, { settings: SETTINGS });
    const result = report.results.find((entry) => entry.id === 'websocket')!;
    expect(result.summary).toContain('the plain request got 502 from nginx/1.22.1');
    expect(result.asked[1]).toEqual({ path: SOCKET, status: 502, server: 'nginx/1.22.1' });
  });

  it('cuts a long network error to what a stored report keeps', async () => {
    const server = fakeServer({ ...HEALTHY_V2 });
    const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => (String(input).endsWith(SOCKET) ? Promise.reject(new TypeError(`refused ${'x'.repeat(1000)}`)) : server.fetcher(input, init))) as typeof fetch;
    const report = await runServerChecks({ origin: ORIGIN, fetcher, openSocket: fakeSocket('fails').openSocket, timeoutMs: 50 }, { settings: SETTINGS });
    const result = report.results.find((entry) => entry.id === 'websocket')!;
    expect(result.asked[1]!.error).toHaveLength(MAX_ROUTE_ERROR);
    expect(readServerCheckReport(report, ORIGIN)).toBeDefined();
  });

  // A header reaches fetch as bytes, one character each: a right-to-left override's UTF-8 (E2 80 AE)
  // holds the C1 control U+0080. Immich's JSON error may hold anything. Both are written out.
  it("writes out the controls of the plain answer's Server header and error (utils/visible-text.ts)", async () => {
    const server = fakeServer({ ...HEALTHY_V2 });
    const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) =>
      String(input).endsWith(SOCKET)
        ? new Response(JSON.stringify({ message: 'Bad \u202erequest\u001b[2J' }), { status: 400, headers: { Server: 'nginx\u00e2\u0080\u00ae', 'Content-Type': 'application/json' } })
        : server.fetcher(input, init)) as typeof fetch;
    const report = await runServerChecks({ origin: ORIGIN, fetcher, openSocket: fakeSocket('fails').openSocket, timeoutMs: 50 }, { settings: SETTINGS });
    const result = report.results.find((entry) => entry.id === 'websocket')!;
    expect(result.summary).toContain('the plain request got 400 from nginx\u00e2\\x80\u00ae (Bad \\u202erequest\\x1b[2J)');
    expect(result.asked[1]).toEqual({ path: SOCKET, status: 400, server: 'nginx\u00e2\\x80\u00ae' });
  });
});
