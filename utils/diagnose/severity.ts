import { MEDIA_KINDS, type RequestKind } from '../classify/request-kind';
import type { Severity } from './cause';

/** The web app itself: its pages and files. When these fail, nothing shows at all. */
const PAGE_KINDS: readonly RequestKind[] = ['page', 'app-shell'];

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
  /** The page and the web app's files. */
  page: Share;
  /** Immich's API: the app shows nothing it cannot ask for (one redirected call stops a timeline). */
  api: Share;
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
 * - `critical`: half or more of the photos and videos requested fail, or of the pages and app files,
 *   or of the API calls;
 * - `warning`: fewer fail, or a feature does (uploads, the WebSocket);
 * - `info`: nothing the user sees fails (a favicon).
 */
export function severityOf(reach: Reach): Severity {
  if (isMost(reach.media) || isMost(reach.page) || isMost(reach.api)) return 'critical';
  return reach.media.failed + reach.page.failed + reach.api.failed + reach.features > 0 ? 'warning' : 'info';
}

/** The reach of the failures a cause explains (`failedByKind`), against every request of the log (`totalOf`). */
export function reachOf(failedByKind: ReadonlyMap<RequestKind, number>, totalOf: (kinds: readonly RequestKind[]) => number): Reach {
  const failedIn = (kinds: readonly RequestKind[]) => kinds.reduce((sum, kind) => sum + (failedByKind.get(kind) ?? 0), 0);
  return {
    media: { failed: failedIn(MEDIA_KINDS), total: totalOf(MEDIA_KINDS) },
    page: { failed: failedIn(PAGE_KINDS), total: totalOf(PAGE_KINDS) },
    api: { failed: failedIn(['api']), total: totalOf(['api']) },
    features: failedIn(FEATURE_KINDS),
  };
}
