import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { access, constants, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { dirname, extname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMediaFolder, OWNER_ID, PERSON_ID, type LabAsset } from './media-fixtures';

/**
 * A simulated Immich v2.7.5 on loopback, answering as immich.md ("Confirmed on a running Immich v2.7.5")
 * says: its routes of both generations, its headers (`x-immich-cid`, `X-Powered-By: Express`,
 * cache-control, content types, ranges), its JSON error bodies, media read from files on disk in
 * Immich's layout, and a web app that behaves like the timeline. Faults are switches. It can also
 * answer as v1.118.0 where the routes differ (`LabVersion`); media headers stay v2.7.5's.
 */
export interface Faults {
  /** The thumbnail job never ran: no thumbnail/preview path in the DB → 404 "Asset media not found". */
  thumbnailsNotGenerated: boolean;
  /** The thumbs folder gone from disk → thumbnails and previews 500 with the image content type. */
  thumbnailsMissing: boolean;
  /** Thumbnail files unreadable (EACCES). Simulated: the lab runs as root, which ignores file modes. */
  thumbnailsUnreadable: boolean;
  /** The library (upload) folder gone from disk → originals and videos 500 (the external library's stay). */
  originalsMissing: boolean;
  /** The whole media volume unmounted: every file 500, and /api/server/storage 500. */
  volumeGone: boolean;
  /** The session cookie is no longer valid → 401 on every authenticated route. */
  sessionExpired: boolean;
  /**
   * Maintenance mode (v2.3+): asset and most API routes 404. A v1.118.0 lab refuses it (setFaults and
   * startImmichLab throw): that version has no maintenance mode to simulate.
   */
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
  /**
   * A long download (a large video over a slow link): an original's or video's headers leave at once,
   * its bytes only once the fault is lifted (`close()` cuts it off instead). Chromium stops an
   * extension's worker after 30 s without an event, Firefox suspends its background likewise: such a
   * download may end in a worker that never saw its headers.
   */
  originalBodiesHeld: boolean;
  /**
   * Immich was updated behind an open tab: the server's web app is a new build whose chunks have other
   * hashed names (`entry/app.js` becomes `entry/app.upgraded.js`, same code). The old names are gone:
   * Immich answers them with its index.html, 200 `text/html` (the SPA fallback, immich.md §1 App shell,
   * row 61). A fresh load works; the open tab's next chunk does not.
   */
  webAppUpgraded: boolean;
  /**
   * How full the disk holding the library is, in percent of its 252 GiB: `/api/server/storage`'s
   * figures follow from it (default 10.29, the measured answer of immich.md row 12).
   */
  diskUsagePercent: number;
  /**
   * The thumbnail job ran and failed for every asset: thumbnails and previews 404 as in
   * `thumbnailsNotGenerated` (no path in the DB), `thumbhash` is null, and the thumbnailGeneration
   * queue counts one failed job per asset, each listed by `/api/queues/thumbnailGeneration/jobs`
   * (immich.md §5, "Thumb 404").
   */
  thumbnailJobsFailed: boolean;
  /**
   * Queues paused by an admin: `isPaused` on `/api/jobs` and `/api/queues`; a paused
   * thumbnailGeneration has one waiting job per asset. Thumbnails still answer: combine with
   * `thumbnailsNotGenerated` for the 404s a paused queue leaves (immich.md row 40). A name the
   * version's queues lack throws.
   */
  pausedQueues: readonly string[];
  /**
   * Every asset uploaded (`createdAt`) on or after this ISO date lost its files: its thumbnail, preview
   * and original are moved away on disk, so they answer what a missing file answers (`sendFile`'s JSON
   * 500 with the media type, immich.md §3 rows 30, 30c and 31); the other assets are untouched. As
   * after an update that sent new uploads to a volume that is not mounted. The DB keeps the paths and
   * the thumbhash. `null`: no such fault.
   */
  filesGoneUploadedSince: string | null;
  /** The same for every asset uploaded before this ISO date: an old folder lost in a migration. */
  filesGoneUploadedBefore: string | null;
  /**
   * The share behind the external library is offline (a NAS down): its folder moved away, so its
   * assets' originals 500 while their thumbnails, in Immich's own thumbs folder, still answer; their
   * records say `isOffline: true`. A simplification: Immich flags them at the library's next scan
   * (immich.md §5, "External-library assets missing / offline"); the lab flips them at once.
   */
  externalLibraryOffline: boolean;
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
  originalBodiesHeld: false,
  webAppUpgraded: false,
  diskUsagePercent: 10.29,
  thumbnailJobsFailed: false,
  pausedQueues: [],
  filesGoneUploadedSince: null,
  filesGoneUploadedBefore: null,
  externalLibraryOffline: false,
};

/** The Immich versions the lab can answer as. */
export type LabVersion = 'v1.118.0' | 'v2.7.5';

/** The member's id: a non-admin user who owns no asset. */
export const MEMBER_ID = '3c9e1f2a-7b4d-4e6f-8a1b-9c2d3e4f5a6b';
/** API keys (`x-api-key`, immich.md §2 "Auth resolution order" point 4) with every permission. */
export const LAB_ADMIN_API_KEY = 'lab-admin-api-key-0001';
export const LAB_MEMBER_API_KEY = 'lab-member-api-key-0002';
/** Where the external library's share is mounted inside the container: its assets' `originalPath`. */
export const EXTERNAL_LIBRARY_PATH = '/mnt/photos';

export interface ImmichLab {
  url: string;
  port: number;
  version: LabVersion;
  assets: LabAsset[];
  /** The media folder on disk: what the user's `UPLOAD_LOCATION` is on a real host (the container's `/data`). */
  mediaRoot: string;
  faults: Faults;
  /**
   * How many requests the lab has answered (HTTP and WebSocket handshakes): on a first visit with an
   * empty cache and no service worker, exactly the requests the browser made, so a test can prove the
   * extension saw every one.
   */
  requestsServed(): number;
  /**
   * The requests answered since the `since`-th (a `requestsServed()` reading), as `METHOD path` lines
   * without the query: what a failed count compares against what the extension recorded.
   */
  requestsServedSince(since: number): string[];
  /**
   * How many requests the lab answered from the start of `run` until it has had none for `quietMs`:
   * a page that says it is done may still cause requests. Chromium checks a controlling service
   * worker's script (`/service-worker.js`) 1.7-1.8 s after the page's last request (measured): a count
   * taken sooner missed it while the extension recorded it (CI: 25 recorded against 24 counted).
   */
  servedDuring(run: () => Promise<unknown>, quietMs?: number): Promise<number>;
  /** Every `x-api-key` header value the lab received, in order: proves where a key was (not) sent. */
  apiKeysSeen(): string[];
  setFaults(faults: Partial<Faults>): void;
  /** Stops listening and ends every connection (an Immich that died); safe to call twice. */
  close(): Promise<void>;
}

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), 'app');

