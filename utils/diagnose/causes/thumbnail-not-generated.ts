import { GENERATED_IMAGE_KINDS } from '../../classify/request-kind';
import type { Cause } from '../cause';
import { CHECKS } from '../check';
import { outcomes, responders } from '../log-view';
import { maintenanceSignals } from './maintenance-mode';

/** Immich answers 404 "Asset media not found" when the database has no thumbnail path (immich.md §3, row 40). */
export const missingGeneratedImages = {
  kinds: GENERATED_IMAGE_KINDS,
  outcome: outcomes.status(404),
  responder: responders.immich,
};

export const thumbnailNotGenerated: Cause = {
  id: 'thumbnail-not-generated',
  title: 'Thumbnails were never generated',
  layer: 'jobs',
  severity: 'warning',
  explanation:
    'Immich knows these photos but has no thumbnail or preview for them: the thumbnail job failed, is still pending or was paused, or the format is not supported. The originals are usually fine.',
  checks: [CHECKS.jobs, CHECKS.serverLogs, CHECKS.rerunThumbnails, CHECKS.thumbsFolder, CHECKS.disk],
  detect(view) {
    if (!view.has(missingGeneratedImages)) return undefined;
    // In maintenance mode every asset route is 404, which says nothing about thumbnails.
    const strength = maintenanceSignals.some((filter) => view.has(filter)) ? 0.35 : 0.9;
    return { matched: [missingGeneratedImages], strength, healthyKinds: ['original', 'fullsize'] };
  },
};
