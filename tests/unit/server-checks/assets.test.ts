import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assetPatterns, commonFolder, hostPathOf, type AssetFacts, type AssetPattern } from '../../../utils/server-checks/asset-patterns';
import { assetFacts } from '../../../utils/server-checks/checks/assets';
import { sampleOf } from '../../../utils/server-checks/log-sample';
import { runServerChecks } from '../../../utils/server-checks/run';
import { answers, logOf, request } from '../../fixtures/responses';
import { isVisibleText } from '../../../utils/visible-text';
import { fakeServer, fakeSocket, HEALTHY_V2, json, ORIGIN, type FakeRoutes } from './fake-server';

const USER = 'user-1';
const CHUNK = 'entry/app.B2xk9.js';
const day = (date: string) => Date.parse(`${date}T12:00:00Z`);
const asset = (id: string, uploaded: string, more: Partial<AssetFacts> = {}): AssetFacts => ({ id, found: true, uploadedAt: day(uploaded), ownerId: USER, libraryId: null, hasThumbhash: true, originalPath: `/data/upload/${USER}/${id}.jpg`, ...more });

describe('assetPatterns: the guide’s questions about the failing assets', () => {
  it.each<[string, AssetFacts[], AssetFacts[], AssetPattern[]]>([
    ['only those uploaded since a date', [asset('a', '2026-11-20'), asset('b', '2026-11-25')], [asset('c', '2026-11-01'), asset('d', '2026-11-19')], [{ kind: 'uploaded-since', since: Date.parse('2026-11-20') }, { kind: 'generated-once' }]],
    ['only those uploaded before a date', [asset('a', '2026-10-01'), asset('b', '2026-10-05')], [asset('c', '2026-11-01')], [{ kind: 'uploaded-before', before: Date.parse('2026-10-06') }, { kind: 'generated-once' }]],
    ['dates that overlap: no date pattern', [asset('a', '2026-10-01'), asset('b', '2026-11-05')], [asset('c', '2026-11-01')], [{ kind: 'generated-once' }]],
    [
      'one external library, offline',
      [asset('a', '2026-10-01', { libraryId: 'lib', isOffline: true, originalPath: '/mnt/photos/a.jpg' }), asset('b', '2026-11-05', { libraryId: 'lib', isOffline: true, originalPath: '/mnt/photos/2019/b.jpg' })],
      [asset('c', '2026-11-01')],
      [{ kind: 'one-library', libraryId: 'lib', offline: true }, { kind: 'generated-once' }],
    ],
    [
      'one folder none of the loading ones is in',
      [asset('a', '2026-10-01', { originalPath: '/data/library/admin/2019/a.jpg' }), asset('b', '2026-11-05', { originalPath: '/data/library/admin/2019/x/b.jpg' })],
      [asset('c', '2026-11-01', { originalPath: '/data/library/admin/2024/c.jpg' })],
      [{ kind: 'one-folder', folder: '/data/library/admin/2019' }, { kind: 'generated-once' }],
    ],
    ['a user’s own folder is no pattern', [asset('a', '2026-10-01', { originalPath: '/data/upload/u1/a.jpg' }), asset('b', '2026-11-05', { originalPath: '/data/upload/u1/b.jpg' })], [asset('c', '2026-11-01', { originalPath: '/data/library/c.jpg' })], [{ kind: 'generated-once' }]],
    ['no loading one to compare: no folder pattern', [asset('a', '2026-10-01', { originalPath: '/data/library/u/2019/a.jpg' }), asset('b', '2026-11-05', { originalPath: '/data/library/u/2019/b.jpg' })], [], [{ kind: 'generated-once' }]],
    ['another user’s', [asset('a', '2026-10-01', { ownerId: 'other' }), asset('b', '2026-11-05', { ownerId: 'other' })], [asset('c', '2026-11-01')], [{ kind: 'another-user' }, { kind: 'generated-once' }]],
    ['never generated', [asset('a', '2026-10-01', { hasThumbhash: false }), asset('b', '2026-11-05')], [], [{ kind: 'never-generated', count: 1 }]],
    ['none found: not found or no access', [{ id: 'a', found: false }, { id: 'b', found: false }], [asset('c', '2026-11-01')], [{ kind: 'not-found' }]],
    ['without loading ones to compare: no date pattern', [asset('a', '2026-11-20'), asset('b', '2026-11-25')], [], [{ kind: 'generated-once' }]],
  ])('%s', (_, failing, healthy, expected) => {
    expect(assetPatterns(failing, healthy, { userId: USER, mediaRoot: '/data' })).toEqual(expected);
  });

  it.each<[string[], string | undefined]>([
    [['/data/library/a/2019/x.jpg', '/data/library/a/2019/y/z.jpg'], '/data/library/a/2019'],
    [['/a/x.jpg', '/b/y.jpg'], undefined],
    [['/mnt/photos/x.jpg'], '/mnt/photos'],
    [[], undefined],
  ])('commonFolder(%j) = %s', (paths, folder) => {
    expect(commonFolder(paths)).toBe(folder);
  });

  it.each<[string, string, string | undefined, string | undefined]>([
    ['/data/upload/u/aa/bb/x.jpg', '/data', '/srv/immich/library', '/srv/immich/library/upload/u/aa/bb/x.jpg'],
    ['/usr/src/app/upload/upload/u/x.jpg', '/usr/src/app/upload', '/srv/immich/', '/srv/immich/upload/u/x.jpg'],
    ['/mnt/photos/x.jpg', '/data', '/srv/immich', undefined],
    ['/data/upload/x.jpg', '/data', undefined, undefined],
    ['/database/x.jpg', '/data', '/srv', undefined],
  ])('hostPathOf(%s) from %s to %s', (path, root, host, expected) => {
    expect(hostPathOf(path, root, host)).toBe(expected);
  });
});