interface LabUser {
  id: string;
  email: string;
  name: string;
  isAdmin: boolean;
  profileImagePath: string;
  sessionToken: string;
  apiKey: string;
}

/** `/lab/login?user=<name>` logs in one of them; without `user`, the admin. */
const USERS = new Map<string, LabUser>([
  ['admin', { id: OWNER_ID, email: 'admin@lab.test', name: 'Lab Admin', isAdmin: true, profileImagePath: 'face.jpeg', sessionToken: 'lab-session-token', apiKey: LAB_ADMIN_API_KEY }],
  // Immich's empty profileImagePath: no profile image to ask for (immich.md §1, "Profile image").
  ['member', { id: MEMBER_ID, email: 'member@lab.test', name: 'Lab Member', isAdmin: false, profileImagePath: '', sessionToken: 'lab-member-session-token', apiKey: LAB_MEMBER_API_KEY }],
]);

// Queue names per immich.md §2 "Queue names": v1.100's, then those added by v1.118 and by v2.7.5.
const V1_118_QUEUES = [
  'thumbnailGeneration', 'metadataExtraction', 'videoConversion', 'faceDetection', 'facialRecognition', 'smartSearch', 'backgroundTask',
  'storageTemplateMigration', 'migration', 'search', 'sidecar', 'library', 'duplicateDetection', 'notifications',
];

