import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMediaFolder, OWNER_ID, PERSON_ID, type LabAsset } from './media-fixtures';

/**
 * A simulated Immich v2.7.5 on loopback, answering as immich.md ("Confirmed on a running Immich v2.7.5")
 * says: its routes of both generations, its headers (`x-immich-cid`, `X-Powered-By: Express`,
 * cache-control, content types, ranges), its JSON error bodies, media read from files on disk in
 * Immich's layout, and a web app that behaves like the timeline. Faults are switches.
 */
export interface Faults {
  /** The thumbnail job never ran: no thumbnail/preview path in the DB → 404 "Asset media not found". */
  thumbnailsNotGenerated: boolean;
  /** The thumbs folder gone from disk → thumbnails and previews 500 with the image content type. */
  thumbnailsMissing: boolean;
  /** Thumbnail files unreadable (EACCES). Simulated: the lab runs as root, which ignores file modes. */
  thumbnailsUnreadable: boolean;
  /** The library (upload) folder gone from disk → originals and videos 500. */
  originalsMissing: boolean;
  /** The whole media volume unmounted: every file 500, and /api/server/storage 500. */
  volumeGone: boolean;
  /** The session cookie is no longer valid → 401 on every authenticated route. */
  sessionExpired: boolean;
  /** Maintenance mode (v2.3+): asset and most API routes 404. */
  maintenance: boolean;
  /**
   * Immich is up but its database (PostgreSQL) is unreachable: `/api/server/ping` still answers pong
   * and `/api/server/version` its version (neither queries anything), every other API route fails its first query and answers the
   * GlobalExceptionFilter's JSON 500 with `x-immich-cid`: media routes too, before any file or media
   * type is looked at (the asset lookup and the access check are queries), so their 500 is JSON, not
   * the media type a missing file keeps (immich.md §3). The socket.io handshake is engine.io's and
   * still upgrades.
   */
  databaseDown: boolean;
  /** Milliseconds before an original or video starts to answer. */
  slowOriginalsMs: number;
}

export const NO_FAULTS: Faults = {
  thumbnailsNotGenerated: false,
  thumbnailsMissing: false,
  thumbnailsUnreadable: false,
  originalsMissing: false,
  volumeGone: false,
  sessionExpired: false,
  maintenance: false,
  databaseDown: false,
  slowOriginalsMs: 0,
};

export interface ImmichLab {
  url: string;
  port: number;
  assets: LabAsset[];
  faults: Faults;
  /**
   * How many requests the lab has answered (HTTP and WebSocket handshakes): on a first visit with an
   * empty cache and no service worker, exactly the requests the browser made, so a test can prove the
   * extension saw every one.
   */
  requestsServed(): number;
  /**
   * How many requests the lab answered from the start of `run` until it has had none for `quietMs`:
   * a page that says it is done may still cause requests. Chromium checks a controlling service
   * worker's script (`/service-worker.js`) 1.7-1.8 s after the page's last request (measured): a count
   * taken sooner missed it while the extension recorded it (CI: 25 recorded against 24 counted).
   */
  servedDuring(run: () => Promise<unknown>, quietMs?: number): Promise<number>;
  setFaults(faults: Partial<Faults>): void;
  /** Stops listening and ends every connection (an Immich that died); safe to call twice. */
  close(): Promise<void>;
}

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), 'app');
const SESSION_TOKEN = 'lab-session-token';
const MEDIA_CACHE = 'private, max-age=86400, no-transform, stale-while-revalidate=2592000, stale-if-error=2592000';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const MIME: Record<string, string> = { '.webp': 'image/webp', '.jpeg': 'image/jpeg', '.jpg': 'image/jpeg', '.mp4': 'video/mp4', '.js': 'text/javascript', '.css': 'text/css' };

const correlationId = () => randomBytes(4).toString('hex');

/** Every answer of Immich's API layer: Express's header, then the correlation id. */
function apiHeaders(response: ServerResponse): string {
  const cid = correlationId();
  response.setHeader('X-Powered-By', 'Express');
  response.setHeader('x-immich-cid', cid);
  return cid;
}

