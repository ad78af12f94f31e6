import type { RequestKind } from './request-kind';

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
 * Immich's media routes, both generations (immich.md §1), as one pattern per generation: the resource,
 * then the action that decides the kind. Built once; matching is the classifier's hot path, so nothing
 * is captured that only a kept record needs (the asset id is read later, by `firstUuid`).
 */
const CURRENT = new RegExp(`^/api/(assets|people|users)/${UUID}/(thumbnail|original|video/playback|video/stream/|profile-image)`, 'i');
const LEGACY = new RegExp(`^/api/(asset/thumbnail|asset/file|person|user/profile-image)/${UUID}(/thumbnail)?$`, 'i');

const CURRENT_ACTIONS: Record<string, Record<string, KindOf>> = {
  assets: {
    thumbnail: thumbnailSize,
    original: (_, method) => (method === 'PUT' ? 'upload' : isRead(method) ? 'original' : undefined),
    'video/playback': readOnly('video'),
    'video/stream/': readOnly('video'),
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

/** Immich's paths are lower-case; other spellings are rare enough to pay for lower-casing. */
const lookup = <T>(table: Record<string, T>, key: string): T | undefined => table[key] ?? table[key.toLowerCase()];

function mediaKind(pathname: string, search: string, method: string, resourceType: string): RequestKind | undefined {
  if (UPLOAD_PATHS.test(pathname)) return method === 'POST' ? 'upload' : undefined;
  const current = CURRENT.exec(pathname);
  if (current) {
    const action = lookup(CURRENT_ACTIONS, current[1]!);
    // Only video streams continue after the action (`video/stream/<…>`); the others end there.
    if (current[2] !== 'video/stream/' && pathname.length !== current[0].length) return undefined;
    return action && lookup(action, current[2]!)?.(search, method, resourceType);
  }
  const legacy = LEGACY.exec(pathname);
  if (legacy) return lookup(LEGACY_ACTIONS, legacy[2] ? `${legacy[1]}${legacy[2]}` : legacy[1]!)?.(search, method, resourceType);
  return undefined;
}

/** Whether a request carried a shared-link `key` or `slug`: authorised by the link, not a session. */
export function usesSharedLink(search: string): boolean {
  return search !== '' && SHARED_LINK.test(search);
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

const ASSET_THUMBNAIL_PREFIX = '/api/assets/';
const ASSET_THUMBNAIL_SUFFIX = '/thumbnail';
const ASSET_THUMBNAIL_LENGTH = ASSET_THUMBNAIL_PREFIX.length + 36 + ASSET_THUMBNAIL_SUFFIX.length;
/** An asset id right where it is looked for (`lastIndex`): no match array, no substring. */
const UUID_AT = new RegExp(UUID, 'iy');

/**
 * `/api/assets/<id>/thumbnail`, as Immich's web app spells it: the timeline's request, most of every
 * page's, told without running the media routes' patterns (`mediaKind` gives it the same kind). With
 * the method no longer upper-cased twice, classify + record went from 2.17 to 2.07 µs a request over
 * the bench's mix (docs/testing.md, "Classify + record"). Other spellings go the long way.
 */
function isAssetThumbnail(pathname: string): boolean {
  if (pathname.length !== ASSET_THUMBNAIL_LENGTH || !pathname.startsWith(ASSET_THUMBNAIL_PREFIX) || !pathname.endsWith(ASSET_THUMBNAIL_SUFFIX)) return false;
  UUID_AT.lastIndex = ASSET_THUMBNAIL_PREFIX.length;
  return UUID_AT.test(pathname);
}

/**
 * Classifies a request by what it asked for. `method` is upper-case, as `classify` gives it.
 * `resourceType` is the browser's (webRequest `type`): it separates navigations, websockets and media
 * where the path alone cannot.
 */
export function classifyRoute(pathname: string, search: string, method: string, resourceType: string): RequestKind {
  if (resourceType === 'websocket' || SOCKET_PATH.test(pathname)) return 'websocket';
  if (isAssetThumbnail(pathname)) return thumbnailSize(search, method, resourceType) ?? 'api';
  if (pathname === '/api' || pathname.startsWith('/api/')) {
    return (MEDIA_PREFIX.test(pathname) && mediaKind(pathname, search, method, resourceType)) || 'api';
  }
  if (resourceType === 'main_frame' || resourceType === 'sub_frame') return 'page';
  return pathname.startsWith('/_app/') || pathname === '/service-worker.js' ? 'app-shell' : 'other';
}
