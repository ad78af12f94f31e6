import type { Responder } from '../classify/responder';
import type { MediaScope } from './cause';

/** One step the user can take, in the guide's safe order. Every check names where it comes from. */
export interface Check {
  title: string;
  detail?: string;
  /** A shell command or config snippet, ready to copy. */
  command?: string;
  /** Only shown when the diagnosis points at one of these responders (e.g. nginx settings for nginx). */
  only?: readonly Responder[];
  /** Only shown for these media scopes (rerunning thumbnail jobs does nothing for missing originals). */
  scopes?: readonly MediaScope[];
  /**
   * Only for servers of these versions (`from` inclusive, `before` exclusive, `1.137.0` style). With the
   * version unknown, the current form is shown: checks without `before`.
   */
  versions?: { from?: string; before?: string };
  /** `guide: <section>` (the troubleshooting guide) or `immich.md: <section>`. */
  source: string;
}

/** What a diagnosis knows when it picks its checks. */
export interface CheckContext {
  responder: Responder;
  scope?: MediaScope;
  /** `v2.7.5` or `2.7.5`, when the server said. */
  serverVersion?: string;
}

function versionParts(version: string): number[] | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  return match ? match.slice(1).map(Number) : undefined;
}

function compareVersions(a: number[], b: number[]): number {
  for (let index = 0; index < 3; index += 1) if (a[index] !== b[index]) return a[index]! - b[index]!;
  return 0;
}

function fitsVersion(range: NonNullable<Check['versions']>, serverVersion: string | undefined): boolean {
  const server = serverVersion === undefined ? undefined : versionParts(serverVersion);
  if (!server) return range.before === undefined;
  const from = range.from === undefined ? undefined : versionParts(range.from);
  const before = range.before === undefined ? undefined : versionParts(range.before);
  return (!from || compareVersions(server, from) >= 0) && (!before || compareVersions(server, before) < 0);
}

/** Whether a check fits this diagnosis: the proxy that answered, the media hit and the server's version. */
export function checkApplies(check: Check, context: CheckContext): boolean {
  return (
    (!check.only || check.only.includes(context.responder)) &&
    (!check.scopes || context.scope === undefined || check.scopes.includes(context.scope)) &&
    (!check.versions || fitsVersion(check.versions, context.serverVersion))
  );
}

/** A step whose command changed in version `since`: the current form from then on, the older one before. */
function changedIn(since: string, step: Omit<Check, 'versions'>, current: Partial<Check>, older: Partial<Check>): readonly [Check, Check] {
  return [
    { ...step, ...current, versions: { from: since } },
    { ...step, ...older, versions: { before: since } },
  ];
}

/**
 * The checks several causes share, written once (a step that changed with a version is a pair: spread it). Each cause lists them in the guide's "safe
 * troubleshooting order": containers, logs, storage, permissions, jobs, direct access, proxy, updates.
 */