describe('assetFacts: an asset record read safely', () => {
  it.each<[string, number | undefined, unknown, Partial<AssetFacts>]>([
    ['a record', 200, { originalFileName: 'x.jpg', originalPath: '/data/upload/x.jpg', isOffline: false, thumbhash: 'abc', createdAt: '2026-11-20T10:00:00.000Z', fileCreatedAt: '2019-01-01T00:00:00.000Z', ownerId: 'u', libraryId: null }, { found: true, hasThumbhash: true, uploadedAt: Date.parse('2026-11-20T10:00:00.000Z'), takenAt: Date.parse('2019-01-01T00:00:00.000Z'), libraryId: null }],
    ['no access', 400, { message: 'Not found or no asset.read access' }, { found: false }],
    ['a 200 that is no record', 200, '<html>', { found: false }],
    ['hostile fields', 200, { originalPath: 'x'.repeat(10_000), createdAt: 'yesterday', thumbhash: 7, isOffline: 'yes', libraryId: 5 }, { found: true, originalPath: undefined, uploadedAt: undefined, hasThumbhash: false, isOffline: false, libraryId: null }],
  ])('%s', (_, status, body, expected) => {
    expect(assetFacts('id', status, body)).toMatchObject(expected);
  });
});

describe('sampleOf: what of the log the checks look at again', () => {
  it('takes the failing media requests’ assets, most recent first, loading ones to compare, and the app files', () => {
    const failing = ['3f2a9c1e-5b7d-4e8f-9a0b-000000000001', '3f2a9c1e-5b7d-4e8f-9a0b-000000000002'];
    const log = logOf([
      request('thumbnail', answers.missingFile, failing[0]),
      request('thumbnail', answers.missingFile, failing[1]),
      request('thumbnail', answers.missingFile, failing[1]),
      request('thumbnail', answers.thumbnailOk, '3f2a9c1e-5b7d-4e8f-9a0b-000000000003'),
      request('usersMe', answers.jsonOk),
      request('chunk', answers.chunkOk),
    ]);
    expect(sampleOf(log)).toEqual({ failingAssets: [failing[1], failing[0]], loadedAssets: ['3f2a9c1e-5b7d-4e8f-9a0b-000000000003'], appFiles: [CHUNK] });
  });
});

