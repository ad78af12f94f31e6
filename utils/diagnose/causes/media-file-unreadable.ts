import { GENERATED_IMAGE_KINDS, ORIGINAL_FILE_KINDS } from '../../classify/request-kind';
import { defineCause, type MediaScope, type RequestFilter } from '../cause';
import { CHECKS, verify } from '../check';
import { filters, outcomes, responders } from '../filters';

/**
 * A file the database points to is missing or unreadable on disk: Immich answers 500 with the media's
 * content type and `x-immich-cid` (immich.md §3, rows 30-32; issues #12625, #14876).
 */
const thumbnailsUnreadable: RequestFilter = {
  kinds: [...GENERATED_IMAGE_KINDS, 'person-thumbnail'],
  outcome: outcomes.status(500),
  responder: responders.immich,
};
const originalsUnreadable: RequestFilter = {
  kinds: ORIGINAL_FILE_KINDS,
  outcome: outcomes.status(500),
  responder: responders.immich,
};
/** With the whole media volume gone, even the storage report fails (immich.md, "How the real web app behaves"). */
const storageReportFails: RequestFilter = {
  kinds: ['api'],
  outcome: outcomes.status(500),
  responder: responders.immich,
  where: filters.storageReport,
};

function scopeOf(thumbnails: boolean, originals: boolean, storage: boolean): MediaScope {
  if (storage || (thumbnails && originals)) return 'all';
  return thumbnails ? 'thumbnails' : 'originals';
}

export const mediaFileUnreadable = defineCause({
  id: 'media-file-unreadable',
  title: 'Media files are missing or unreadable on disk',
  summary: 'Immich answers 500 for files it has in its database: missing or unreadable on disk (scope `thumbnails`, `originals` or `all`)',
  layer: 'storage',
  explanation:
    "Immich still has these photos in its database, but cannot read the files: the disk, NAS or share is not mounted, the volume mapping changed (for example /usr/src/app/upload → /data in v1.137), files were moved, or permissions deny Immich's user.",
  checks: [
    CHECKS.containers,
    CHECKS.fileErrorLogs,
    CHECKS.hostMount,
    CHECKS.containerMount,
    CHECKS.thumbsFolder,
    CHECKS.permissions,
    CHECKS.disk,
    {
      title: 'Mount the disk or share again (or fix the volume line in docker-compose.yml), then recreate the Immich server container',
      changes: 'config',
      command: 'docker compose up -d --force-recreate immich-server',
      docker: 'docker restart immich_server',
      runs: 'immich-folder',
      detail:
        "The docker form only restarts the container with the volumes it was created with: enough after mounting the disk again, not after changing a volume, which needs the container created anew (the compose form, or re-deploy the stack or app in Portainer, Unraid or TrueNAS). Restore files from a backup only if they are really gone; never move files inside the upload folder by hand.",
      source: 'guide: Verify Storage Paths and Mounted Volumes',
    },
    ...CHECKS.regenerateLostThumbnails,
    verify('The same photos should load; the popup should show no failed files.'),
  ],
  detect(view) {
    const thumbnails = view.has(thumbnailsUnreadable);
    const originals = view.has(originalsUnreadable);
    const storage = view.has(storageReportFails);
    if (!thumbnails && !originals) return undefined;
    const scope = scopeOf(thumbnails, originals, storage);
    const healthyKinds = scope === 'thumbnails' ? ORIGINAL_FILE_KINDS : scope === 'originals' ? GENERATED_IMAGE_KINDS : [];
    return {
      matched: [thumbnailsUnreadable, originalsUnreadable, storageReportFails],
      strength: 0.95,
      scope,
      healthyKinds,
    };
  },
});
