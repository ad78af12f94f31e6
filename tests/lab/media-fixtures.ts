import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

/**
 * A media folder in Immich's on-disk layout (immich.md §3 "Disk paths"):
 * `thumbs/<owner>/<aa>/<bb>/<id>_thumbnail.webp`, `…_preview.jpeg`, and `upload/<owner>/<aa>/<bb>/<id>.jpg`.
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
}

export const OWNER_ID = '8d2f6c3a-1b4e-4f7a-9c0d-2e3f4a5b6c7d';
export const PERSON_ID = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';

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

export function createMediaFolder(count: number, videos = 1): { root: string; assets: LabAsset[]; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'immich-lab-'));
  const assets: LabAsset[] = [];
  for (let index = 0; index < count; index += 1) {
    const id = randomUUID();
    const isVideo = index < videos;
    const uploadDir = join(root, 'upload', OWNER_ID, shard(id));
    const thumbsDir = join(root, 'thumbs', OWNER_ID, shard(id));
    mkdirSync(uploadDir, { recursive: true });
    mkdirSync(thumbsDir, { recursive: true });
    const originalName = isVideo ? `clip${index}.mp4` : `img${index}.jpg`;
    const originalPath = join(uploadDir, `${id}.${isVideo ? 'mp4' : 'jpg'}`);
    writeFileSync(originalPath, isVideo ? MP4 : JPEG);
    const thumbnailPath = join(thumbsDir, `${id}_thumbnail.webp`);
    const previewPath = join(thumbsDir, `${id}_preview.jpeg`);
    writeFileSync(thumbnailPath, WEBP);
    writeFileSync(previewPath, JPEG);
    assets.push({ id, type: isVideo ? 'VIDEO' : 'IMAGE', originalName, originalPath, thumbnailPath, previewPath });
  }
  mkdirSync(join(root, 'profile', OWNER_ID), { recursive: true });
  writeFileSync(join(root, 'profile', OWNER_ID, 'face.jpeg'), JPEG);
  writeFileSync(join(root, 'thumbs', OWNER_ID, `${PERSON_ID}.jpeg`), JPEG);
  return { root, assets, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
