import type { ServerAsker } from '../ask';
import type { LogSample } from '../log-sample';
import type { ServerRoutes } from '../routes';
import type { ServerCheckResult } from '../types';

/** What the user set for the checks in the options. */
export interface ServerCheckSettings {
  /** The storage check calls the disk full from this share of it used, in percent (95 by default). */
  diskFullPercent: number;
  /** Where the container's media root is on the host (the user's `UPLOAD_LOCATION`), if they said. */
  hostMediaPath?: string;
  /** The server's direct address (LAN IP and port, bypassing the proxy), granted in the options. */
  directOrigin?: string;
}

export const DEFAULT_SERVER_CHECK_SETTINGS: ServerCheckSettings = { diskFullPercent: 95 };

/** What every check is given: how to ask, the server version's routes, the user's settings. */
export interface CheckContext {
  asker: ServerAsker;
  routes: ServerRoutes;
  settings: ServerCheckSettings;
  /** What of the site's log to look at again on the server (../log-sample.ts). */
  sample?: LogSample;
}

/** A check's result before the run adds its id and duration. */
export type CheckOutcome = Omit<ServerCheckResult, 'id' | 'ms'>;
