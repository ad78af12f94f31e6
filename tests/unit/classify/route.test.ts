import { describe, expect, it } from 'vitest';
import { classifyRoute, firstUuid, queryParam, routeName, usesSharedLink } from '../../../utils/classify/route';

const ID = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
const route = (path: string, method = 'GET', type = 'image') => {
  const url = new URL(`https://immich.test${path}`);
  const kind = classifyRoute(url.pathname, url.search, method, type);
  return { kind, route: routeName(url.pathname, kind), assetId: kind === 'api' || routeName(url.pathname, kind) ? firstUuid(url.pathname) : undefined, sharedLink: usesSharedLink(url.search) };
};

describe('classifyRoute: every asset route of both generations (immich.md §1)', () => {
  it.each([
    // v1.106+
    ['thumbnail, no size', `/api/assets/${ID}/thumbnail`, 'GET', 'image', 'thumbnail'],
    ['thumbnail, web URL shape v2.7.5', `/api/assets/${ID}/thumbnail?size=thumbnail&c=dGh1bWI%3D&edited=true`, 'GET', 'image', 'thumbnail'],
    ['preview', `/api/assets/${ID}/thumbnail?size=preview`, 'GET', 'image', 'preview'],
    ['fullsize (v1.131+)', `/api/assets/${ID}/thumbnail?size=fullsize`, 'GET', 'image', 'fullsize'],
    ['HEAD thumbnail', `/api/assets/${ID}/thumbnail`, 'HEAD', 'image', 'thumbnail'],
    ['original', `/api/assets/${ID}/original?edited=true`, 'GET', 'image', 'original'],
    ['original fetched by the service worker', `/api/assets/${ID}/original`, 'GET', 'other', 'original'],
    ['video playback', `/api/assets/${ID}/video/playback?c=x`, 'GET', 'media', 'video'],
    ['v3 HLS playlist', `/api/assets/${ID}/video/stream/main.m3u8`, 'GET', 'xmlhttprequest', 'video'],
    ['upload', '/api/assets', 'POST', 'xmlhttprequest', 'upload'],
    ['upload with shared link', '/api/assets?key=abc', 'POST', 'xmlhttprequest', 'upload'],
    ['replace original (PUT)', `/api/assets/${ID}/original`, 'PUT', 'xmlhttprequest', 'upload'],
    ['person thumbnail', `/api/people/${ID}/thumbnail?updatedAt=2026-01-01`, 'GET', 'image', 'person-thumbnail'],
    ['profile image', `/api/users/${ID}/profile-image?updatedAt=1`, 'GET', 'image', 'profile-image'],
    // v1.100-1.105
    ['legacy thumbnail', `/api/asset/thumbnail/${ID}?format=WEBP`, 'GET', 'image', 'thumbnail'],
    ['legacy file as thumbnail', `/api/asset/file/${ID}?isThumb=true`, 'GET', 'image', 'thumbnail'],
    ['legacy file for the viewer', `/api/asset/file/${ID}?isThumb=false&isWeb=true`, 'GET', 'image', 'preview'],
    ['legacy file as original', `/api/asset/file/${ID}?isThumb=false&isWeb=false`, 'GET', 'image', 'original'],
    ['legacy file as video', `/api/asset/file/${ID}`, 'GET', 'media', 'video'],
    ['legacy upload', '/api/asset/upload', 'POST', 'xmlhttprequest', 'upload'],
    ['legacy person thumbnail', `/api/person/${ID}/thumbnail`, 'GET', 'image', 'person-thumbnail'],
    ['legacy profile image', `/api/user/profile-image/${ID}`, 'GET', 'image', 'profile-image'],
  ])('%s → %s', (_name, path, method, type, kind) => {
    const info = route(path, method, type);
    expect(info.kind).toBe(kind);
    if (kind !== 'upload' || path.includes(ID)) expect(info.assetId).toBe(ID);
  });

  it('reads upper-case asset ids and reports them lower-case', () => {
    expect(route(`/api/assets/${ID.toUpperCase()}/thumbnail`).assetId).toBe(ID);
  });

  it.each([
    ['GET on the upload route is the asset list API', '/api/assets', 'GET', 'api', 'assets'],
    ['POST on a thumbnail route is not a thumbnail', `/api/assets/${ID}/thumbnail`, 'POST', 'api', 'assets/{id}/thumbnail'],
    ['a non-UUID id is not an asset route', '/api/assets/not-a-uuid/thumbnail', 'GET', 'api', 'assets/not-a-uuid/thumbnail'],
    // The web app's own spelling is told apart first (isAssetThumbnail); these go the long way, and agree.
    ['another spelling of the route is still a thumbnail', `/api/ASSETS/${ID}/Thumbnail`, 'GET', 'thumbnail', 'ASSETS/{id}/Thumbnail'],
    ['a thumbnail route with a trailing slash is not one', `/api/assets/${ID}/thumbnail/`, 'GET', 'api', 'assets/{id}/thumbnail'],
    ['an id with one character too many is not an asset route', `/api/assets/${ID}b/thumbnail`, 'GET', 'api', 'assets/{id}b/thumbnail'],
    ['an id with a letter past f, of the right length, is not an asset route', `/api/assets/${ID.slice(0, 35)}g/thumbnail`, 'GET', 'api', `assets/${ID.slice(0, 35)}g/thumbnail`],
  ])('%s', (_name, path, method, kind, routeName) => {
    expect(route(path, method)).toMatchObject({ kind, route: routeName });
  });
});

