import type { Recorder } from '../capture/recorder';
import type { TestAgainReply } from '../messages';
import { countsOf } from '../present/before-after';
import { testAgainItem } from '../state/site-state';
import { summarize } from '../state/summarize';
import { weighByServerChecks } from '../server-checks/evidence';
import { storedChecks } from '../server-checks/stored-checks';
import { reloadTabs, siteTabs } from './site-tabs';

/** Test again runs in progress, by site: a second click while one runs joins it. */
const running = new Map<string, Promise<TestAgainReply | undefined>>();

/**
 * Test again, in the background: the site's result now is kept as "before" (beside its log, so a
 * popup closed and opened again shows the comparison), the log starts afresh, and the site's open tabs
 * reload: what they load is "after". The popup compares the two (utils/present/before-after.ts).
 *
 * One run per site at a time: a second run started meanwhile would read the log the first had just
 * reset and keep "0 requests" as before, and reload the tabs twice.
 */
export function testAgain(recorder: Recorder, origin: string): Promise<TestAgainReply | undefined> {
  const current = running.get(origin);
  if (current) return current;
  const run = startTestAgain(recorder, origin).finally(() => running.delete(origin));
  running.set(origin, run);
  return run;
}

async function startTestAgain(recorder: Recorder, origin: string): Promise<TestAgainReply | undefined> {
  // Asked first: right after a Watch click it follows the stored list, which may be ahead of the recorder.
  if (!(await recorder.summaryOf(origin))) return undefined;
  // "Before" is the log the reset replaces, every request up to the reset in it.
  const before = await recorder.reset(origin);
  if (!before) return undefined;
  // The fresh log is stored before the record that points at it: a popup never pairs the record with the old log.
  await recorder.flush();
  const tabs = await siteTabs(origin);
  const startedAt = recorder.logOf(origin)?.since ?? Date.now();
  // Weighed by the site's last Run checks, as the popup's "after" is: else the cause seemed to move.
  const report = weighByServerChecks(summarize(before).report, await storedChecks(origin));
  await testAgainItem(origin).setValue({ before: countsOf(report), startedAt, reloadedTabs: tabs.length });
  await reloadTabs(tabs);
  return { ok: true, reloadedTabs: tabs.length };
}

/** Ends the comparison (the popup's Dismiss): the record goes, the log stays. */
export async function dismissTestAgain(origin: string): Promise<void> {
  await testAgainItem(origin).removeValue();
}
