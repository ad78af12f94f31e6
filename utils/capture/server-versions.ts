import { browser } from 'wxt/browser';
import { readServerCheckReport } from '../server-checks/read-report';
import { storedChecks } from '../server-checks/stored-checks';
import { CHECKS_KEY_PREFIX, META_SUFFIX } from '../state/site-state';
import type { Recorder } from './recorder';

/**
 * Keeps the recorder told each site's Immich version, as the site's last *Run checks* found it
 * (`session:checks:<origin>`, which the popup writes as each check ends), so that the summaries the
 * popup and the options page read give that version's steps (`Recorder.setServerVersion`): an
 * administrator on v1.118 was sent to "Administration → Queues", a page of v2.4.
 *
 * Registers the storage listener at once; gives what reads the stored versions of the sites watched,
 * for the background's start and each change of the watched list. A site whose checks changed since
 * the background started is not read again: the change said the latest, and a read begun before it
 * could end after it. Checks that found no version (Immich down: the version is asked first) keep the
 * one known: the cards went back to the newest version's steps just when the user was troubleshooting
 * (a review); only removed checks forget it.
 */
export function followServerVersions(recorder: Pick<Recorder, 'setServerVersion'>): (origins: readonly string[]) => Promise<void> {
  const heard = new Set<string>();
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'session') return;
    for (const [key, change] of Object.entries(changes)) {
      if (!key.startsWith(CHECKS_KEY_PREFIX) || key.endsWith(META_SUFFIX)) continue;
      const origin = key.slice(CHECKS_KEY_PREFIX.length);
      heard.add(origin);
      // Removed: no `newValue` (Chrome, Firefox), or null (WXT's fake browser).
      const removed = change.newValue === undefined || change.newValue === null;
      const version = removed ? undefined : readServerCheckReport(change.newValue, origin)?.serverVersion;
      if (version !== undefined || removed) recorder.setServerVersion(origin, version, { change: true });
    }
  });
  return async (origins) => {
    await Promise.all(
      origins.map(async (origin) => {
        const checks = await storedChecks(origin).catch(() => undefined);
        if (!heard.has(origin)) recorder.setServerVersion(origin, checks?.serverVersion, { change: false });
      }),
    );
  };
}
