import { apiKeyOf, checkSettingsItem, readCheckSettings } from '../options/check-settings';
import { checksItem } from '../state/site-state';
import { MAX_APP_FILES, sampleOf } from '../server-checks/log-sample';
import { tabAppFiles } from '../actions/tab-app-files';
import { directAddressOf } from '../options/direct-address';
import type { RequestLog } from '../log/request-log';
import type { ServerCheckReport } from '../server-checks/types';
import { ask } from '../messages';

/** Long enough for a slow server behind a proxy, short enough that a hung route does not hold the popup. */
const CHECK_TIMEOUT_MS = 8_000;

/**
 * Runs the server checks from the popup, which Chromium and Firefox both let send the user's session
 * (measured: docs/permissions.md), and stores the report as each check ends (`session:checks:<origin>`):
 * a popup closed midway keeps what finished, and the exports read it. `log`: the summary's log, whose
 * failing assets and web app files the checks look at again. `onUpdate` gets the report so far, as
 * long as `wanted` says the site still is (not removed while the checks ran).
 */
export async function runChecksFor(origin: string, log: RequestLog | undefined, onUpdate: (report: ServerCheckReport) => void, wanted: () => boolean = () => true): Promise<ServerCheckReport> {
  // The checks' code is loaded when they run, not when the popup opens: it was a third of the popup's
  // entry chunk, and most openings never run them (docs/testing.md, "The popup's size").
  const [{ runServerChecks }, stored, apiKey, inTab, directOrigin] = await Promise.all([
    import('../server-checks/run'),
    checkSettingsItem.getValue().then(readCheckSettings),
    apiKeyOf(origin),
    tabAppFiles(origin),
    directAddressOf(origin),
  ]);
  const settings = directOrigin ? { ...stored, directOrigin } : stored;
  const logged = log ? sampleOf(log) : undefined;
  // The tab's own list of its app files first: the log's latest requests may no longer hold them.
  const sample = { failingAssets: logged?.failingAssets ?? [], loadedAssets: logged?.loadedAssets ?? [], appFiles: [...new Set([...inTab, ...(logged?.appFiles ?? [])])].slice(0, MAX_APP_FILES) };
  const item = checksItem(origin);
  // Once a stored report names the version, the background is told, and the cards' steps follow it;
  // a reply that is not ok (a worker restarting) is told again with the next report.
  let versionTold = false;
  const store = async (report: ServerCheckReport) => {
    // The site may have been removed while a write waited (Stop watching): nothing of it is written back.
    if (!wanted()) return;
    await item.setValue(report);
    if (versionTold || report.serverVersion === undefined || !wanted()) return;
    versionTold = true;
    versionTold = (await ask('checksStored', { origin })).ok;
  };
  let sofar: ServerCheckReport = { origin, ranAt: Date.now(), routesBasis: 'unknown', usedApiKey: apiKey !== undefined, results: [] };
  // The last run's results give way at once: what shows is this run's, check by check.
  onUpdate(sofar);
  const report = await runServerChecks(
    { origin, apiKey, timeoutMs: CHECK_TIMEOUT_MS },
    {
      settings,
      sample,
      onResult: (result, server) => {
        if (!wanted()) return;
        sofar = { ...sofar, ...server, results: [...sofar.results, result] };
        onUpdate(sofar);
        void store(sofar);
      },
    },
  );
  // The site may have been removed meanwhile (Stop watching): nothing of it is written back.
  if (!wanted()) return report;
  onUpdate(report);
  await store(report);
  return report;
}

/** Whether the options ask for checks whenever the popup opens on a failing site. */
export async function autoRunChecks(): Promise<boolean> {
  return readCheckSettings(await checkSettingsItem.getValue()).autoRun;
}
