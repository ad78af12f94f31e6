import { existsSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { EXTERNAL_LIBRARY_PATH, LAB_ADMIN_API_KEY, LAB_MEMBER_API_KEY, MEMBER_ID, startImmichLab, type ImmichLab, type LabVersion } from '../../lab/immich-server';
import { EXTERNAL_LIBRARY_ID, OWNER_ID, type LabAsset } from '../../lab/media-fixtures';

// The lab answers over real HTTP, as the extension will ask it: these tests fetch from Node.
const VERSIONS: LabVersion[] = ['v1.118.0', 'v2.7.5'];
// Queues added after v1.118 (immich.md §2 "Queue names").
const V2_QUEUES = ['backupDatabase', 'ocr', 'workflow', 'editor'];

let labs: ImmichLab[] = [];
afterEach(async () => {
  await Promise.all(labs.map((lab) => lab.close()));
  labs = [];
});

async function lab(options: Parameters<typeof startImmichLab>[0] = {}): Promise<ImmichLab> {
  const started = await startImmichLab({ assets: 3, ...options });
  labs.push(started);
  return started;
}

/** The session cookie `/lab/login` sets, as a `Cookie` header. */
async function login(on: ImmichLab, user?: 'member'): Promise<string> {
  const response = await fetch(`${on.url}/lab/login${user ? `?user=${user}` : ''}`, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return /immich_access_token=[^;]+/.exec(response.headers.get('set-cookie') ?? '')![0];
}

async function get(on: ImmichLab, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(`${on.url}${path}`, { headers });
  return { status: response.status, body: await response.json() };
}

const asAdmin = async (on: ImmichLab, path: string) => get(on, path, { cookie: await login(on) });

describe.each(VERSIONS)('the lab as Immich %s', (version) => {
  const v2 = version === 'v2.7.5';

  it('answers its version on /api/server/version and /api/server/about', async () => {
    const immich = await lab({ version });
    expect(immich.version).toBe(version);
    const [major, minor, patch] = version.slice(1).split('.').map(Number);
    expect(await get(immich, '/api/server/version')).toEqual({ status: 200, body: { major, minor, patch } });
    expect((await asAdmin(immich, '/api/server/about')).body.version).toBe(version);
  });

  it.each(['/api/server-info/ping', '/api/server-info/version', '/api/server-info'])('%s is gone since v1.118: 404 whoever asks', async (path) => {
    const immich = await lab({ version });
    const { status, body } = await get(immich, path);
    expect(status).toBe(404);
    expect(body).toMatchObject({ message: `Cannot GET ${path}`, error: 'Not Found', statusCode: 404 });
  });

  it('publishes its features; ocr only on 2.x', async () => {
    const { status, body } = await get(await lab({ version }), '/api/server/features');
    expect(status).toBe(200);
    const flags = ['smartSearch', 'facialRecognition', 'duplicateDetection', 'map', 'reverseGeocoding', 'importFaces', 'sidecar', 'search', 'trash', 'oauth', 'oauthAutoLaunch', 'passwordLogin', 'configFile', 'email'];
    expect(Object.keys(body).sort()).toEqual([...flags, ...(v2 ? ['ocr'] : [])].sort());
    expect(Object.values(body).every((flag) => typeof flag === 'boolean')).toBe(true);
  });

  it('has maintenanceMode in its config only from v2.3', async () => {
    const { body } = await get(await lab({ version }), '/api/server/config');
    expect('maintenanceMode' in body).toBe(v2);
  });

  it('tells the admin and the member apart on /api/users/me', async () => {
    const immich = await lab({ version });
    expect((await asAdmin(immich, '/api/users/me')).body).toEqual({ id: OWNER_ID, email: 'admin@lab.test', name: 'Lab Admin', isAdmin: true, profileImagePath: 'face.jpeg' });
    const member = await get(immich, '/api/users/me', { cookie: await login(immich, 'member') });
    expect(member.body).toMatchObject({ id: MEMBER_ID, isAdmin: false });
  });

  it('lists its queues on /api/jobs, and on /api/queues from v2.4', async () => {
    const immich = await lab({ version });
    const jobs = await asAdmin(immich, '/api/jobs');
    expect(jobs.status).toBe(200);
    expect(jobs.body.thumbnailGeneration).toEqual({
      jobCounts: { active: 0, completed: 0, failed: 0, delayed: 0, waiting: 0, paused: 0 },
      queueStatus: { isActive: false, isPaused: false },
    });
    expect(Object.keys(jobs.body)).toContain('duplicateDetection');
    expect(Object.keys(jobs.body).filter((name) => V2_QUEUES.includes(name))).toEqual(v2 ? V2_QUEUES : []);

    for (const path of ['/api/queues', '/api/queues/thumbnailGeneration', '/api/queues/thumbnailGeneration/jobs?status=failed']) {
      const queues = await asAdmin(immich, path);
      if (v2) expect(queues.status, path).toBe(200);
      else expect(queues, path).toMatchObject({ status: 404, body: { message: `Cannot GET ${path.split('?')[0]}`, error: 'Not Found' } });
    }
    if (!v2) return;
    const queues = await asAdmin(immich, '/api/queues');
    expect(queues.body.map((queue: { name: string }) => queue.name)).toEqual(Object.keys(jobs.body));
    expect(queues.body[0]).toEqual({ name: 'thumbnailGeneration', isPaused: false, statistics: { active: 0, completed: 0, failed: 0, delayed: 0, waiting: 0, paused: 0 } });
  });

  it('forbids the admin routes to the member, by session or by API key', async () => {
    const immich = await lab({ version });
    const cookie = await login(immich, 'member');
    const paths = ['/api/jobs', ...(v2 ? ['/api/queues', '/api/queues/thumbnailGeneration/jobs?status=failed'] : [])];
    for (const headers of [{ cookie }, { 'x-api-key': LAB_MEMBER_API_KEY }] as Array<Record<string, string>>) {
      for (const path of paths) {
        const { status, body } = await get(immich, path, headers);
        expect(status, path).toBe(403);
        expect(body).toMatchObject({ message: 'Forbidden', error: 'Forbidden', statusCode: 403, correlationId: expect.any(String) });
      }
    }
  });

  it('takes API keys after the session, and records every key it was sent', async () => {
    const immich = await lab({ version });
    expect((await get(immich, '/api/jobs', { 'x-api-key': LAB_ADMIN_API_KEY })).status).toBe(200);
    expect((await get(immich, '/api/jobs', { 'x-api-key': LAB_MEMBER_API_KEY })).status).toBe(403);
    const bad = await get(immich, '/api/users/me', { 'x-api-key': 'not-a-key' });
    expect(bad).toMatchObject({ status: 401, body: { message: 'Invalid API key', error: 'Unauthorized', statusCode: 401, correlationId: expect.any(String) } });
    // The session wins: the member's key beside the admin's cookie is the admin.
    const both = await get(immich, '/api/users/me', { cookie: await login(immich), 'x-api-key': LAB_MEMBER_API_KEY });
    expect(both.body.id).toBe(OWNER_ID);
    expect(immich.apiKeysSeen()).toEqual([LAB_ADMIN_API_KEY, LAB_MEMBER_API_KEY, 'not-a-key', LAB_MEMBER_API_KEY]);
  });

  it('fails every thumbnail job with thumbnailJobsFailed: counted, listed, 404, no thumbhash', async () => {
    const immich = await lab({ version, faults: { thumbnailJobsFailed: true } });
    const ids = immich.assets.map((asset) => asset.id);
    expect((await asAdmin(immich, '/api/jobs')).body.thumbnailGeneration.jobCounts.failed).toBe(ids.length);
    if (v2) {
      expect((await asAdmin(immich, '/api/queues/thumbnailGeneration')).body.statistics.failed).toBe(ids.length);
      const failed = await asAdmin(immich, '/api/queues/thumbnailGeneration/jobs?status=failed');
      expect(failed.body.map((job: { data: { id: string } }) => job.data.id)).toEqual(ids);
      expect(failed.body[0]).toEqual({ id: expect.any(String), name: 'AssetGenerateThumbnails', data: { id: ids[0] }, timestamp: expect.any(Number) });
    }
    const thumbnail = await asAdmin(immich, `/api/assets/${ids[0]}/thumbnail?size=thumbnail`);
    expect(thumbnail).toMatchObject({ status: 404, body: { message: 'Asset media not found', error: 'Not Found', statusCode: 404 } });
    expect((await asAdmin(immich, `/api/assets/${ids[0]}`)).body.thumbhash).toBeNull();
  });

  it('reports paused queues, with the thumbnails waiting', async () => {
    const immich = await lab({ version, faults: { pausedQueues: ['thumbnailGeneration', 'smartSearch'] } });
    const { body } = await asAdmin(immich, '/api/jobs');
    expect(body.thumbnailGeneration).toMatchObject({ jobCounts: { waiting: immich.assets.length }, queueStatus: { isPaused: true } });
    expect(body.smartSearch).toMatchObject({ jobCounts: { waiting: 0 }, queueStatus: { isPaused: true } });
    expect(body.metadataExtraction.queueStatus.isPaused).toBe(false);
    if (v2) {
      const queues = (await asAdmin(immich, '/api/queues')).body as Array<{ name: string; isPaused: boolean }>;
      expect(queues.filter((queue) => queue.isPaused).map((queue) => queue.name)).toEqual(['thumbnailGeneration', 'smartSearch']);
    }
  });

  it('answers the asset record with its path inside the container, and 400 to the member', async () => {
    const immich = await lab({ version });
    const [asset] = immich.assets;
    const { status, body } = await asAdmin(immich, `/api/assets/${asset!.id}`);
    expect(status).toBe(200);
    const root = v2 ? '/data/upload' : '/usr/src/app/upload/upload';
    const extension = asset!.type === 'VIDEO' ? 'mp4' : 'jpg';
    expect(body).toMatchObject({
      id: asset!.id,
      type: asset!.type,
      originalFileName: asset!.originalName,
      originalPath: `${root}/${OWNER_ID}/${asset!.id.slice(0, 2)}/${asset!.id.slice(2, 4)}/${asset!.id}.${extension}`,
      ownerId: OWNER_ID,
      isOffline: false,
      thumbhash: expect.any(String),
      libraryId: null,
      isTrashed: false,
      checksum: expect.any(String),
    });
    for (const field of ['fileCreatedAt', 'fileModifiedAt', 'localDateTime', 'createdAt']) expect(Number.isNaN(Date.parse(body[field])), field).toBe(false);
    const member = await get(immich, `/api/assets/${asset!.id}`, { cookie: await login(immich, 'member') });
    expect(member).toMatchObject({ status: 400, body: { message: 'Not found or no asset.read access', error: 'Bad Request', statusCode: 400 } });
    const thumbnail = await get(immich, `/api/assets/${asset!.id}/thumbnail`, { cookie: await login(immich, 'member') });
    expect(thumbnail).toMatchObject({ status: 400, body: { message: 'Not found or no asset.view access' } });
  });
});

describe('the lab by default (v2.7.5, admin session)', () => {
  it('keeps the session from /lab/login without a user', async () => {
    const immich = await lab();
    expect(immich.version).toBe('v2.7.5');
    expect(await login(immich)).toBe('immich_access_token=lab-session-token');
    expect((await asAdmin(immich, '/api/users/me')).body.id).toBe(OWNER_ID);
    const thumbnail = await fetch(`${immich.url}/api/assets/${immich.assets[0]!.id}/thumbnail`, { headers: { cookie: await login(immich) } });
    expect(thumbnail.status).toBe(200);
  });

  it('answers storage figures consistent with diskUsagePercent', async () => {
    const immich = await lab({ faults: { diskUsagePercent: 97.5 } });
    const { status, body } = await asAdmin(immich, '/api/server/storage');
    expect(status).toBe(200);
    expect(body).toMatchObject({ diskSize: '252.0 GiB', diskUse: '245.7 GiB', diskAvailable: '6.3 GiB', diskSizeRaw: 252 * 1024 ** 3, diskUsagePercentage: 97.5 });
    expect(body.diskUseRaw / body.diskSizeRaw).toBeCloseTo(0.975, 6);
    expect(body.diskUseRaw + body.diskAvailableRaw).toBe(body.diskSizeRaw);
  });

  it('keeps the storage 500 when the volume is gone', async () => {
    const immich = await lab({ faults: { volumeGone: true } });
    expect(await asAdmin(immich, '/api/server/storage')).toMatchObject({ status: 500, body: { message: 'Failed to get storage' } });
  });

  it('rejects unknown queue names with the validation error, listing the names', async () => {
    const { status, body } = await asAdmin(await lab(), '/api/queues/thumbnails/jobs?status=failed');
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'Bad Request', statusCode: 400 });
    expect(body.message[0]).toMatch(/^name must be one of the following values: thumbnailGeneration, metadataExtraction, .*, editor$/);
  });

  it('refuses faults a version cannot have', async () => {
    await expect(startImmichLab({ version: 'v1.118.0', faults: { maintenance: true } })).rejects.toThrow(/maintenance mode needs Immich v2\.3\+/);
    const old = await lab({ version: 'v1.118.0' });
    expect(() => old.setFaults({ pausedQueues: ['ocr'] })).toThrow('v1.118.0 has no queue ocr');
  });
});

