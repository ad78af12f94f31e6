import { MEDIA_KINDS, type RequestKind } from '../classify/request-kind';
import type { Severity } from './cause';

/** The web app itself: its page, its files and its API calls. When these fail, nothing on screen works. */
const SITE_KINDS: readonly RequestKind[] = ['page', 'app-shell', 'api'];

/** Features beside the photos: uploads and the live updates' WebSocket. */
const FEATURE_KINDS: readonly RequestKind[] = ['upload', 'websocket'];

/** How many requests of a group a cause failed, out of all the group's requests in the log. */
export interface Share {
  failed: number;
  total: number;
}

/** What a cause's failures take from what the user sees. */
export interface Reach {
  /** Photos and videos (thumbnails, previews, originals, faces…): grey boxes and broken images. */
  media: Share;
  /** The page, the web app's files and its API. */
  site: Share;
  /** Uploads and WebSocket connections that failed. */
  features: number;
}

/** Half or more of a group failing is most of what the user sees of it. */
const MOST = 0.5;

const isMost = ({ failed, total }: Share) => total > 0 && failed / total >= MOST;

/**
 * How bad a cause is for the user, from how much of what they see it fails, not from what kind of
 * cause it is: every thumbnail never generated greys the whole timeline (critical) while two missing
 * originals among loading thumbnails are part of the library (warning).
 * - `critical`: half or more of the photos and videos requested, or of the web app's own requests
 *   (page, app files, API), fail;
 * - `warning`: fewer fail, or a feature does (uploads, the WebSocket);
 * - `info`: nothing the user sees fails (a favicon).
 */
export function severityOf(reach: Reach): Severity {
  if (isMost(reach.media) || isMost(reach.site)) return 'critical';
  return reach.media.failed + reach.site.failed + reach.features > 0 ? 'warning' : 'info';
}

/** The reach of the failures a cause explains (`failedByKind`), against every request of the log (`totalOf`). */
export function reachOf(failedByKind: ReadonlyMap<RequestKind, number>, totalOf: (kinds: readonly RequestKind[]) => number): Reach {
  const failedIn = (kinds: readonly RequestKind[]) => kinds.reduce((sum, kind) => sum + (failedByKind.get(kind) ?? 0), 0);
  return {
    media: { failed: failedIn(MEDIA_KINDS), total: totalOf(MEDIA_KINDS) },
    site: { failed: failedIn(SITE_KINDS), total: totalOf(SITE_KINDS) },
    features: failedIn(FEATURE_KINDS),
  };
}
