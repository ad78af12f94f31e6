import { storedChecks } from '../server-checks/stored-checks';
import { summaryItem } from '../state/site-state';
import { readSummary } from '../state/summary';
import { readVersion } from '../version';
import type { Recorder } from './recorder';

/**
 * The recorder learns each site's Immich version as the site's last *Run checks* that found one found
 * it (`session:checks:<origin>`), so that the summaries the popup and the options page read give that
 * version's steps (`Recorder.setServerVersion`): an administrator on v1.118 was sent to
 * "Administration → Queues", a page of v2.4. Two ways in:
 * - the popup tells the background when Run checks stored a version (the `checksStored` message,
 *   ./../actions/handlers.ts): a change, and the site's summary is made again;
 * - a background that starts, and each change of the watched list, reads the stored versions
 *   (`readServerVersions`): no change, the stored summaries were made with them.
 *
 * Why a message and not `storage.onChanged`: a listener there receives every write to
 * `storage.session`, old and new values, the background's own failure pages and summaries included, at
 * every batch: work on the path the page-load bench measures, for one key in a hundred.
 */
export async function readServerVersions(recorder: Pick<Recorder, 'setServerVersion'>, origins: readonly string[]): Promise<void> {
  await Promise.all(
    origins.map(async (origin) => {
      const version = (await storedChecks(origin).catch(() => undefined))?.serverVersion ?? (await summarizedVersion(origin));
      if (version !== undefined) recorder.setServerVersion(origin, version, { change: false });
    }),
  );
}

/**
 * The version the site's stored summary was made with (`DiagnosisReport.serverVersion`): the one known
 * when the last Run checks found none (Immich down), which a restarted worker would otherwise lose,
 * and the cards with it (a review).
 */
async function summarizedVersion(origin: string): Promise<string | undefined> {
  return readVersion(readSummary(await summaryItem(origin).getValue().catch(() => undefined), origin)?.report.serverVersion);
}

/**
 * Run checks stored a report for `origin` (the popup's message): its version, if it found one, is a
 * change. Checks that found none (Immich down: the version is asked first) keep the one known: the
 * cards went back to the newest version's steps just when the user was troubleshooting (a review).
 */
export async function checksStored(recorder: Pick<Recorder, 'setServerVersion' | 'ready' | 'watchedOrigins'>, origin: string): Promise<void> {
  const version = (await storedChecks(origin))?.serverVersion;
  // Not for a site no longer watched (Stop watching while the checks ran): its version would outlive it.
  await recorder.ready;
  if (version !== undefined && recorder.watchedOrigins.includes(origin)) recorder.setServerVersion(origin, version, { change: true });
}