describe('the lab for failing assets: real files gone by upload date or with the external library', () => {
  // Six assets a day apart from 2026-11-01 (the first a video), the last two in the external library.
  const start = (faults = {}) => lab({ assets: 6, externalAssets: 2, faults });
  /** The middle of the asset dates: assets 3-5 were uploaded on or after it, 0-2 before. */
  const MIDDLE = '2026-11-04T00:00:00.000Z';

  /** The status of an asset's thumbnail, preview and original. */
  async function media(on: ImmichLab, asset: LabAsset): Promise<{ thumbnail: number; preview: number; original: number }> {
    const cookie = await login(on);
    const status = async (path: string) => (await fetch(`${on.url}/api/assets/${asset.id}/${path}`, { headers: { cookie } })).status;
    return { thumbnail: await status('thumbnail?size=thumbnail'), preview: await status('thumbnail?size=preview'), original: await status('original') };
  }
  const all = (status: number) => ({ thumbnail: status, preview: status, original: status });
  const everyMedia = (on: ImmichLab) => Promise.all(on.assets.map((asset) => media(on, asset)));

  it('dates each upload a day after the last and keeps the external library apart, in its records too', async () => {
    const immich = await start();
    const days = immich.assets.map((asset) => Date.parse(asset.createdAt));
    expect(days.slice(1).map((day, index) => day - days[index]!)).toEqual(Array(5).fill(24 * 3600 * 1000));
    expect(immich.assets.map((asset) => asset.libraryId)).toEqual([null, null, null, null, EXTERNAL_LIBRARY_ID, EXTERNAL_LIBRARY_ID]);
    for (const asset of immich.assets) {
      const { body } = await asAdmin(immich, `/api/assets/${asset.id}`);
      expect(body).toMatchObject({ createdAt: asset.createdAt, libraryId: asset.libraryId, isOffline: false });
      const root = asset.libraryId ? `${EXTERNAL_LIBRARY_PATH}/${asset.originalName}` : `/data/upload/${OWNER_ID}/`;
      expect(body.originalPath.startsWith(root), body.originalPath).toBe(true);
    }
    expect(await everyMedia(immich)).toEqual(Array(6).fill(all(200)));
  });

  it('filesGoneUploadedSince moves the files of the later uploads away, as a missing file answers, until it is lifted', async () => {
    const immich = await start({ filesGoneUploadedSince: MIDDLE });
    expect(await everyMedia(immich)).toEqual([...Array(3).fill(all(200)), ...Array(3).fill(all(500))]);
    const gone = immich.assets[3]!;
    expect([gone.thumbnailPath!, gone.previewPath!, gone.originalPath].filter(existsSync)).toEqual([]);
    const original = await fetch(`${immich.url}/api/assets/${gone.id}/original`, { headers: { cookie: await login(immich) } });
    expect(original.headers.get('content-type')).toBe('image/jpeg; charset=utf-8');
    expect(await original.json()).toMatchObject({ message: 'Internal server error', statusCode: 500 });
    expect((await asAdmin(immich, `/api/assets/${gone.id}`)).body).toMatchObject({ isOffline: false, thumbhash: expect.any(String) });
    immich.setFaults({ filesGoneUploadedSince: null });
    expect(await everyMedia(immich)).toEqual(Array(6).fill(all(200)));
  });

  it('filesGoneUploadedBefore moves the files of the earlier uploads away, until it is lifted', async () => {
    const immich = await start();
    immich.setFaults({ filesGoneUploadedBefore: MIDDLE });
    expect(await everyMedia(immich)).toEqual([...Array(3).fill(all(500)), ...Array(3).fill(all(200))]);
    immich.setFaults({ filesGoneUploadedBefore: null });
    expect(await everyMedia(immich)).toEqual(Array(6).fill(all(200)));
  });

  it('externalLibraryOffline fails the external originals only and marks those assets offline, until the share is back', async () => {
    const immich = await start();
    immich.setFaults({ externalLibraryOffline: true });
    const external = { thumbnail: 200, preview: 200, original: 500 };
    expect(await everyMedia(immich)).toEqual([...Array(4).fill(all(200)), external, external]);
    const offline = await Promise.all(immich.assets.map(async (asset) => (await asAdmin(immich, `/api/assets/${asset.id}`)).body.isOffline));
    expect(offline).toEqual([false, false, false, false, true, true]);
    immich.setFaults({ externalLibraryOffline: false });
    expect(await everyMedia(immich)).toEqual(Array(6).fill(all(200)));
    expect((await asAdmin(immich, `/api/assets/${immich.assets[5]!.id}`)).body.isOffline).toBe(false);
  });

  it('puts back files lifted while their folder was away once the folder returns', async () => {
    const immich = await start({ filesGoneUploadedSince: MIDDLE });
    immich.setFaults({ externalLibraryOffline: true });
    immich.setFaults({ filesGoneUploadedSince: null });
    const external = { thumbnail: 200, preview: 200, original: 500 };
    expect(await everyMedia(immich)).toEqual([...Array(4).fill(all(200)), external, external]);
    immich.setFaults({ externalLibraryOffline: false });
    expect(await everyMedia(immich)).toEqual(Array(6).fill(all(200)));
    // The volume and a folder inside it lifted together.
    immich.setFaults({ volumeGone: true, thumbnailsMissing: true });
    immich.setFaults({ volumeGone: false, thumbnailsMissing: false });
    expect(await everyMedia(immich)).toEqual(Array(6).fill(all(200)));
  });

  it('refuses a date that is none', async () => {
    await expect(startImmichLab({ faults: { filesGoneUploadedBefore: 'last week' } })).rejects.toThrow('not a date: last week');
  });
});

