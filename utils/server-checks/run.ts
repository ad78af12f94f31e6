import { errorMessage } from '../error-message';
import type { ServerAsker } from './ask';
import { checkAssets } from './checks/assets';
import type { LogSample } from './log-sample';
import { checkDirect } from './checks/direct';
import { checkJobs } from './checks/jobs';
import { askVersion, checkReachability } from './checks/reachability';
import { checkStorage } from './checks/storage';
import { checkWebApp } from './checks/web-app';
import { checkWebSocket } from './checks/websocket';
import type { CheckContext, CheckOutcome, ServerCheckSettings } from './checks/context';
import { fitResult } from './read-report';
import { serverRoutes } from './routes';
import type { ServerCheckId, ServerCheckReport, ServerCheckResult } from './types';

/** The checks after reachability, run side by side once the version has picked their routes. */
const AFTER_VERSION: ReadonlyArray<[ServerCheckId, (context: CheckContext) => Promise<CheckOutcome>]> = [
  ['web-app', checkWebApp],
  ['storage', checkStorage],
  ['jobs', checkJobs],
  ['websocket', checkWebSocket],
  ['assets', checkAssets],
  ['direct', checkDirect],
];

/**
 * Runs one check, timed; a check that throws (a bug, never the server's answer) becomes an `error`
 * result. Its texts within what a stored report may hold (`fitResult`).
 */
async function timed(id: ServerCheckId, check: () => Promise<CheckOutcome>, now: () => number): Promise<ServerCheckResult> {
  const started = now();
  let outcome: CheckOutcome;
  try {
    outcome = await check();
  } catch (error) {
    outcome = { status: 'error', summary: `The check failed: ${errorMessage(error)}.`, asked: [], verdicts: [] };
  }
  return fitResult({ id, ...outcome, ms: Math.max(0, Math.round(now() - started)) });
}

export interface RunOptions {
  settings: ServerCheckSettings;
  /** What of the site's log to look at again (./log-sample.ts): failing assets, the tab's app files. */
  sample?: LogSample;
  /** Told of each result as it comes, so the popup shows them one by one, with what the run knows of the server so far. */
  onResult?: (result: ServerCheckResult, server: Pick<ServerCheckReport, 'serverVersion' | 'routesBasis'>) => void;
  now?: () => number;
}

/**
 * Asks the server (./ask.ts) for each check: its version first, which picks every route (./routes.ts),
 * then reachability, then the web app, storage, jobs, the WebSocket, the failing assets and the direct address side by side. Never throws:
 * a check that cannot answer says why in its result.
 */
export async function runServerChecks(asker: ServerAsker, { settings, sample, onResult, now = Date.now }: RunOptions): Promise<ServerCheckReport> {
  const ranAt = now();
  // The version is asked first (its time counts in reachability's): it picks every other route.
  let context: CheckContext = { asker, routes: serverRoutes(undefined), settings, sample };
  let version: string | undefined;
  const report = (result: ServerCheckResult) => {
    onResult?.(result, { ...(version ? { serverVersion: version } : {}), routesBasis: context.routes.basis });
    return result;
  };
  const reachability = report(
    await timed(
      'reachability',
      async () => {
        const asked = await askVersion(asker);
        version = asked.version;
        context = { asker, routes: serverRoutes(version), settings, sample };
        return checkReachability(context, asked);
      },
      now,
    ),
  );
  const others = await Promise.all(AFTER_VERSION.map(async ([id, check]) => report(await timed(id, () => check(context), now))));
  const result: ServerCheckReport = { origin: asker.origin, ranAt, routesBasis: context.routes.basis, usedApiKey: Boolean(asker.apiKey), results: [reachability, ...others] };
  if (version) result.serverVersion = version;
  return result;
}
