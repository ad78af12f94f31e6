import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

/**
 * A media folder in Immich's on-disk layout (immich.md §3 "Disk paths"):
 * `thumbs/<owner>/<aa>/<bb>/<id>_thumbnail.webp`, `…_preview.jpeg`, and `upload/<owner>/<aa>/<bb>/<id>.jpg`.
 * An external library's originals sit apart, in `external/<originalName>` (the share Immich reads them
 * from), while their thumbnails are in `thumbs/` like any other: Immich generates them into its own storage.
 * The files are tiny but real (valid WebP/JPEG/MP4 headers), so the browser renders or plays them.
 */
export interface LabAsset {
  id: string;
  type: 'IMAGE' | 'VIDEO';
  originalName: string;
  originalPath: string;
  /** `null` when the thumbnail job never ran for this asset (the DB has no path). */
  thumbnailPath: string | null;
  previewPath: string | null;
  /** When it was uploaded (Immich's `createdAt`), an ISO date: one asset a day (`assetDate`). */
  createdAt: string;
  /** The external library it belongs to (`EXTERNAL_LIBRARY_ID`), or `null` for an upload. */
  libraryId: string | null;
}

export const OWNER_ID = '8d2f6c3a-1b4e-4f7a-9c0d-2e3f4a5b6c7d';
export const PERSON_ID = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
export const EXTERNAL_LIBRARY_ID = '0b7e4d2c-6a1f-4c3e-9d8b-7f6e5a4b3c2d';

// 1×1 WebP (lossless), 1×1 JPEG, and a minimal MP4 'ftyp' box: enough for a browser to decode or sniff.
const WEBP = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);
const MP4 = Buffer.concat([Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex'), Buffer.alloc(64 * 1024)]);

function shard(id: string): string {
  return join(id.slice(0, 2), id.slice(2, 4));
}

/**
 * The date of the `index`-th asset: one a day from 2026-11-01, inside the lab timeline's one bucket
 * (November 2026); past 30 assets the days repeat.
 */
function assetDate(index: number): string {
  return new Date(Date.UTC(2026, 10, 1 + (index % 30), 12)).toISOString();
}

/**
 * `count` assets, the first `videos` of them videos, the last `external` of them in the external
 * library (`externalRoot`).
 */
export function createMediaFolder(
  count: number,
  { videos = 1, external = 0 }: { videos?: number; external?: number } = {},
): { root: string; externalRoot: string; assets: LabAsset[]; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'immich-lab-'));
  const externalRoot = join(root, 'external');
  const assets: LabAsset[] = [];
  for (let index = 0; index < count; index += 1) {
    const id = randomUUID();
    const isVideo = index < videos;
    const isExternal = index >= count - external;
    const originalName = isVideo ? `clip${index}.mp4` : `img${index}.jpg`;
    // An external library keeps the files' own names; Immich renames uploads to their id.
    const originalDir = isExternal ? externalRoot : join(root, 'upload', OWNER_ID, shard(id));
    const thumbsDir = join(root, 'thumbs', OWNER_ID, shard(id));
    mkdirSync(originalDir, { recursive: true });
    mkdirSync(thumbsDir, { recursive: true });
    const originalPath = join(originalDir, isExternal ? originalName : `${id}.${isVideo ? 'mp4' : 'jpg'}`);
    writeFileSync(originalPath, isVideo ? MP4 : JPEG);
    const thumbnailPath = join(thumbsDir, `${id}_thumbnail.webp`);
    const previewPath = join(thumbsDir, `${id}_preview.jpeg`);
    writeFileSync(thumbnailPath, WEBP);
    writeFileSync(previewPath, JPEG);
    const libraryId = isExternal ? EXTERNAL_LIBRARY_ID : null;
    assets.push({ id, type: isVideo ? 'VIDEO' : 'IMAGE', originalName, originalPath, thumbnailPath, previewPath, createdAt: assetDate(index), libraryId });
  }
  mkdirSync(join(root, 'profile', OWNER_ID), { recursive: true });
  writeFileSync(join(root, 'profile', OWNER_ID, 'face.jpeg'), JPEG);
  writeFileSync(join(root, 'thumbs', OWNER_ID, `${PERSON_ID}.jpeg`), JPEG);
  return { root, externalRoot, assets, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