describe('originalBodiesHeld: a long download', () => {
  /** Whether the promise settles within `ms`. */
  const settlesWithin = (promise: Promise<unknown>, ms: number) =>
    Promise.race([promise.then(() => true, () => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);
  const media = (on: ImmichLab, type: LabAsset['type']) => on.assets.find((asset) => asset.type === type)!;

  it("sends an original's and a video range's headers at once and their bytes once lifted; thumbnails and HEAD are not held", async () => {
    const immich = await lab();
    const cookie = await login(immich);
    const image = media(immich, 'IMAGE');
    const video = media(immich, 'VIDEO');
    immich.setFaults({ originalBodiesHeld: true });
    const original = await fetch(`${immich.url}/api/assets/${image.id}/original`, { headers: { cookie } });
    const range = await fetch(`${immich.url}/api/assets/${video.id}/video/playback`, { headers: { cookie, range: 'bytes=0-99' } });
    expect([original.status, range.status]).toEqual([200, 206]);
    const bodies = Promise.all([original.arrayBuffer(), range.arrayBuffer()]);
    const thumbnail = await fetch(`${immich.url}/api/assets/${image.id}/thumbnail`, { headers: { cookie } });
    expect((await thumbnail.arrayBuffer()).byteLength).toBe(statSync(image.thumbnailPath!).size);
    const head = await fetch(`${immich.url}/api/assets/${image.id}/original`, { method: 'HEAD', headers: { cookie, range: 'bytes=0-9' } });
    expect(head.status).toBe(206);
    expect(await settlesWithin(head.arrayBuffer(), 1_000)).toBe(true);
    expect(await settlesWithin(bodies, 300)).toBe(false);

    immich.setFaults({ originalBodiesHeld: false });
    const [originalBytes, rangeBytes] = await bodies;
    expect(originalBytes.byteLength).toBe(statSync(image.originalPath).size);
    expect(rangeBytes.byteLength).toBe(Math.min(100, statSync(video.originalPath).size));
  });

  it('close() cuts a held download off', async () => {
    const immich = await lab({ faults: { originalBodiesHeld: true } });
    const response = await fetch(`${immich.url}/api/assets/${media(immich, 'IMAGE').id}/original`, { headers: { cookie: await login(immich) } });
    expect(response.status).toBe(200);
    const body = response.arrayBuffer();
    await immich.close();
    await expect(body).rejects.toThrow();
  });
});

describe('webAppUpgraded: Immich updated behind an open tab', () => {
  const answer = async (on: ImmichLab, path: string) => {
    const response = await fetch(`${on.url}${path}`);
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };

  it("the open tab's chunk falls through to index.html; the new page names the new chunk, which loads; lifted, all is as before", async () => {
    const started = await lab();
    expect(await answer(started, '/_app/immutable/entry/app.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    started.setFaults({ webAppUpgraded: true });
    const old = await answer(started, '/_app/immutable/entry/app.js');
    expect(old).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(old.text).toContain('/_app/immutable/entry/app.upgraded.js');
    expect(old.text).not.toContain('/_app/immutable/entry/app.js');
    expect(await answer(started, '/_app/immutable/entry/app.upgraded.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8' });
    started.setFaults({ webAppUpgraded: false });
    expect((await answer(started, '/photos')).text).toContain('/_app/immutable/entry/app.js');
    expect(await answer(started, '/_app/immutable/entry/app.upgraded.js')).toMatchObject({ type: 'text/html; charset=utf-8' });
  });
});
