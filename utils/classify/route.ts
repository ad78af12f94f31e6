import type { RequestKind } from './request-kind';

/** What the URL says was asked: the request kind, the API route name, the asset and shared-link use. */
export interface RouteInfo {
  kind: RequestKind;
  /** For API requests: the path under `/api` with ids replaced by `{id}`, e.g. `users/me`, `assets/{id}`. */
  route?: string;
  assetId?: string;
  /** The request carried a shared-link `key` or `slug`, so it was authorised by the link, not a session. */
  sharedLink: boolean;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const UUID_ANYWHERE = new RegExp(UUID, 'gi');

interface RoutePattern {
  pattern: RegExp;
  /** Decides the kind from the match, the query and the method; `undefined` means "not this route". */
  kind: (params: URLSearchParams, method: string, resourceType: string) => RequestKind | undefined;
}

const GET_ONLY = (kind: RequestKind) => (_: URLSearchParams, method: string) =>
  method === 'GET' || method === 'HEAD' ? kind : undefined;

/** `size` on `/api/assets/{id}/thumbnail` (v1.106+); no size means thumbnail. */
function thumbnailSize(params: URLSearchParams): RequestKind {
  const size = params.get('size');
  if (size === 'preview') return 'preview';
  if (size === 'fullsize') return 'fullsize';
  return 'thumbnail';
}

/**
 * v1.100-1.105 served the viewer and the original from one route; `isThumb`/`isWeb` chose the
 * rendition, and the browser's resource type tells a video apart.
 */
function legacyFile(params: URLSearchParams, _method: string, resourceType: string): RequestKind {
  if (resourceType === 'media') return 'video';
  if (params.get('isThumb') === 'true') return 'thumbnail';
  if (params.get('isWeb') === 'true') return 'preview';
  return 'original';
}

/**
 * Immich's asset routes, both generations (immich.md §1). The asset id is the first UUID in the path.
 * Order matters only where patterns overlap; none of these do.
 */
const ASSET_ROUTES: RoutePattern[] = [
  // v1.106+
  { pattern: new RegExp(`^/api/assets/${UUID}/thumbnail$`, 'i'), kind: (p, m) => (m === 'GET' || m === 'HEAD' ? thumbnailSize(p) : undefined) },
  { pattern: new RegExp(`^/api/assets/${UUID}/original$`, 'i'), kind: (_, m) => (m === 'PUT' ? 'upload' : m === 'GET' || m === 'HEAD' ? 'original' : undefined) },
  { pattern: new RegExp(`^/api/assets/${UUID}/video/(playback|stream/.*)$`, 'i'), kind: GET_ONLY('video') },
  { pattern: /^\/api\/assets\/?$/, kind: (_, m) => (m === 'POST' ? 'upload' : undefined) },
  { pattern: new RegExp(`^/api/people/${UUID}/thumbnail$`, 'i'), kind: GET_ONLY('person-thumbnail') },
  { pattern: new RegExp(`^/api/users/${UUID}/profile-image$`, 'i'), kind: GET_ONLY('profile-image') },
  // v1.100-1.105
  { pattern: new RegExp(`^/api/asset/thumbnail/${UUID}$`, 'i'), kind: GET_ONLY('thumbnail') },
  { pattern: new RegExp(`^/api/asset/file/${UUID}$`, 'i'), kind: (p, m, t) => (m === 'GET' || m === 'HEAD' ? legacyFile(p, m, t) : undefined) },
  { pattern: /^\/api\/asset\/upload\/?$/, kind: (_, m) => (m === 'POST' ? 'upload' : undefined) },
  { pattern: new RegExp(`^/api/person/${UUID}/thumbnail$`, 'i'), kind: GET_ONLY('person-thumbnail') },
  { pattern: new RegExp(`^/api/user/profile-image/${UUID}$`, 'i'), kind: GET_ONLY('profile-image') },
];

const SOCKET_PATH = /^\/api\/socket\.io(\/|$)/;
const SHARED_LINK_PARAMS = ['key', 'slug'];

function apiRouteName(pathname: string): string {
  const name = pathname.replace(/^\/api\/?/, '').replace(/\/+$/, '').replace(UUID_ANYWHERE, '{id}');
  return name === '' ? '/' : name;
}

function firstUuid(pathname: string): string | undefined {
  return pathname.match(new RegExp(UUID, 'i'))?.[0]?.toLowerCase();
}

/**
 * Classifies a request by what it asked for. `resourceType` is the browser's (webRequest `type`):
 * it separates navigations, websockets and media where the path alone cannot.
 */
export function classifyRoute(url: URL, method: string, resourceType: string): RouteInfo {
  const { pathname, searchParams } = url;
  const sharedLink = SHARED_LINK_PARAMS.some((name) => searchParams.has(name));
  const verb = method.toUpperCase();

  if (resourceType === 'websocket' || SOCKET_PATH.test(pathname)) {
    return { kind: 'websocket', route: 'socket.io', sharedLink };
  }
  for (const { pattern, kind: kindOf } of ASSET_ROUTES) {
    if (!pattern.test(pathname)) continue;
    const kind = kindOf(searchParams, verb, resourceType);
    if (kind) return { kind, assetId: firstUuid(pathname), sharedLink, route: apiRouteName(pathname) };
  }
  if (pathname === '/api' || pathname.startsWith('/api/')) {
    return { kind: 'api', route: apiRouteName(pathname), assetId: firstUuid(pathname), sharedLink };
  }
  if (resourceType === 'main_frame' || resourceType === 'sub_frame') return { kind: 'page', sharedLink };
  if (pathname.startsWith('/_app/') || pathname === '/service-worker.js') return { kind: 'app-shell', sharedLink };
  return { kind: 'other', sharedLink };
}
