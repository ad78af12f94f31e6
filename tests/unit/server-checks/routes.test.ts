import { describe, expect, it } from 'vitest';
import { serverRoutes, type ServerRoutes } from '../../../utils/server-checks/routes';

const ID = '3f2a9c1e-5b7d-4e8f-9a0b-000000000001';

/** Everything a version's routes say, with the per-asset and per-queue routes filled. */
function flat(routes: ServerRoutes) {
  return {
    ...routes,
    failedJobs: routes.failedJobs?.('thumbnailGeneration'),
    asset: routes.asset?.(ID),
    thumbnail: routes.thumbnail(ID),
    original: routes.original(ID),
    appFile: routes.appFile('entry/start.B1x2.js'),
  };
}

const V1_100 = {
  basis: 'version',
  ping: '/api/server-info/ping',
  version: '/api/server-info/version',
  features: undefined,
  config: undefined,
  maintenanceMode: false,
  storage: '/api/server-info',
  me: undefined,
  queues: { path: '/api/jobs', shape: 'jobs' },
  failedJobs: undefined,
  asset: undefined,
  thumbnail: `/api/asset/thumbnail/${ID}`,
  original: `/api/asset/file/${ID}`,
  queuesPage: '/admin/jobs-status',
  mediaRoot: '/usr/src/app/upload',
  integrity: undefined,
  socket: '/api/socket.io/?EIO=4&transport=websocket',
  webApp: '/',
  appFile: '/_app/immutable/entry/start.B1x2.js',
};
const V1_106 = { ...V1_100, me: '/api/users/me', asset: `/api/assets/${ID}`, thumbnail: `/api/assets/${ID}/thumbnail?size=thumbnail`, original: `/api/assets/${ID}/original` };
const V1_107 = { ...V1_106, ping: '/api/server/ping', version: '/api/server/version', features: '/api/server/features', config: '/api/server/config', storage: '/api/server/storage' };
const V1_137 = { ...V1_107, mediaRoot: '/data' };
const V2_3 = { ...V1_137, maintenanceMode: true };
const V2_4 = { ...V2_3, queues: { path: '/api/queues', shape: 'queues' }, failedJobs: '/api/queues/thumbnailGeneration/jobs?status=failed', queuesPage: '/admin/queues' };
const V3 = { ...V2_4, integrity: '/api/admin/integrity/summary' };

// Each landmark of ../shared/reference/immich.md, the version before it, and what is not a version.
const CASES: Array<[string | undefined, object]> = [
  ['v1.100.0', V1_100],
  ['1.105.1', V1_100],
  ['v1.106.0', V1_106],
  ['v1.107.0', V1_107],
  ['v1.117.0', V1_107],
  ['v1.118.0', V1_107],
  ['v1.136.0', V1_107],
  ['v1.137.0', V1_137],
  ['v2.2.0', V1_137],
  ['v2.3.0', V2_3],
  ['v2.3.9', V2_3],
  ['v2.4.0', V2_4],
  ['v2.7.5', V2_4],
  ['v3.0.0-rc.1', V3],
  ['v3.2.2', V3],
  ['v1.99.0', { ...V1_100, basis: 'older-than-known' }],
  // Unknown: the current routes, but `/api/jobs`, which every version serves, and no v3-only route.
  [undefined, { ...V2_4, basis: 'unknown', queues: V1_100.queues, failedJobs: undefined }],
  ['latest', { ...V2_4, basis: 'unknown', queues: V1_100.queues, failedJobs: undefined }],
];

describe('serverRoutes: where each version answers', () => {
  it.each(CASES)('%s', (version, expected) => {
    expect(flat(serverRoutes(version))).toEqual(expected);
  });

  it('encodes what it puts in a path', () => {
    const routes = serverRoutes('v2.7.5');
    expect(routes.asset!('a/b?c')).toBe('/api/assets/a%2Fb%3Fc');
    expect(routes.failedJobs!('x y')).toBe('/api/queues/x%20y/jobs?status=failed');
  });
});
