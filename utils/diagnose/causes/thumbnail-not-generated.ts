import { defineCause, whenAnySeen } from '../cause';
import { CHECKS, verify } from '../check';
import { filters } from '../filters';

export const thumbnailNotGenerated = defineCause({
  id: 'thumbnail-not-generated',
  title: 'Thumbnails were never generated',
  summary: 'thumbnails/previews 404 "Asset media not found": the thumbnail job never produced them',
  layer: 'jobs',
  explanation:
    'Immich knows these photos but has no thumbnail or preview for them: the thumbnail job failed, is still pending or was paused, or the format is not supported. The originals are usually fine.',
  checks: [...CHECKS.jobs, ...CHECKS.jobLogs, CHECKS.thumbsFolder, CHECKS.disk, ...CHECKS.rerunThumbnails, verify('Once the job has finished, the grey thumbnails should fill in.')],
  // In maintenance mode every asset route is 404 too: the ranking then names this a consequence.
  detect: whenAnySeen([filters.missingGeneratedImages], 0.9, ['original', 'fullsize']),
});