describe('the assets check', () => {
  const ID = (n: number) => `3f2a9c1e-5b7d-4e8f-9a0b-00000000000${n}`;
  const record = (n: number, createdAt: string, more: Record<string, unknown> = {}) => json({ id: ID(n), originalFileName: `IMG_${n}.jpg`, originalPath: `/data/upload/u/aa/bb/${ID(n)}.jpg`, ownerId: 'u', isOffline: false, thumbhash: 'th', createdAt, fileCreatedAt: createdAt, libraryId: null, ...more });
  const ROUTES: FakeRoutes = {
    ...HEALTHY_V2,
    '/api/users/me': json({ id: 'u', isAdmin: false }),
    [`/api/assets/${ID(1)}`]: record(1, '2026-11-20T10:00:00.000Z'),
    [`/api/assets/${ID(2)}`]: record(2, '2026-11-22T10:00:00.000Z'),
    [`/api/assets/${ID(3)}`]: record(3, '2026-11-02T10:00:00.000Z'),
    [`/api/assets/${ID(4)}`]: record(4, '2026-11-10T10:00:00.000Z'),
  };
  const check = async (routes: FakeRoutes, assets: { failing: string[]; healthy: string[] }, hostMediaPath?: string) => {
    const sample = { failingAssets: assets.failing, loadedAssets: assets.healthy, appFiles: [] };
    const server = fakeServer(routes);
    const report = await runServerChecks({ origin: ORIGIN, fetcher: server.fetcher, openSocket: fakeSocket('opens').openSocket, timeoutMs: 1000 }, { settings: { diskFullPercent: 95, hostMediaPath }, sample });
    return { result: report.results.find((result) => result.id === 'assets')!, asked: server.asked.map((entry) => entry.url.slice(ORIGIN.length)) };
  };

  it('only new uploads fail: a problem pointing at the files, with the host path of the first one', async () => {
    const { result, asked } = await check(ROUTES, { failing: [ID(1), ID(2)], healthy: [ID(3)] }, '/srv/immich/library');
    expect(result.status).toBe('problem');
    expect(result.summary).toBe('Looked up 2 failing assets. Only assets uploaded since 2026-11-20 fail; those uploaded before load: new uploads are stored where Immich no longer finds them (a volume not mounted since an update?). All have a thumbhash: their thumbnails were generated once, so their files went missing since.');
    expect(result.figure).toBe('2 of 2 found · 0 offline · 0 without thumbhash · uploaded 2026-11-20 to 2026-11-22 · compared with 1 that load');
    expect(result.detail).toBe(`First failing original: IMG_1.jpg, in the container /data/upload/u/aa/bb/${ID(1)}.jpg, on the host /srv/immich/library/upload/u/aa/bb/${ID(1)}.jpg.`);
    expect(result.command).toBe(`ls -l '/srv/immich/library/upload/u/aa/bb/${ID(1)}.jpg'`);
    expect(result.verdicts.map(({ cause, verdict }) => `${verdict} ${cause}`)).toEqual(['supports media-file-unreadable', 'against thumbnail-not-generated']);
    expect(asked.filter((path) => path.startsWith('/api/assets/') || path === '/api/users/me')).toEqual(['/api/users/me', `/api/assets/${ID(1)}`, `/api/assets/${ID(2)}`, `/api/assets/${ID(3)}`]);
  });

  // An RTL file name's mark, a quote: the command lists this very file, and shows it as it is
  // (utils/visible-text.ts). Pasted into bash, as the user does, it finds the file.
  it("a file name with a right-to-left mark and a quote: a command that shows it and lists it in bash", async () => {
    const name = `\u0635\u0648\u0631\u0629\u200f's ${ID(1)}.jpg`;
    const routes = { ...ROUTES, [`/api/assets/${ID(1)}`]: record(1, '2026-11-20T10:00:00.000Z', { originalFileName: name, originalPath: `/data/upload/u/${name}` }) };
    const host = mkdtempSync(join(tmpdir(), 'immich-doctor-assets-'));
    mkdirSync(join(host, 'upload', 'u'), { recursive: true });
    writeFileSync(join(host, 'upload', 'u', name), 'jpeg');
    const { result } = await check(routes, { failing: [ID(1), ID(2)], healthy: [ID(3)] }, host);
    expect(result.command).toBe(`ls -l $'${host}/upload/u/\u0635\u0648\u0631\u0629\\u200f\\'s ${ID(1)}.jpg'`);
    expect(result.detail).toContain(`in the container /data/upload/u/\u0635\u0648\u0631\u0629\\u200f's ${ID(1)}.jpg`);
    expect(isVisibleText(`${result.summary}${result.detail}${result.command}`, Infinity)).toBe(true);
    const listed = execFileSync('bash', ['-c', result.command!], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    expect(listed).toContain(ID(1));
  });

  it.each<[string, FakeRoutes, { failing: string[]; healthy: string[] }, { status: string; summary: RegExp }]>([
    ['nothing failing named an asset', ROUTES, { failing: [], healthy: [ID(3)] }, { status: 'skipped', summary: /No failing request named an asset/ }],
    ['not signed in', { ...ROUTES, '/api/users/me': json({ message: 'Authentication required' }, 401) }, { failing: [ID(1)], healthy: [] }, { status: 'skipped', summary: /^Not signed in/ }],
    ['unknown to this user', { ...ROUTES, [`/api/assets/${ID(1)}`]: json({ message: 'Not found or no asset.read access' }, 400) }, { failing: [ID(1)], healthy: [] }, { status: 'problem', summary: /None of them exists for you/ }],
    ['no pattern but thumbhashes', ROUTES, { failing: [ID(1), ID(3)], healthy: [ID(4)] }, { status: 'ok', summary: /^Looked up 2 failing assets\. All have a thumbhash/ }],
  ])('%s', async (_, routes, assets, expected) => {
    const { result } = await check(routes, assets);
    expect(result.status).toBe(expected.status);
    expect(result.summary).toMatch(expected.summary);
  });

  it('before v1.106 there is no asset route to ask', async () => {
    const { result } = await check({ '/api/server-info/version': json({ major: 1, minor: 105, patch: 0 }), '/api/server-info/ping': json({ res: 'pong' }) }, { failing: [ID(1)], healthy: [] });
    expect(result).toMatchObject({ status: 'skipped', asked: [] });
  });

  it('asks at most 20 failing and 10 loading ones, three at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const server = fakeServer(ROUTES);
    const counting = (async (...args: Parameters<typeof fetch>) => {
      const path = String(args[0]).slice(ORIGIN.length);
      if (!path.startsWith('/api/assets/')) return server.fetcher(...args);
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight -= 1;
      return server.fetcher(...args);
    }) as typeof fetch;
    const many = (prefix: string, count: number) => Array.from({ length: count }, (_, n) => `${prefix}-${n}`);
    const report = await runServerChecks({ origin: ORIGIN, fetcher: counting, openSocket: fakeSocket('opens').openSocket, timeoutMs: 1000 }, { settings: { diskFullPercent: 95 }, sample: { failingAssets: many('f', 30), loadedAssets: many('h', 30), appFiles: [] } });
    const result = report.results.find((entry) => entry.id === 'assets')!;
    expect(result.asked.filter((route) => route.path.startsWith('/api/assets/'))).toHaveLength(30);
    expect(most).toBe(3);
  });
});
