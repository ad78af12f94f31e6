/**
 * What the failing assets have in common, the guide's questions about them: only new uploads, only
 * old ones, one folder, one (external) library, another user's, never generated. Pure: it reads the
 * asset records the assets check fetched (./checks/assets.ts), the failing ones beside a few that load.
 */
export interface AssetFacts {
  id: string;
  /** The record answered; false: 400 "Not found or no … access" (immich.md §3). */
  found: boolean;
  isOffline?: boolean;
  /** Whether the record has a thumbhash: made by the thumbnail job, so the job ran for it once. */
  hasThumbhash?: boolean;
  originalFileName?: string;
  /** As the container sees it (`/data/upload/…`, `/mnt/photos/…`). */
  originalPath?: string;
  /** Upload date (`createdAt`) and date taken (`fileCreatedAt`), ms since the epoch. */
  uploadedAt?: number;
  takenAt?: number;
  ownerId?: string;
  libraryId?: string | null;
}

export type AssetPattern =
  /** None of them answers: unknown ids or no access (another user's, a revoked share). */
  | { kind: 'not-found' }
  /** Every failing one was uploaded on or after `since`, every loading one before. */
  | { kind: 'uploaded-since'; since: number }
  /** Every failing one was uploaded before `before`, every loading one on or after it. */
  | { kind: 'uploaded-before'; before: number }
  /** All in one external library (`offline`: Immich marks them offline), none of the loading ones. */
  | { kind: 'one-library'; libraryId: string; offline: boolean }
  /** All under one folder that no loading one is in. */
  | { kind: 'one-folder'; folder: string }
  /** All belong to another user than the one asking. */
  | { kind: 'another-user' }
  /** `count` of the failing ones have no thumbhash: their thumbnail was never generated. */
  | { kind: 'never-generated'; count: number }
  /** All have a thumbhash: their thumbnails were made once, and their files went missing since. */
  | { kind: 'generated-once' };

const DAY_MS = 86_400_000;
/** The start of the day (UTC) of a time: a pattern names days, not milliseconds. */
const dayOf = (time: number) => Math.floor(time / DAY_MS) * DAY_MS;

const times = (assets: readonly AssetFacts[], pick: (asset: AssetFacts) => number | undefined) => assets.map(pick).filter((time): time is number => time !== undefined);

/** Upload dates split the failing from the loading ones: every failing one after (or before) every loading one. */
function byUploadDate(failing: readonly AssetFacts[], healthy: readonly AssetFacts[]): AssetPattern | undefined {
  const failed = times(failing, (asset) => asset.uploadedAt);
  const loaded = times(healthy, (asset) => asset.uploadedAt);
  if (failed.length !== failing.length || loaded.length === 0 || failed.length === 0) return undefined;
  if (Math.min(...failed) > Math.max(...loaded)) return { kind: 'uploaded-since', since: dayOf(Math.min(...failed)) };
  if (Math.max(...failed) < Math.min(...loaded)) return { kind: 'uploaded-before', before: dayOf(Math.max(...failed)) + DAY_MS };
  return undefined;
}

/** The deepest folder all paths are under (`/data/upload/a/2024`), or undefined when they share none below the root. */
export function commonFolder(paths: readonly string[]): string | undefined {
  if (paths.length === 0) return undefined;
  const split = paths.map((path) => path.split('/').slice(0, -1));
  const shared: string[] = [];
  for (let index = 0; index < split[0]!.length; index += 1) {
    const part = split[0]![index]!;
    if (!split.every((parts) => parts[index] === part)) break;
    shared.push(part);
  }
  const folder = shared.join('/');
  return folder.length > 1 ? folder : undefined;
}

/**
 * Below the media root, Immich keeps each user's files in `upload/<user>/` or `library/<user>/`
 * (immich.md §3, disk paths): a folder is a pattern only deeper than that (a year, an album folder).
 */
const USER_FOLDER_DEPTH = 2;

function byFolder(failing: readonly AssetFacts[], healthy: readonly AssetFacts[], mediaRoot: string): AssetPattern | undefined {
  const paths = failing.map((asset) => asset.originalPath);
  if (failing.length < 2 || healthy.length === 0 || paths.some((path) => path === undefined)) return undefined;
  const folder = commonFolder(paths as string[]);
  const inMedia = folder?.startsWith(`${mediaRoot}/`);
  if (!folder || (inMedia && folder.split('/').length <= mediaRoot.split('/').length + USER_FOLDER_DEPTH)) return undefined;
  const inside = (path: string | undefined) => path !== undefined && path.startsWith(`${folder}/`);
  return healthy.some((asset) => inside(asset.originalPath)) ? undefined : { kind: 'one-folder', folder };
}

function byLibrary(failing: readonly AssetFacts[], healthy: readonly AssetFacts[]): AssetPattern | undefined {
  const libraryId = failing[0]?.libraryId;
  if (!libraryId || !failing.every((asset) => asset.libraryId === libraryId) || healthy.some((asset) => asset.libraryId === libraryId)) return undefined;
  return { kind: 'one-library', libraryId, offline: failing.every((asset) => asset.isOffline === true) };
}

/**
 * The patterns of the failing assets, most telling first. `userId`: who asked (their session or key),
 * when known; `mediaRoot`: where the container keeps the upload library (./routes.ts).
 */
export function assetPatterns(failing: readonly AssetFacts[], healthy: readonly AssetFacts[], { userId, mediaRoot }: { userId?: string; mediaRoot: string }): AssetPattern[] {
  const found = failing.filter((asset) => asset.found);
  if (failing.length > 0 && found.length === 0) return [{ kind: 'not-found' }];
  const loaded = healthy.filter((asset) => asset.found);
  const patterns: AssetPattern[] = [];
  const library = byLibrary(found, loaded);
  if (library) patterns.push(library);
  const dated = byUploadDate(found, loaded);
  if (dated) patterns.push(dated);
  const folder = library ? undefined : byFolder(found, loaded, mediaRoot);
  if (folder) patterns.push(folder);
  if (userId && found.length > 0 && found.every((asset) => asset.ownerId !== undefined && asset.ownerId !== userId)) patterns.push({ kind: 'another-user' });
  const withoutThumbhash = found.filter((asset) => asset.hasThumbhash === false).length;
  if (withoutThumbhash > 0) patterns.push({ kind: 'never-generated', count: withoutThumbhash });
  else if (found.length > 0 && found.every((asset) => asset.hasThumbhash === true)) patterns.push({ kind: 'generated-once' });
  return patterns;
}

/**
 * Where the host keeps a file the container sees at `path`: the container's media root
 * (`/data`, `/usr/src/app/upload`: ./routes.ts) replaced by the host folder the user entered in the
 * options (their `UPLOAD_LOCATION`). Undefined for a path outside the media root (an external library
 * is mounted wherever its admin chose) or without a host folder.
 */
export function hostPathOf(path: string, mediaRoot: string, hostMediaPath: string | undefined): string | undefined {
  if (!hostMediaPath || !path.startsWith(`${mediaRoot}/`)) return undefined;
  return `${hostMediaPath.replace(/\/+$/, '')}${path.slice(mediaRoot.length)}`;
}