/** What differs between the lab's versions, each from immich.md's "Version landmarks" and §2. */
const VERSIONS: Record<LabVersion, {
  number: { major: number; minor: number; patch: number };
  /** Maintenance mode and `ServerConfigDto.maintenanceMode`: v2.3+. */
  maintenanceMode: boolean;
  /** `/api/queues*`: v2.4+. */
  queuesApi: boolean;
  /** The `ocr` feature flag: 2.x. */
  ocrFeature: boolean;
  queues: readonly string[];
  /** The media folder inside the container: `/data` since the v1.137 compose file. */
  mediaRoot: string;
}> = {
  'v1.118.0': { number: { major: 1, minor: 118, patch: 0 }, maintenanceMode: false, queuesApi: false, ocrFeature: false, queues: V1_118_QUEUES, mediaRoot: '/usr/src/app/upload' },
  'v2.7.5': {
    number: { major: 2, minor: 7, patch: 5 },
    maintenanceMode: true,
    queuesApi: true,
    ocrFeature: true,
    queues: [...V1_118_QUEUES, 'backupDatabase', 'ocr', 'workflow', 'editor'],
    mediaRoot: '/data',
  },
};
const MEDIA_CACHE = 'private, max-age=86400, no-transform, stale-while-revalidate=2592000, stale-if-error=2592000';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const DISK_SIZE = 252 * 1024 ** 3;
/** A thumbhash of the kind Immich stores once the thumbnail job ran (base64, about 25 bytes). */
const THUMBHASH = '1QcSHQRnh493V4dIh4eXh1h4kJUI';
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
  invalidApiKey: { message: 'Invalid API key', error: 'Unauthorized', statusCode: 401 },
  forbidden: { message: 'Forbidden', error: 'Forbidden', statusCode: 403 },
  /** class-validator's IsEnum message, through Nest's ValidationPipe (immich.md row 21d). */
  notOneOf: (property: string, values: readonly string[]) => ({
    message: [`${property} must be one of the following values: ${values.join(', ')}`],
    error: 'Bad Request',
    statusCode: 400,
  }),
  notGenerated: { message: 'Asset media not found', error: 'Not Found', statusCode: 404 },
  noAccess: (permission: string) => ({ message: `Not found or no ${permission} access`, error: 'Bad Request', statusCode: 400 }),
  internal: { message: 'Internal server error', statusCode: 500 },
  notFound: (path: string) => ({ message: `Cannot GET ${path}`, error: 'Not Found', statusCode: 404 }),
};

function cookieToken(request: IncomingMessage): string | undefined {
  return /(?:^|;\s*)immich_access_token=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
}

/** Immich's `asHumanReadable` (one decimal, binary units): 252 GiB → "252.0 GiB". */
function humanBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let magnitude = 0;
  let value = bytes;
  while (value >= 1024 && magnitude < units.length - 1) {
    value /= 1024;
    magnitude++;
  }
  return `${value.toFixed(magnitude === 0 ? 0 : 1)} ${units[magnitude]}`;
}

/**
 * `/api/server/storage` for a disk that full (server.service.ts: use = total − free, the percentage
 * from the bytes, to two decimals). The lab reserves no blocks, so available = total − use.
 */
function storage(usagePercent: number) {
  const used = Math.round((DISK_SIZE * usagePercent) / 100);
  const available = DISK_SIZE - used;
  return {
    diskSize: humanBytes(DISK_SIZE),
    diskUse: humanBytes(used),
    diskAvailable: humanBytes(available),
    diskSizeRaw: DISK_SIZE,
    diskUseRaw: used,
    diskAvailableRaw: available,
    diskUsagePercentage: Number(((used / DISK_SIZE) * 100).toFixed(2)),
  };
}

/**
 * `/api/server/features` of an Immich with its default config and machine learning on (immich.md §2):
 * no OAuth, no config file, no SMTP. `ocr` exists in 2.x only.
 */
