import { statSync } from 'node:fs';
import type { ImmichLab } from '../lab/immich-server';

/**
 * The download both browsers' tests hold (`originalBodiesHeld`): one of the lab's videos, whose
 * playback the lab's service worker leaves to the network. An original would not do: that worker
 * fetches originals itself (as Immich's does), and in Firefox the page's fetch of one held this way
 * failed after 60 s.
 */
export function videoToHold(lab: ImmichLab): { path: string; bytes: number } {
  const video = lab.assets.find((asset) => asset.type === 'VIDEO');
  if (!video) throw new Error('the lab has no video');
  return { path: `/api/assets/${video.id}/video/playback`, bytes: statSync(video.originalPath).size };
}

/** How many of the requests the lab received since the `since`-th asked for this path. */
export function timesRequested(lab: ImmichLab, since: number, path: string): number {
  return lab.requestsServedSince(since).filter((line) => line === `GET ${path}`).length;
}
