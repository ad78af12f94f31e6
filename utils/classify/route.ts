import type { RequestKind } from './request-kind';

/** What the URL says was asked: the request kind, the asset and shared-link use. */
export interface RouteInfo {
  kind: RequestKind;
  /** The asset a media route names; other API routes' ids are read by `routeName`/`firstUuid`. */
  assetId?: string;
  /** The request carried a shared-link `key` or `slug`, so it was authorised by the link, not a session. */
  sharedLink: boolean;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const UUID_ONE = new RegExp(UUID, 'i');
const UUID_ALL = new RegExp(UUID, 'gi');

/** Decides a media route's kind from its query string, method and resource type. */
type KindOf = (search: string, method: string, resourceType: string) => RequestKind | undefined;

/**
 * One parameter's raw value from a `?a=1&b=2` string. The classifier needs a handful of short ASCII
 * parameters (`size`, `isThumb`, `isWeb`), so it scans the string instead of building URLSearchParams
 * for every request (the hot path: see npm run bench).
 */
export function queryParam(search: string, name: string): string | undefined {
  let start = 1;
  while (start < search.length) {
    let end = search.indexOf('&', start);
    if (end === -1) end = search.length;
    if (search.startsWith(name, start)) {
      const after = start + name.length;
      if (after === end) return '';
      if (search.charCodeAt(after) === 61 /* = */) return search.slice(after + 1, end);
    }
    start = end + 1;
  }
  return undefined;
}

const isRead = (method: string) => method === 'GET' || method === 'HEAD';
const readOnly =
  (kind: RequestKind): KindOf =>
  (_, method) =>
    isRead(method) ? kind : undefined;

/** `size` on `/api/assets/{id}/thumbnail` (v1.106+); no size means thumbnail. */
const thumbnailSize: KindOf = (search, method) => {
  if (!isRead(method)) return undefined;
  const size = queryParam(search, 'size');
  return size === 'preview' ? 'preview' : size === 'fullsize' ? 'fullsize' : 'thumbnail';
};

/**
 * v1.100-1.105 served the viewer and the original from one route; `isThumb`/`isWeb` chose the
 * rendition, and the browser's resource type tells a video apart.
 */
const legacyFile: KindOf = (search, method, resourceType) => {
  if (!isRead(method)) return undefined;
  if (resourceType === 'media') return 'video';
  if (queryParam(search, 'isThumb') === 'true') return 'thumbnail';
  if (queryParam(search, 'isWeb') === 'true') return 'preview';
  return 'original';
};

/**
 * Immich's media routes, both generations (immich.md §1), as one pattern per generation: the asset id,
 * then the action that decides the kind. Built once; matching is the classifier's hot path.
 */
const CURRENT = new RegExp(`^/api/(assets|people|users)/(${UUID})/(thumbnail|original|video/playback|video/stream/.+|profile-image)$`, 'i');
const LEGACY = new RegExp(`^/api/(asset/thumbnail|asset/file|person|user/profile-image)/(${UUID})(/thumbnail)?$`, 'i');

const CURRENT_ACTIONS: Record<string, Record<string, KindOf>> = {
  assets: {
    thumbnail: thumbnailSize,
    original: (_, method) => (method === 'PUT' ? 'upload' : isRead(method) ? 'original' : undefined),
    'video/playback': readOnly('video'),
    'video/stream': readOnly('video'),
  },
  people: { thumbnail: readOnly('person-thumbnail') },
  users: { 'profile-image': readOnly('profile-image') },
};

const LEGACY_ACTIONS: Record<string, KindOf> = {
  'asset/thumbnail': readOnly('thumbnail'),
  'asset/file': legacyFile,
  'person/thumbnail': readOnly('person-thumbnail'),
  'user/profile-image': readOnly('profile-image'),
};

/** Cheap first test: only these prefixes can be media routes. */
const MEDIA_PREFIX = /^\/api\/(assets?|people|person|users?)(\/|$)/i;
const SHARED_LINK = /[?&](key|slug)(=|&|$)/;
const UPLOAD_PATHS = /^\/api\/(assets|asset\/upload)\/?$/;
const SOCKET_PATH = /^\/api\/socket\.io(\/|$)/;

function mediaKind(pathname: string, search: string, method: string, resourceType: string): { kind: RequestKind; assetId?: string } | undefined {
  if (UPLOAD_PATHS.test(pathname)) return method === 'POST' ? { kind: 'upload' } : undefined;
  const current = CURRENT.exec(pathname);
  if (current) {
    const action = current[3]!.toLowerCase().startsWith('video/stream/') ? 'video/stream' : current[3]!.toLowerCase();
    const kind = CURRENT_ACTIONS[current[1]!.toLowerCase()]?.[action]?.(search, method, resourceType);
    return kind ? { kind, assetId: current[2]!.toLowerCase() } : undefined;
  }
  const legacy = LEGACY.exec(pathname);
  if (legacy) {
    const route = legacy[3] ? `${legacy[1]!.toLowerCase()}${legacy[3].toLowerCase()}` : legacy[1]!.toLowerCase();
    const kind = LEGACY_ACTIONS[route]?.(search, method, resourceType);
    return kind ? { kind, assetId: legacy[2]!.toLowerCase() } : undefined;
  }
  return undefined;
}

/**
 * For API paths, the route under `/api` with ids replaced by `{id}` (`users/me`, `assets/{id}`); the
 * socket is `socket.io`. Computed only for requests that are kept as records, not on the hot path.
 */
export function routeName(pathname: string, kind: RequestKind): string | undefined {
  if (kind === 'websocket') return 'socket.io';
  if (pathname !== '/api' && !pathname.startsWith('/api/')) return undefined;
  const name = pathname.replace(/^\/api\/?/, '').replace(/\/+$/, '').replace(UUID_ALL, '{id}');
  return name === '' ? '/' : name;
}

export function firstUuid(pathname: string): string | undefined {
  return UUID_ONE.exec(pathname)?.[0]?.toLowerCase();
}

/**
 * Classifies a request by what it asked for. `resourceType` is the browser's (webRequest `type`):
 * it separates navigations, websockets and media where the path alone cannot.
 */
export function classifyRoute(pathname: string, search: string, method: string, resourceType: string): RouteInfo {
  const sharedLink = search !== '' && SHARED_LINK.test(search);
  const verb = method.toUpperCase();

  if (resourceType === 'websocket' || SOCKET_PATH.test(pathname)) {
    return { kind: 'websocket', assetId: undefined, sharedLink };
  }
  if (pathname === '/api' || pathname.startsWith('/api/')) {
    const media = MEDIA_PREFIX.test(pathname) ? mediaKind(pathname, search, verb, resourceType) : undefined;
    if (media) return { kind: media.kind, assetId: media.assetId, sharedLink };
    return { kind: 'api', assetId: undefined, sharedLink };
  }
  const kind: RequestKind =
    resourceType === 'main_frame' || resourceType === 'sub_frame' ? 'page' : pathname.startsWith('/_app/') || pathname === '/service-worker.js' ? 'app-shell' : 'other';
  return { kind, assetId: undefined, sharedLink };
}