function features(ocr: boolean) {
  return {
    smartSearch: true,
    facialRecognition: true,
    duplicateDetection: true,
    map: true,
    reverseGeocoding: true,
    importFaces: false,
    sidecar: true,
    search: true,
    trash: true,
    oauth: false,
    oauthAutoLaunch: false,
    passwordLogin: true,
    configFile: false,
    email: false,
    ...(ocr ? { ocr: true } : {}),
  };
}

/**
 * Serves a file as Immich's `sendFile` does (server/src/utils/file.ts): Content-Type and
 * Content-Disposition are set first, then `fs.access(R_OK)`; a missing or unreadable file becomes the
 * GlobalExceptionFilter's JSON 500 with the media type kept and `Cache-Control: none` (row 30).
 */
async function sendFile(request: IncomingMessage, response: ServerResponse, path: string | null, name: string, cacheControl: string, unreadable: boolean, bodyHeld?: Promise<void>): Promise<void> {
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
  const start = range?.[1] ? Number(range[1]) : 0;
  const end = Math.min(range?.[2] ? Number(range[2]) : size - 1, size - 1);
  if (range) response.writeHead(206, { 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': end - start + 1 });
  else response.writeHead(200, { 'Content-Length': size });
  if (request.method === 'HEAD') return void response.end();
  await holdBody(response, bodyHeld);
  streamFile(path, response, range ? { start, end } : undefined);
}

/** Sends the headers written so far at once, then waits for `bodyHeld` (`originalBodiesHeld`). */
async function holdBody(response: ServerResponse, bodyHeld: Promise<void> | undefined): Promise<void> {
  if (!bodyHeld) return;
  response.flushHeaders();
  await bodyHeld;
}

/**
 * Sends a file's bytes. The lab may remove its files while an answer is on its way (the
 * websocket-upstream-dies scenario closes the lab mid-browse): a file gone between the check and the
 * read cuts the answer off, as a dying server does. Unhandled, the stream's ENOENT failed a CI run.
 */
function streamFile(path: string, response: ServerResponse, range?: { start: number; end: number }): void {
  // A held body's connection may have ended meanwhile (the browser gave up, the lab closed).
  if (response.destroyed) return;
  createReadStream(path, range)
    .on('error', () => response.destroy())
    .pipe(response);
}

/** The web app's files: index.html for every non-API route (SPA fallback, `no-store`), immutable chunks. */
/** The new build's name of a chunk (`webAppUpgraded`): same code, another hash. */
const upgradedName = (chunk: string) => chunk.replace(/\.js$/, '.upgraded.js');

function sendWebApp(response: ServerResponse, pathname: string, upgraded: boolean): void {
  response.setHeader('X-Powered-By', 'Express');
  const chunk = pathname.replace(/^\/_app\/immutable\//, '');
  // After an update only the new names exist: an old one falls through to index.html, as in Immich.
  const current = !upgraded ? chunk : chunk.endsWith('.upgraded.js') ? chunk.replace(/\.upgraded\.js$/, '.js') : undefined;
  const file = current === undefined ? undefined : join(APP_DIR, current);
  const isChunk = file !== undefined && pathname.startsWith('/_app/immutable/') && !pathname.includes('..') && existsSync(file) && statSync(file).isFile();
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
  const index = readFileSync(join(APP_DIR, 'index.html'), 'utf8');
  response.end(upgraded ? index.replace(/\/_app\/immutable\/[\w/.-]+\.js/g, upgradedName) : index);
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
 * Moves a file or folder away (renamed with `suffix`) or back, as `away` says, reversibly: an
 * unmounted share or a lost folder, which the server then finds missing exactly as Immich would. One
 * already where it belongs, or inside a folder that is itself away, is left as it is.
 */
function moveAway(path: string, away: boolean, suffix: string): void {
  const moved = `${path}${suffix}`;
  if (away && existsSync(path)) renameSync(path, moved);
  if (!away && existsSync(moved)) renameSync(moved, path);
}

/** An asset's files on disk: thumbnail, preview and original. */
const assetFiles = (asset: LabAsset): string[] => [asset.thumbnailPath, asset.previewPath, asset.originalPath].filter((path) => path !== null);

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
 * uses 0.2). `version` (default v2.7.5): the Immich version whose routes the lab serves.
 * `externalAssets` (default 0): the last that many assets belong to an external library
 * (`EXTERNAL_LIBRARY_ID`, its share mounted at `EXTERNAL_LIBRARY_PATH`), their originals on disk in a
 * folder of their own so that it can go offline alone (`externalLibraryOffline`).
 */
export async function startImmichLab(
  options: {
    assets?: number;
    externalAssets?: number;
    faults?: Partial<Faults>;
    port?: number;
    host?: string;
    missingThumbnailShare?: number;
    version?: LabVersion;
  } = {},
): Promise<ImmichLab> {
  const version = options.version ?? 'v2.7.5';
  const profile = VERSIONS[version];
  /**
   * Refuses a fault this version cannot have, rather than simulating something that never existed, and
   * a date that is none, which would silently move no file.
   */
  const checkFaults = (changes: Partial<Faults>) => {
    if (changes.maintenance && !profile.maintenanceMode) throw new Error(`maintenance mode needs Immich v2.3+ (immich.md "Version landmarks"); this lab is ${version}`);
    const unknown = changes.pausedQueues?.filter((name) => !profile.queues.includes(name)) ?? [];
    if (unknown.length > 0) throw new Error(`${version} has no queue ${unknown.join(', ')}`);
    for (const date of [changes.filesGoneUploadedSince, changes.filesGoneUploadedBefore]) {
      if (typeof date === 'string' && Number.isNaN(Date.parse(date))) throw new Error(`not a date: ${date}`);
    }
  };
  checkFaults(options.faults ?? {});
  const media = createMediaFolder(options.assets ?? 12, { external: options.externalAssets ?? 0 });
  removeSomeThumbnails(media.assets, options.missingThumbnailShare ?? 0);
  const faults: Faults = { ...NO_FAULTS, ...options.faults };
  const byId = new Map(media.assets.map((asset) => [asset.id, asset]));
  const apiKeys: string[] = [];

  /** The thumbnail job either never ran or failed: the DB has no thumbnail path (immich.md §3). */
  const thumbnailsGenerated = () => !faults.thumbnailsNotGenerated && !faults.thumbnailJobsFailed;
  const thumbnailPath = (asset: LabAsset, size: string): string | null => {
    if (!thumbnailsGenerated()) return null;
    return size === 'preview' || size === 'fullsize' ? asset.previewPath : asset.thumbnailPath;
  };
  /** The admin owns every lab asset, the member none: Immich's access check (immich.md §3, 400 "no … access"). */
  const ownedAsset = (user: LabUser, id: string) => (user.id === OWNER_ID ? byId.get(id) : undefined);

  /** immich.md §2 "Auth resolution order": a session (cookie or `?sessionKey=`) first, then `x-api-key`. */
  const authenticate = (request: IncomingMessage, url: URL): LabUser | { message: string; error: string; statusCode: number } => {
    const token = cookieToken(request) ?? url.searchParams.get('sessionKey') ?? undefined;
    if (token) {
      const user = [...USERS.values()].find((candidate) => candidate.sessionToken === token);
      return user && !faults.sessionExpired ? user : ERRORS.invalidToken;
    }
    const apiKey = request.headers['x-api-key'];
    if (typeof apiKey === 'string') return [...USERS.values()].find((candidate) => candidate.apiKey === apiKey) ?? ERRORS.invalidApiKey;
    return ERRORS.unauthorized;
  };

  /**
   * Routes this version lacks: Nest answers 404 before any guard or query. `/api/server-info/*` is gone
   * since v1.118, `/api/queues*` came in v2.4 (immich.md "Version landmarks").
   */
  const absent = (pathname: string) => /^\/api\/server-info(?:\/|$)/.test(pathname) || (!profile.queuesApi && /^\/api\/queues(?:\/|$)/.test(pathname));

  /**
   * The counts of one queue (immich.md §2, `/api/jobs` and `/api/queues`). Bull keeps failed jobs and
   * drops completed ones, so only the faults' failed and waiting jobs show.
   */
  const isPaused = (name: string) => faults.pausedQueues.includes(name);
  const queueCounts = (name: string) => {
    const thumbnails = name === 'thumbnailGeneration';
    return {
      active: 0,
      completed: 0,
      failed: thumbnails && faults.thumbnailJobsFailed ? media.assets.length : 0,
      delayed: 0,
      waiting: thumbnails && isPaused(name) ? media.assets.length : 0,
      paused: 0,
    };
  };
  const queue = (name: string) => ({ name, isPaused: isPaused(name), statistics: queueCounts(name) });
  /**
   * `/api/queues/{name}/jobs?status=failed`: one failed thumbnail job per asset (every lab asset is an
   * image or a video). Unverified: the job name and the shape of `data`; immich.md §2 lists only the
   * fields `{id,name,data,timestamp}`.
   */
  const failedJobs = (name: string) =>
    name === 'thumbnailGeneration' && faults.thumbnailJobsFailed
      ? media.assets.map((asset, index) => ({ id: String(index + 1), name: 'AssetGenerateThumbnails', data: { id: asset.id }, timestamp: Date.parse(asset.createdAt) }))
      : [];

  /** The original's path as Immich stores it: inside the container, under the media root or the library's share. */
  const containerPath = (asset: LabAsset) => {
    const [inContainer, onDisk] = asset.libraryId === null ? [profile.mediaRoot, media.root] : [EXTERNAL_LIBRARY_PATH, media.externalRoot];
    return posix.join(inContainer, ...relative(onDisk, asset.originalPath).split(sep));
  };
  /**
   * `GET /api/assets/{id}`: the AssetResponseDto fields the diagnosis reads (immich.md §5, "Thumb 404").
   * The lab's assets were taken (`fileCreatedAt`) when they were uploaded.
   */
  const assetRecord = (asset: LabAsset) => ({
    id: asset.id,
    type: asset.type,
    originalFileName: asset.originalName,
    originalPath: containerPath(asset),
    ownerId: OWNER_ID,
    // Only an external library's assets go offline (immich.md §5).
    isOffline: asset.libraryId !== null && faults.externalLibraryOffline,
    thumbhash: thumbnailsGenerated() ? THUMBHASH : null,
    fileCreatedAt: asset.createdAt,
    fileModifiedAt: asset.createdAt,
    localDateTime: asset.createdAt,
    createdAt: asset.createdAt,
    libraryId: asset.libraryId,
    isTrashed: false,
    // Immich's is the original's SHA-1 in base64; the lab's originals share their bytes (which Immich
    // would refuse as duplicates), so the id stands in for them.
    checksum: createHash('sha1').update(asset.id).digest('base64'),
  });
  /**
   * Disk faults change the disk itself, reversibly (`moveAway`): a folder is moved away as an unmounted
   * share or a moved library would be. The volume comes first: a folder inside it can only move once
   * it is back, so every change settles in one pass.
   */
  const mounts: Array<[keyof Faults, string]> = [
    ['volumeGone', media.root],
    ['thumbnailsMissing', join(media.root, 'thumbs')],
    ['originalsMissing', join(media.root, 'upload')],
    ['externalLibraryOffline', media.externalRoot],
  ];
  /** Whether `filesGoneUploadedSince` or `filesGoneUploadedBefore` takes this asset's files. */
  const filesGone = (asset: LabAsset) => {
    const uploaded = Date.parse(asset.createdAt);
    const { filesGoneUploadedSince: since, filesGoneUploadedBefore: before } = faults;
    return (since !== null && uploaded >= Date.parse(since)) || (before !== null && uploaded < Date.parse(before));
  };
  const applyDiskFaults = () => {
    for (const [fault, folder] of mounts) moveAway(folder, Boolean(faults[fault]), '.unmounted');
    // Files after folders, for the same reason: those in a folder that is away wait for its return.
    for (const asset of media.assets) {
      const gone = filesGone(asset);
      for (const file of assetFiles(asset)) moveAway(file, gone, '.gone');
    }
  };
  /** While `originalBodiesHeld`: what held bodies wait for, and how to let them go. */
  let heldBodies: { released: Promise<void>; release: () => void } | undefined;
  const followHeldBodies = () => {
    if (faults.originalBodiesHeld && !heldBodies) {
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      heldBodies = { released, release };
    } else if (!faults.originalBodiesHeld && heldBodies) {
      heldBodies.release();
      heldBodies = undefined;
    }
  };
  /** Makes the disk and the held bodies what `faults` says. */
  const applyFaults = () => {
    applyDiskFaults();
    followHeldBodies();
  };
  applyFaults();
  const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function api(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const { pathname } = url;
    const method = request.method ?? 'GET';
    if (pathname.startsWith('/api/socket.io/')) {
      return sendEngineIoError(response, url.searchParams.get('transport') === 'websocket' ? 3 : 0, url.searchParams.get('transport') === 'websocket' ? 'Bad request' : 'Transport unknown');
    }
    const cid = apiHeaders(response);
    // Public routes (immich.md §2), served in maintenance mode too.
    if (pathname === '/api/server/ping') return sendJson(response, 200, { res: 'pong' });
    if (pathname === '/api/server/version') return sendJson(response, 200, profile.number);
    if (absent(pathname)) return sendJson(response, 404, ERRORS.notFound(pathname), cid);
    // Without its database, the first query of any other route throws: the filter's 500.
    if (faults.databaseDown) return sendJson(response, 500, ERRORS.internal, cid);
    if (pathname === '/api/server/config') {
      const maintenance = profile.maintenanceMode ? { maintenanceMode: faults.maintenance } : {};
      return sendJson(response, 200, { isInitialized: true, isOnboarded: true, ...maintenance, trashDays: 30 });
    }
    if (faults.maintenance) return sendJson(response, 404, ERRORS.notFound(pathname), cid);
    if (pathname === '/api/server/features') return sendJson(response, 200, features(profile.ocrFeature));

    const user = authenticate(request, url);
    if ('statusCode' in user) return sendJson(response, user.statusCode, user, cid);

    if (pathname === '/api/server/about') return sendJson(response, 200, { version, versionUrl: `https://github.com/immich-app/immich/releases/tag/${version}`, licensed: false });
    if (pathname === '/api/users/me') {
      const { id, email, name, isAdmin, profileImagePath } = user;
      return sendJson(response, 200, { id, email, name, isAdmin, profileImagePath });
    }
    if (pathname === '/api/server/storage') {
      if (!existsSync(media.root)) return sendJson(response, 500, { message: 'Failed to get storage', error: 'Internal Server Error', statusCode: 500 }, cid);
      return sendJson(response, 200, storage(faults.diskUsagePercent));
    }
    // Admin routes (immich.md §2): a member, by session or key, is forbidden (§3).
    const adminRoute = /^\/api\/(?:jobs|queues(?:\/([^/]+)(\/jobs)?)?)$/.exec(pathname);
    if (adminRoute) {
      if (!user.isAdmin) return sendJson(response, 403, ERRORS.forbidden, cid);
      if (pathname === '/api/jobs') {
        const jobs = profile.queues.map((name) => [name, { jobCounts: queueCounts(name), queueStatus: { isActive: false, isPaused: isPaused(name) } }]);
        return sendJson(response, 200, Object.fromEntries(jobs));
      }
      if (pathname === '/api/queues') return sendJson(response, 200, profile.queues.map(queue));
      const [, name = '', jobs] = adminRoute;
      if (!profile.queues.includes(name)) return sendJson(response, 400, ERRORS.notOneOf('name', profile.queues), cid);
      if (!jobs) return sendJson(response, 200, queue(name));
      // Only failed jobs are listed, the listing the diagnosis reads (immich.md §5); waiting ones are only counted.
      return sendJson(response, 200, url.searchParams.getAll('status').includes('failed') ? failedJobs(name) : []);
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
    const assetInfo = new RegExp(`^/api/assets/(${UUID})$`).exec(pathname);
    if (assetInfo && method === 'GET') {
      const owned = ownedAsset(user, assetInfo[1]!);
      if (!owned) return sendJson(response, 400, ERRORS.noAccess('asset.read'), cid);
      return sendJson(response, 200, assetRecord(owned));
    }
    const assetRoute = new RegExp(`^/api/(?:assets/(${UUID})/(thumbnail|original|video/playback)|asset/(thumbnail|file)/(${UUID}))$`).exec(pathname);
    if (assetRoute) {
      const id = assetRoute[1] ?? assetRoute[4]!;
      const route = assetRoute[2] ?? (assetRoute[3] === 'thumbnail' ? 'thumbnail' : 'original');
      const asset = ownedAsset(user, id);
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
      return sendFile(request, response, asset.originalPath, asset.originalName, MEDIA_CACHE, false, heldBodies?.released);
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

  // Every request answered, as `METHOD path`: how many, and which (`requestsServedSince`).
  const servedLines: string[] = [];
  let lastServedAt = 0;
  const count = (request: IncomingMessage) => {
    lastServedAt = Date.now();
    servedLines.push(`${request.method ?? '?'} ${(request.url ?? '/').split('?')[0]}`);
  };
  const noteApiKey = (request: IncomingMessage) => {
    const key = request.headers['x-api-key'];
    if (typeof key === 'string') apiKeys.push(key);
  };
  const server: Server = createServer((request, response) => {
    count(request);
    noteApiKey(request);
    const url = new URL(request.url ?? '/', 'http://lab');
    if (url.pathname === '/lab/login') {
      // Stands in for Immich's login form: sets the session cookie as utils/response.ts does.
      const user = USERS.get(url.searchParams.get('user') ?? 'admin');
      if (!user) {
        response.writeHead(400, { 'Content-Type': 'text/plain' });
        response.end(`no lab user ${url.searchParams.get('user')}: admin or member`);
        return;
      }
      response.writeHead(302, { 'Set-Cookie': `immich_access_token=${user.sessionToken}; Path=/; HttpOnly; SameSite=Lax; Max-Age=34560000`, Location: url.searchParams.get('next') ?? '/photos' });
      response.end();
      return;
    }
    const handled = url.pathname === '/api' || url.pathname.startsWith('/api/') ? api(request, response, url) : Promise.resolve(sendWebApp(response, url.pathname, faults.webAppUpgraded));
    handled.catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end(String(error));
    });
  });
  // Upgraded sockets leave the HTTP server's bookkeeping: track them so close() can end them.
  const sockets = new Set<Duplex>();
  server.on('upgrade', (request: IncomingMessage, socket: Duplex) => {
    count(request);
    noteApiKey(request);
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
    applyFaults();
    media.cleanup();
  };
  // A scenario may kill Immich while the app is open, and its stop() closes it again.
  let closing: Promise<void> | undefined;

  return {
    url: `http://${host}:${port}`,
    port,
    version,
    assets: media.assets,
    mediaRoot: media.root,
    faults,
    requestsServed: () => servedLines.length,
    requestsServedSince: (since) => servedLines.slice(since),
    async servedDuring(run, quietMs = 2_500) {
      const before = servedLines.length;
      await run();
      // Quiet since the run ended too: requests it set off may not have reached the lab yet.
      const ranUntil = Date.now();
      const quietFor = () => Date.now() - Math.max(lastServedAt, ranUntil);
      for (let quiet = quietFor(); quiet < quietMs; quiet = quietFor()) {
        await new Promise((resolve) => setTimeout(resolve, quietMs - quiet));
      }
      return servedLines.length - before;
    },
    apiKeysSeen: () => [...apiKeys],
    setFaults(changes) {
      checkFaults(changes);
      Object.assign(faults, changes);
      applyFaults();
    },
    close: () => (closing ??= shutDown()),
  };
}