function sendJson(response: ServerResponse, status: number, body: unknown, cid?: string): void {
  const payload = JSON.stringify(body && typeof body === 'object' && cid && status >= 400 ? { ...body, correlationId: cid } : body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(payload) });
  response.end(payload);
}

const ERRORS = {
  unauthorized: { message: 'Authentication required', error: 'Unauthorized', statusCode: 401 },
  invalidToken: { message: 'Invalid user token', error: 'Unauthorized', statusCode: 401 },
  notGenerated: { message: 'Asset media not found', error: 'Not Found', statusCode: 404 },
  noAccess: (permission: string) => ({ message: `Not found or no ${permission} access`, error: 'Bad Request', statusCode: 400 }),
  internal: { message: 'Internal server error', statusCode: 500 },
  notFound: (path: string) => ({ message: `Cannot GET ${path}`, error: 'Not Found', statusCode: 404 }),
};

function cookieToken(request: IncomingMessage): string | undefined {
  return /(?:^|;\s*)immich_access_token=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
}

/**
 * Serves a file as Immich's `sendFile` does (server/src/utils/file.ts): Content-Type and
 * Content-Disposition are set first, then `fs.access(R_OK)`; a missing or unreadable file becomes the
 * GlobalExceptionFilter's JSON 500 with the media type kept and `Cache-Control: none` (row 30).
 */
async function sendFile(request: IncomingMessage, response: ServerResponse, path: string | null, name: string, cacheControl: string, unreadable: boolean): Promise<void> {
  const cid = apiHeaders(response);
  if (path === null) return sendJson(response, 404, ERRORS.notGenerated, cid);
  const type = MIME[extname(path)] ?? 'application/octet-stream';
  response.setHeader('Content-Type', type);
  response.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(name)}`);
  let size: number;
  let mtimeMs: number;
  try {
    if (unreadable) throw Object.assign(new Error(`EACCES: permission denied, access '${path}'`), { code: 'EACCES' });
    await access(path, constants.R_OK);
    ({ size, mtimeMs } = await stat(path));
  } catch {
    response.setHeader('Cache-Control', 'none');
    response.setHeader('Content-Type', `${type}; charset=utf-8`);
    const payload = JSON.stringify({ ...ERRORS.internal, correlationId: cid });
    response.writeHead(500, { 'Content-Length': Buffer.byteLength(payload) });
    response.end(payload);
    return;
  }
  const etag = `W/"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
  response.setHeader('Cache-Control', cacheControl);
  response.setHeader('Accept-Ranges', 'bytes');
  response.setHeader('ETag', etag);
  response.setHeader('Last-Modified', new Date(mtimeMs).toUTCString());
  if (request.headers['if-none-match'] === etag) {
    response.removeHeader('Content-Type');
    response.writeHead(304);
    response.end();
    return;
  }
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? '');
  if (range) {
    const start = range[1] ? Number(range[1]) : 0;
    const end = Math.min(range[2] ? Number(range[2]) : size - 1, size - 1);
    response.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': end - start + 1 });
    streamFile(path, response, { start, end });
    return;
  }
  response.writeHead(200, { 'Content-Length': size });
  if (request.method === 'HEAD') response.end();
  else streamFile(path, response);
}

/**
 * Sends a file's bytes. The lab may remove its files while an answer is on its way (the
 * websocket-upstream-dies scenario closes the lab mid-browse): a file gone between the check and the
 * read cuts the answer off, as a dying server does. Unhandled, the stream's ENOENT failed a CI run.
 */
function streamFile(path: string, response: ServerResponse, range?: { start: number; end: number }): void {
  createReadStream(path, range)
    .on('error', () => response.destroy())
    .pipe(response);
}

