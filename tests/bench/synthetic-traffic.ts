import type { RawRequest } from '../../utils/classify/classify-request';
import { answers, assetId, ORIGIN, paths } from '../fixtures/responses';

type What = keyof typeof paths;

/**
 * A pool of realistic raws — mixed kinds, outcomes and responders, weighted like a timeline
 * (mostly thumbnails) — cycled to make any number of synthetic requests without holding them all.
 */
const MIX: Array<[What, Partial<RawRequest>, number]> = [
  ['thumbnail', answers.thumbnailOk, 40],
  ['thumbnail', answers.missingFile, 10],
  ['thumbnail', answers.notGenerated, 5],
  ['thumbnail', { statusCode: 204, responseHeaders: [] }, 5],
  ['thumbnail', answers.network('net::ERR_ABORTED'), 3],
  ['preview', answers.previewOk, 6],
  ['original', answers.originalOk, 4],
  ['original', answers.nginx(504), 2],
  ['video', answers.videoRange, 2],
  ['upload', answers.uploadCreated, 2],
  ['upload', answers.nginx(413), 1],
  ['usersMe', answers.jsonOk, 8],
  ['usersMe', answers.unauthorised, 2],
  ['socket', answers.socketOpen, 1],
  ['socket', answers.socketBadRequest, 1],
  ['chunk', answers.chunkOk, 3],
  ['person', answers.caddy(502), 2],
  ['profile', answers.network('net::ERR_CONNECTION_REFUSED'), 1],
  ['storage', answers.cloudflare(522), 2],
];

export function rawRequestPool(size = 1000): RawRequest[] {
  const weighted = MIX.flatMap(([what, answer, weight]) => Array.from({ length: weight }, () => [what, answer] as const));
  return Array.from({ length: size }, (_, index) => {
    const [what, answer] = weighted[index % weighted.length]!;
    return {
      url: ORIGIN + paths[what](assetId(index)),
      method: what === 'upload' ? 'POST' : 'GET',
      type: what === 'video' ? 'media' : what === 'socket' ? 'websocket' : what === 'chunk' ? 'script' : what === 'usersMe' || what === 'storage' || what === 'upload' ? 'xmlhttprequest' : 'image',
      tabId: index % 3 === 0 ? -1 : 7,
      initiator: ORIGIN,
      timeStamp: 1_764_000_000_000 + index + 0.25,
      ...answer,
    };
  });
}
