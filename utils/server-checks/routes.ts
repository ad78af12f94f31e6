import { atLeast, compareVersions, versionParts } from '../version';

/**
 * Where Immich answers what the guide's manual steps look at, for one server version: the routes
 * *Run checks* asks, and the paths the steps name. Every entry cites
 * ../shared/reference/immich.md ("Version landmarks", §1 "Routes the clients request", §2 "Health/
 * diagnosis endpoints"); a route that file does not give for a version is absent here, not guessed.
 */
export interface ServerRoutes {
  /**
   * What the routes are based on: the server's own `version`; `unknown` (no version, or not one):
   * the current routes, which most servers run; `older-than-known`: before v1.100, the oldest routes
   * known, which may have changed.
   */
  basis: 'version' | 'unknown' | 'older-than-known';
  /** Public. `/api/server/*` since v1.107, `/api/server-info/*` before (removed in v1.118). */
  ping: string;
  version: string;
  /** Public; since v1.107 (the older name is not known here). */
  features?: string;
  config?: string;
  /** Whether `config` says `maintenanceMode` (v2.3+). */
  maintenanceMode: boolean;
  /** Any user: the library volume's size and use. `GET /api/server-info` in v1.100. */
  storage: string;
  /** Any user: the session's own user (v1.106+, when `/user` became `/users`). */
  me?: string;
  /** Admin: the job queues' counts; `/api/queues` since v2.4 (a list), `/api/jobs` before (a map). */
  queues: { path: string; shape: 'queues' | 'jobs' };
  /** Admin: one queue's failed jobs, v2.4+. */
  failedJobs?: (queue: string) => string;
  /** An asset's record (v1.106+). */
  asset?: (id: string) => string;
  thumbnail: (id: string) => string;
  original: (id: string) => string;
  /** The admin page of the queues, under the site's origin. */
  queuesPage: string;
  /** Where the container sees the media: `/data` since v1.137, `/usr/src/app/upload` before. */
  mediaRoot: '/data' | '/usr/src/app/upload';
  /** Admin, v3.0+: files missing or untracked. */
  integrity?: string;
  /** The web app's page (index.html, immich.md §1 App shell), and one of its hashed files. */
  webApp: string;
  appFile: (file: string) => string;
  /** The web app's socket.io handshake, on every version: websocket only, no polling fallback (immich.md §1, rows 50d, 51b). */
  socket: string;
}

const OLDEST_KNOWN = '1.100.0';

/** Where the web app keeps its hashed files, on every version (immich.md §1 App shell). */
export const APP_FILES = '/_app/immutable/';

/** The routes of a server version (`v2.7.5`), or the current ones when it is unknown (`basis` says which). */
export function serverRoutes(serverVersion: string | undefined): ServerRoutes {
  const parts = serverVersion === undefined ? undefined : versionParts(serverVersion);
  // Unknown: the current routes, the ones most servers run…
  const since = (version: string) => (parts ? atLeast(serverVersion, version)! : true);
  const basis = !parts ? 'unknown' : compareVersions(parts, versionParts(OLDEST_KNOWN)!) < 0 ? 'older-than-known' : 'version';
  // v1.107 added `/api/server/*` beside the old `/api/server-info/*`.
  const serverApi = since('1.107.0');
  const server = serverApi ? '/api/server' : '/api/server-info';
  const plural = since('1.106.0');
  // …except where one route serves every version: `/api/jobs` is deprecated since v2.4 but still
  // served in v3.2.2, and the integrity summary exists only from v3.0.
  const queues = parts !== undefined && since('2.4.0');
  return {
    basis,
    ping: `${server}/ping`,
    version: `${server}/version`,
    features: serverApi ? '/api/server/features' : undefined,
    config: serverApi ? '/api/server/config' : undefined,
    maintenanceMode: since('2.3.0'),
    storage: serverApi ? '/api/server/storage' : '/api/server-info',
    me: plural ? '/api/users/me' : undefined,
    queues: queues ? { path: '/api/queues', shape: 'queues' } : { path: '/api/jobs', shape: 'jobs' },
    failedJobs: queues ? (queue) => `/api/queues/${encodeURIComponent(queue)}/jobs?status=failed` : undefined,
    asset: plural ? (id) => `/api/assets/${encodeURIComponent(id)}` : undefined,
    thumbnail: plural ? (id) => `/api/assets/${encodeURIComponent(id)}/thumbnail?size=thumbnail` : (id) => `/api/asset/thumbnail/${encodeURIComponent(id)}`,
    original: plural ? (id) => `/api/assets/${encodeURIComponent(id)}/original` : (id) => `/api/asset/file/${encodeURIComponent(id)}`,
    queuesPage: since('2.4.0') ? '/admin/queues' : '/admin/jobs-status',
    mediaRoot: since('1.137.0') ? '/data' : '/usr/src/app/upload',
    integrity: parts !== undefined && since('3.0.0') ? '/api/admin/integrity/summary' : undefined,
    socket: '/api/socket.io/?EIO=4&transport=websocket',
    webApp: '/',
    appFile: (file) => `${APP_FILES}${file.split('/').map(encodeURIComponent).join('/')}`,
  };
}