/** The web app's files: index.html for every non-API route (SPA fallback, `no-store`), immutable chunks. */
function sendWebApp(response: ServerResponse, pathname: string): void {
  response.setHeader('X-Powered-By', 'Express');
  const file = join(APP_DIR, pathname.replace(/^\/_app\/immutable\//, ''));
  const isChunk = pathname.startsWith('/_app/immutable/') && !pathname.includes('..') && existsSync(file) && statSync(file).isFile();
  if (isChunk) {
    response.writeHead(200, { 'Content-Type': `${MIME[extname(file)] ?? 'application/octet-stream'}; charset=utf-8`, 'Cache-Control': 'public,max-age=31536000,immutable' });
    response.end(readFileSync(file));
    return;
  }
  if (pathname === '/service-worker.js') {
    response.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' });
    response.end(readFileSync(join(APP_DIR, 'service-worker.js')));
    return;
  }
  if (pathname === '/.well-known/immich') {
    response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify({ api: { endpoint: '/api' } }));
    return;
  }
  response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(readFileSync(join(APP_DIR, 'index.html')));
}

/** engine.io's own answers under /api/socket.io/: no Express headers, no cid (rows 50b-51e). */
function sendEngineIoError(response: ServerResponse, code: number, message: string): void {
  response.writeHead(400, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' });
  response.end(JSON.stringify({ code, message }));
}

function upgradeSocket(request: IncomingMessage, socket: Duplex): void {
  const url = new URL(request.url ?? '/', 'http://lab');
  const key = request.headers['sec-websocket-key'];
  if (url.pathname !== '/api/socket.io/' || url.searchParams.get('transport') !== 'websocket' || typeof key !== 'string') {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-type: text/html\r\nContent-Length: 17\r\n\r\nTransport unknown');
    return;
  }
  const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  socket.write(
    `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nAccess-Control-Allow-Origin: *\r\n\r\n`,
  );
  const open = `0${JSON.stringify({ sid: randomBytes(10).toString('base64url'), upgrades: [], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1000000 })}`;
  const payload = Buffer.from(open);
  socket.write(Buffer.concat([Buffer.from([0x81, payload.length]), payload]));
  socket.on('error', () => socket.destroy());
  socket.on('data', () => undefined);
}

/**
 * Part of the thumbs folder lost (a partial restore, a disk that dropped some files): the thumbnail
 * files of `share` of the assets, spread evenly (exactly ⌊count × share⌋ of them), are deleted. Their
 * thumbnails answer what a missing file gets (`sendFile`: Immich's JSON 500 with the media type kept,
 * `x-immich-cid`), the others 200. The database still has the paths, as in `thumbnailsMissing`.
 */
function removeSomeThumbnails(assets: readonly LabAsset[], share: number): void {
  if (share <= 0) return;
  assets.forEach((asset, index) => {
    if (Math.floor((index + 1) * share) > Math.floor(index * share) && asset.thumbnailPath) rmSync(asset.thumbnailPath);
  });
}

/**
 * `host`: the loopback address to listen on (default 127.0.0.1). Linux routes all of 127.0.0.0/8 to
 * the loopback interface and each address is its own socket, so a test that needs a fixed port (80)
 * binds it on an address of its own and concurrent runs do not collide. `missingThumbnailShare` (0-1):
 * that share of the thumbnails answers 500 from the start (`removeSomeThumbnails`; the page-load bench
 * uses 0.2).
 */
export async function startImmichLab(options: { assets?: number; faults?: Partial<Faults>; port?: number; host?: string; missingThumbnailShare?: number } = {}): Promise<ImmichLab> {
  const media = createMediaFolder(options.assets ?? 12);
  removeSomeThumbnails(media.assets, options.missingThumbnailShare ?? 0);
  const faults: Faults = { ...NO_FAULTS, ...options.faults };
  const byId = new Map(media.assets.map((asset) => [asset.id, asset]));

  const thumbnailPath = (asset: LabAsset, size: string): string | null => {
    if (faults.thumbnailsNotGenerated) return null;
    return size === 'preview' || size === 'fullsize' ? asset.previewPath : asset.thumbnailPath;
  };
  /**
   * Disk faults change the disk itself, reversibly: a folder is moved away as an unmounted share or a
   * moved library would be, and the server finds the files missing exactly as Immich would.
   */
  const mounts: Array<[keyof Faults, string]> = [
    ['thumbnailsMissing', join(media.root, 'thumbs')],
    ['originalsMissing', join(media.root, 'upload')],
    ['volumeGone', media.root],
  ];
  const applyDiskFaults = () => {
    for (const [fault, folder] of mounts) {
      const away = `${folder}.unmounted`;
      if (faults[fault] && existsSync(folder)) renameSync(folder, away);
      if (!faults[fault] && existsSync(away)) renameSync(away, folder);
    }
  };
  applyDiskFaults();
  const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function api(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const { pathname } = url;
    const method = request.method ?? 'GET';
    if (pathname.startsWith('/api/socket.io/')) {
      return sendEngineIoError(response, url.searchParams.get('transport') === 'websocket' ? 3 : 0, url.searchParams.get('transport') === 'websocket' ? 'Bad request' : 'Transport unknown');
    }
    const cid = apiHeaders(response);
    // Public routes (immich.md §2), served in maintenance mode too.
    if (pathname === '/api/server/ping' || pathname === '/api/server-info/ping') return sendJson(response, 200, { res: 'pong' });
    if (pathname === '/api/server/version') return sendJson(response, 200, { major: 2, minor: 7, patch: 5 });
    // Without its database, the first query of any other route throws: the filter's 500.
    if (faults.databaseDown) return sendJson(response, 500, ERRORS.internal, cid);
    if (pathname === '/api/server/config') return sendJson(response, 200, { isInitialized: true, isOnboarded: true, maintenanceMode: faults.maintenance, trashDays: 30 });
    if (faults.maintenance) return sendJson(response, 404, ERRORS.notFound(pathname), cid);

    const token = cookieToken(request) ?? url.searchParams.get('sessionKey') ?? undefined;
    if (!token) return sendJson(response, 401, ERRORS.unauthorized, cid);
    if (token !== SESSION_TOKEN || faults.sessionExpired) return sendJson(response, 401, ERRORS.invalidToken, cid);

    if (pathname === '/api/server/about') return sendJson(response, 200, { version: 'v2.7.5', versionUrl: 'https://github.com/immich-app/immich/releases/tag/v2.7.5', licensed: false });
    if (pathname === '/api/users/me') return sendJson(response, 200, { id: OWNER_ID, email: 'admin@lab.test', name: 'Lab Admin', profileImagePath: 'face.jpeg' });
    if (pathname === '/api/server/storage') {
      if (!existsSync(media.root)) return sendJson(response, 500, { message: 'Failed to get storage', error: 'Internal Server Error', statusCode: 500 }, cid);
      return sendJson(response, 200, { diskSize: '252.0 GiB', diskUse: '25.9 GiB', diskAvailable: '75.5 GiB', diskUsagePercentage: 10.29 });
    }
    if (pathname === '/api/albums') return sendJson(response, 200, []);
    if (pathname === '/api/timeline/buckets') return sendJson(response, 200, [{ timeBucket: '2026-11-01T00:00:00.000Z', count: media.assets.length }]);
    if (pathname === '/api/timeline/bucket') {
      return sendJson(response, 200, { id: media.assets.map((asset) => asset.id), isImage: media.assets.map((asset) => asset.type === 'IMAGE') });
    }
    if (pathname === '/api/assets' && method === 'POST') {
      for await (const _chunk of request) void _chunk;
      return sendJson(response, 201, { id: crypto.randomUUID(), status: 'created' });
    }
    const assetRoute = new RegExp(`^/api/(?:assets/(${UUID})/(thumbnail|original|video/playback)|asset/(thumbnail|file)/(${UUID}))$`).exec(pathname);
    if (assetRoute) {
      const id = assetRoute[1] ?? assetRoute[4]!;
      const route = assetRoute[2] ?? (assetRoute[3] === 'thumbnail' ? 'thumbnail' : 'original');
      const asset = byId.get(id);
      if (!asset) return sendJson(response, 400, ERRORS.noAccess(route === 'thumbnail' ? 'asset.view' : 'asset.download'), cid);
      if (route === 'thumbnail') {
        const size = url.searchParams.get('size') ?? 'thumbnail';
        if (size === 'fullsize') {
          response.writeHead(302, { Location: 'original?', 'Content-Type': 'text/plain; charset=utf-8' });
          response.end('Found. Redirecting to original?');
          return;
        }
        const path = thumbnailPath(asset, size);
        const ext = size === 'preview' ? 'jpeg' : 'webp';
        return sendFile(request, response, path, `${asset.originalName.replace(/\.\w+$/, '')}_${size}.${ext}`, MEDIA_CACHE, faults.thumbnailsUnreadable);
      }
      if (faults.slowOriginalsMs > 0) await delay(faults.slowOriginalsMs);
      if (route === 'video/playback' && asset.type !== 'VIDEO') return sendJson(response, 404, { message: 'Asset not found or asset is not a video', error: 'Not Found', statusCode: 404 }, cid);
      return sendFile(request, response, asset.originalPath, asset.originalName, MEDIA_CACHE, false);
    }
    if (new RegExp(`^/api/people/${UUID}/thumbnail$`).test(pathname)) {
      const path = join(media.root, 'thumbs', OWNER_ID, `${PERSON_ID}.jpeg`);
      return sendFile(request, response, path, `${PERSON_ID}.jpeg`, 'private, no-cache, no-transform', false);
    }
    if (new RegExp(`^/api/users/${UUID}/profile-image$`).test(pathname)) {
      return sendFile(request, response, join(media.root, 'profile', OWNER_ID, 'face.jpeg'), 'face.jpeg', '', false);
    }
    return sendJson(response, 404, ERRORS.notFound(pathname), cid);
  }

  let served = 0;
  let lastServedAt = 0;
  const count = () => {
    served++;
    lastServedAt = Date.now();
  };
  const server: Server = createServer((request, response) => {
    count();
    const url = new URL(request.url ?? '/', 'http://lab');
    if (url.pathname === '/lab/login') {
      // Stands in for Immich's login form: sets the session cookie as utils/response.ts does.
      response.writeHead(302, { 'Set-Cookie': `immich_access_token=${SESSION_TOKEN}; Path=/; HttpOnly; SameSite=Lax; Max-Age=34560000`, Location: url.searchParams.get('next') ?? '/photos' });
      response.end();
      return;
    }
    const handled = url.pathname === '/api' || url.pathname.startsWith('/api/') ? api(request, response, url) : Promise.resolve(sendWebApp(response, url.pathname));
    handled.catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end(String(error));
    });
  });
  // Upgraded sockets leave the HTTP server's bookkeeping: track them so close() can end them.
  const sockets = new Set<Duplex>();
  server.on('upgrade', (request: IncomingMessage, socket: Duplex) => {
    count();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    upgradeSocket(request, socket);
  });
  const host = options.host ?? '127.0.0.1';
  // A failed bind (EADDRINUSE, EACCES below port 1024 without privileges) is an 'error' event: without
  // this listener it is an uncaught exception, not a rejection the caller can explain.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    media.cleanup();
    throw error;
  });
  const { port } = server.address() as AddressInfo;

  const shutDown = async (): Promise<void> => {
    server.closeAllConnections();
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    Object.assign(faults, NO_FAULTS);
    applyDiskFaults();
    media.cleanup();
  };
  // A scenario may kill Immich while the app is open, and its stop() closes it again.
  let closing: Promise<void> | undefined;

  return {
    url: `http://${host}:${port}`,
    port,
    assets: media.assets,
    faults,
    requestsServed: () => served,
    async servedDuring(run, quietMs = 2_500) {
      const before = served;
      await run();
      // Quiet since the run ended too: requests it set off may not have reached the lab yet.
      const ranUntil = Date.now();
      const quietFor = () => Date.now() - Math.max(lastServedAt, ranUntil);
      for (let quiet = quietFor(); quiet < quietMs; quiet = quietFor()) {
        await new Promise((resolve) => setTimeout(resolve, quietMs - quiet));
      }
      return served - before;
    },
    setFaults(changes) {
      Object.assign(faults, changes);
      applyDiskFaults();
    },
    close: () => (closing ??= shutDown()),
  };
}