export const CHECKS = {
  containers: {
    title: 'Check that every Immich container is running or healthy',
    command: 'docker compose ps',
    detail: 'A server, database or Redis container that keeps restarting breaks image loading.',
    source: 'guide: Check Whether Immich Containers Are Running Correctly',
  },
  serverLogs: {
    title: "Read the server's log for file, permission and database errors",
    command: 'docker compose logs --tail=200 immich-server',
    detail: 'Look for "ENOENT", "EACCES", "permission denied", "connection refused" or "thumbnail generation failed".',
    source: 'guide: Check Whether Immich Containers Are Running Correctly',
  },
  allLogs: {
    title: 'Read the logs of the machine-learning, database and Redis containers',
    command: 'docker compose logs --tail=100 immich-machine-learning database redis',
    source: 'guide: Check Whether Immich Containers Are Running Correctly',
  },
  hostMount: {
    title: 'Check the upload folder on the host: it must exist, be mounted and hold your files',
    command: 'ls -lah "$UPLOAD_LOCATION"   # the path from your .env, e.g. /mnt/photos/immich',
    detail: 'An empty or missing folder means the disk, NAS or share is not mounted.',
    source: 'guide: Verify Storage Paths and Mounted Volumes',
  },
  containerMount: changedIn(
    '1.137.0',
    {
      title: 'Check the same folder inside the container',
      detail: 'Files on the host but not in the container mean the volume mapping in docker-compose.yml is wrong.',
      source: 'guide: Verify Storage Paths and Mounted Volumes; immich.md: §3 Disk paths',
    },
    { command: 'docker compose exec immich-server ls -lah /data' },
    { command: 'docker compose exec immich-server ls -lah /usr/src/app/upload' },
  ),
  thumbsFolder: changedIn(
    '1.137.0',
    { title: 'Check the generated thumbnails folder', scopes: ['thumbnails', 'all'], source: 'immich.md: §3 Disk paths' },
    { command: 'docker compose exec immich-server ls -lah /data/thumbs' },
    { command: 'docker compose exec immich-server ls -lah /usr/src/app/upload/thumbs' },
  ),
  permissions: {
    title: 'Check ownership and permissions: Immich must read originals and write thumbs, encoded-video and profile',
    command: 'ls -lan "$UPLOAD_LOCATION" "$UPLOAD_LOCATION/thumbs" | head -20',
    detail: 'Fix the owner or group deliberately; do not chmod 777 the whole library.',
    source: 'guide: Review File and Folder Permissions',
  },
  disk: {
    title: 'Check free disk space and free inodes',
    command: 'df -h && df -i',
    detail: 'Free space by removing old Docker images, logs or backups, never media or database volumes without a backup.',
    source: 'guide: Check Disk Space and Inode Availability',
  },
  jobs: {
    title: 'Open Administration → Jobs (Queues in v2.4+) and look at the failed counts',
    detail: 'Thumbnail generation, metadata extraction and video conversion should not be stuck or failing.',
    source: 'guide: Confirm That Thumbnails and Preview Jobs Are Working; immich.md: §6',
  },
  rerunThumbnails: {
    title: 'Rerun thumbnail generation for missing thumbnails',
    detail: 'Administration → Jobs → Generate Thumbnails → "Missing". Use "All" only if files were replaced.',
    scopes: ['thumbnails'],
    source: 'guide: Confirm That Thumbnails and Preview Jobs Are Working; immich.md: §5',
  },
  directAccess: changedIn(
    '1.118.0',
    {
      title: "Compare with direct access to Immich's port, bypassing the proxy",
      source: 'guide: Use a Safe Troubleshooting Order ("Test direct access"); immich.md: Version landmarks',
    },
    { command: 'curl -si http://IMMICH_HOST:2283/api/server/ping', detail: 'Expect {"res":"pong"}.' },
    { command: 'curl -si http://IMMICH_HOST:3001/api/server-info/ping', detail: 'Expect {"res":"pong"}. Immich listened on 3001 before v1.118.' },
  ),
  proxyLogs: {
    title: "Read the reverse proxy's error log",
    command: 'docker compose logs --tail=100 <proxy>   # or: journalctl -u nginx -u caddy --since -1h',
    source: 'guide: Inspect Reverse Proxy and Domain Configuration',
  },
  clearSiteData: {
    title: 'Clear the browser cache and site data for this Immich address, then log in again',
    detail: 'Or test in a private window or another browser first: if it works there, the problem is in this browser.',
    source: 'guide: Clear Browser Cache and Test Another Client',
  },
  logInAgain: {
    title: 'Log out and log back in',
    source: 'guide: Clear Browser Cache and Test Another Client',
  },
  otherClient: {
    title: 'Test in a private window, another browser or the mobile app',
    source: 'guide: Clear Browser Cache and Test Another Client',
  },
  versions: {
    title: 'Compare your docker-compose.yml and .env with the release you run, then pull and restart',
    command: 'docker compose pull && docker compose down && docker compose up -d',
    detail: 'Back up the database and media first before a major upgrade.',
    source: 'guide: Review Recent Updates and Version Compatibility',
  },
} satisfies Record<string, Check | readonly Check[]>;
