import type { CauseId } from '../diagnose/cause';

/**
 * *Run checks* (issue 11): the extension asks the watched Immich itself what the guide's manual steps
 * would (is it up, which version, is it in maintenance, is the disk full, are the jobs failing). Called
 * *server checks*, because "check" already names a manual step of a diagnosis (../diagnose/check.ts).
 */
export const SERVER_CHECK_IDS = ['reachability', 'web-app', 'storage', 'jobs', 'websocket', 'assets', 'direct'] as const;
export type ServerCheckId = (typeof SERVER_CHECK_IDS)[number];

/**
 * `ok`: asked, and nothing wrong; `problem`: asked, and the answer shows a fault; `skipped`: not asked
 * or not answerable for a reason that is no fault (not signed in, a version without the route);
 * `needs-admin`: the route needs an administrator and the session or key is not one, or a permission the API key lacks; `error`: no usable
 * answer (a timeout, a network error, an answer that is not Immich's).
 */
export const SERVER_CHECK_STATUSES = ['ok', 'problem', 'skipped', 'needs-admin', 'error'] as const;
export type ServerCheckStatus = (typeof SERVER_CHECK_STATUSES)[number];

/** How a result bears on a cause of the diagnosis: it points at it, or away from it. */
export interface CauseVerdict {
  cause: CauseId;
  verdict: 'supports' | 'against';
  /** Why, in a few words the popup shows on the cause's card ("disk 97.5% full"). */
  reason: string;
}

/** One request a check made, as the user may want to repeat it: the path and what came back. */
export interface AskedRoute {
  path: string;
  /** The HTTP status, when an answer came. */
  status?: number;
  /** Why no answer came (a timeout, a network error). */
  error?: string;
  /** The answer's `Server` header (`nginx/1.22.1`), when it had one: who answered. */
  server?: string;
}

export interface ServerCheckResult {
  id: ServerCheckId;
  status: ServerCheckStatus;
  /** One plain sentence: what was found, or why nothing could be. */
  summary: string;
  /** The raw figure behind it, as the server gave it ("97.5% of 252.0 GiB used"). */
  figure?: string;
  /** How long the check took, in milliseconds. */
  ms: number;
  asked: AskedRoute[];
  verdicts: CauseVerdict[];
  /** A page of the site where the user can see or act on it (the admin queues page). */
  link?: string;
  /**
   * What names the user's own files (paths, file names, the command to list one on the host): shown
   * in the popup, never written into an export.
   */
  detail?: string;
  /** A command to run on the Immich host (`ls -l '<the file's host path>'`): private like `detail`. */
  command?: string;
}

/** One run of the checks for one site, as stored (`session:checks:<origin>`) and exported. */
export interface ServerCheckReport {
  origin: string;
  /** When the run started (ms since the epoch). */
  ranAt: number;
  /** The server's version, when it said (`v2.7.5`). */
  serverVersion?: string;
  /** How the version's routes were chosen (./routes.ts): `unknown` and `older-than-known` are labelled. */
  routesBasis: 'version' | 'unknown' | 'older-than-known';
  /** Whether an API key from the options was sent (never the key itself). */
  usedApiKey: boolean;
  results: ServerCheckResult[];
}
