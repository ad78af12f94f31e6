import { defineCause } from '../cause';
import { CHECKS, verify } from '../check';
import { filters, outcomes, responders } from '../filters';

const missingFaces = { kinds: ['person-thumbnail' as const], outcome: outcomes.status(404), responder: responders.immich };
const uploadsStored = { kinds: ['upload' as const], outcome: outcomes.is('ok') };

/**
 * "New uploads fail to display": the upload succeeds but background processing does not follow
 * (guide, FAQ). Seen as uploads that succeed while thumbnails are missing, or as several job-made
 * images missing at once (thumbnails and face crops come from different queues).
 */
export const jobsFailing = defineCause({
  id: 'jobs-failing',
  title: 'Background jobs are failing or stuck',
  summary: 'background jobs do not follow uploads (thumbnails and faces missing)',
  layer: 'jobs',
  explanation:
    'Immich stores uploads, but its background workers do not finish the work after them (thumbnails, faces, metadata, video). The job queues, Redis, the machine-learning container or missing disk space are the usual suspects.',
  checks: [
    ...CHECKS.jobs,
    CHECKS.containers,
    CHECKS.allLogs,
    ...CHECKS.jobLogs,
    CHECKS.disk,
    CHECKS.permissions,
    ...CHECKS.rerunThumbnails,
    verify('Upload a new photo: its thumbnail should appear within a minute, and the queue\'s failed count should not grow.'),
  ],
  detect(view) {
    if (!view.has(filters.missingGeneratedImages)) return undefined;
    const faces = view.has(missingFaces);
    const uploads = view.has(uploadsStored);
    if (!faces && !uploads) return undefined;
    return { matched: [filters.missingGeneratedImages, missingFaces], strength: faces ? 0.92 : 0.8, healthyKinds: ['upload', 'original'] };
  },
});