describe('classifyRoute: API, socket, app shell, pages', () => {
  it.each([
    ['/api/users/me', 'xmlhttprequest', 'api', 'users/me'],
    ['/api/server/ping', 'xmlhttprequest', 'api', 'server/ping'],
    ['/api/server-info/ping', 'xmlhttprequest', 'api', 'server-info/ping'],
    [`/api/assets/${ID}`, 'xmlhttprequest', 'api', 'assets/{id}'],
    ['/api/timeline/buckets?size=MONTH', 'xmlhttprequest', 'api', 'timeline/buckets'],
    ['/api/assets/bulk-upload-check', 'xmlhttprequest', 'api', 'assets/bulk-upload-check'],
    ['/api', 'xmlhttprequest', 'api', '/'],
    ['/api/', 'xmlhttprequest', 'api', '/'],
    ['/api/socket.io/?EIO=4&transport=websocket', 'websocket', 'websocket', 'socket.io'],
    ['/api/socket.io/?EIO=4&transport=polling', 'xmlhttprequest', 'websocket', 'socket.io'],
    ['/api/socket.io', 'xmlhttprequest', 'websocket', 'socket.io'],
  ])('%s (%s) → %s %s', (path, type, kind, routeName) => {
    expect(route(path, 'GET', type)).toMatchObject({ kind, route: routeName });
  });

  it.each([
    ['/_app/immutable/entry/app.B2xk9.js', 'script', 'app-shell'],
    ['/_app/immutable/assets/0.CsS.css', 'stylesheet', 'app-shell'],
    ['/_app/version.json', 'xmlhttprequest', 'app-shell'],
    ['/service-worker.js', 'other', 'app-shell'],
    ['/', 'main_frame', 'page'],
    ['/photos/abc', 'main_frame', 'page'],
    ['/share/abc', 'sub_frame', 'page'],
    ['/favicon.ico', 'image', 'other'],
    ['/custom.css', 'stylesheet', 'other'],
    ['/.well-known/immich', 'xmlhttprequest', 'other'],
  ])('%s (%s) → %s', (path, type, kind) => {
    expect(route(path, 'GET', type).kind).toBe(kind);
  });

  it.each([
    [`/api/assets/${ID}/thumbnail?key=secret`, true],
    [`/api/assets/${ID}/thumbnail?slug=my-album`, true],
    [`/api/assets/${ID}/thumbnail?size=preview`, false],
  ])('%s: shared link %s', (path, shared) => {
    expect(route(path).sharedLink).toBe(shared);
  });
});

describe('queryParam', () => {
  it.each([
    ['?size=preview', 'size', 'preview'],
    ['?c=x&size=fullsize&edited=true', 'size', 'fullsize'],
    ['?sizes=thumbnail', 'size', undefined],
    ['?xsize=preview', 'size', undefined],
    ['?size', 'size', ''],
    ['?size=', 'size', ''],
    ['', 'size', undefined],
    ['?isThumb=true&isWeb=false', 'isWeb', 'false'],
  ])('%s: %s = %s', (search, name, value) => {
    expect(queryParam(search, name)).toBe(value);
  });
});
