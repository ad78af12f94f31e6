import { defineCause, whenAnySeen } from '../cause';
import { CHECKS, verify } from '../check';
import { outcomes, responders } from '../filters';

/** Uploads that fail inside Immich: disk or stream errors become a 500 (immich.md §3, "Upload size"). */
const uploadFailed = { kinds: ['upload' as const], outcome: outcomes.status(500, 507), responder: responders.immich };

export const diskFull = defineCause({
  id: 'disk-full',
  title: 'Uploads fail inside Immich: disk full or not writable',
  summary: 'uploads fail inside Immich (500)',
  layer: 'storage',
  explanation:
    'Immich accepted the upload but could not store it: the disk or its inodes are exhausted, or the upload folder is not writable by Immich.',
  checks: [
    CHECKS.disk,
    CHECKS.serverLogs(['ENOSPC: no space left on device', 'EACCES: permission denied', 'EROFS: read-only file system']),
    CHECKS.permissions,
    CHECKS.hostMount,
    CHECKS.containerMount,
    verify('Upload the same file again: it should be stored.'),
  ],
  detect: whenAnySeen([uploadFailed], 0.8, ['thumbnail', 'original']),
});
