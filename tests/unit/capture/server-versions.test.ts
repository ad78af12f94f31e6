import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Recorder } from '../../../utils/capture/recorder';
import { followServerVersions } from '../../../utils/capture/server-versions';
import { sessionLogStore } from '../../../utils/state/log-store';
import { checksItem, summaryItem } from '../../../utils/state/site-state';
import { readSummary } from '../../../utils/state/summary';
import type { ServerCheckReport } from '../../../utils/server-checks/types';
import { ASSET, headers, ORIGIN } from '../../fixtures/responses';
import { completeRequest } from '../../fixtures/web-request';

/**
 * The popup's steps follow the Immich version Run checks found: the background reads it from the
 * site's stored checks and summarizes the site's log with it. Thumbnails that fail: the jobs page is
 * "Administration → Queues" since v2.4, "Administration → Jobs" before (utils/diagnose/check.ts).
 */
const QUEUES = 'Administration → Queues';
const JOBS = 'Administration → Jobs';

function checksOf(serverVersion?: string): ServerCheckReport {
  const report: ServerCheckReport = { origin: ORIGIN, ranAt: Date.now(), routesBasis: serverVersion ? 'version' : 'unknown', usedApiKey: false, results: [] };
  if (serverVersion) report.serverVersion = serverVersion;
  return report;
}

async function storedSteps(): Promise<string> {
  const summary = readSummary(await summaryItem(ORIGIN).getValue(), ORIGIN);
  return JSON.stringify(summary?.report.diagnoses.flatMap((diagnosis) => diagnosis.checks) ?? []);
}

/** A recorder watching ORIGIN, its versions followed, one missing thumbnail recorded and written. */
async function recordingSite() {
  const recorder = new Recorder({ store: sessionLogStore(), loadWatched: async () => [ORIGIN], flushDelayMs: 5 });
  const readVersions = followServerVersions(recorder);
  await recorder.ready;
  completeRequest(recorder, { requestId: '1', url: `${ORIGIN}/api/assets/${ASSET}/thumbnail?size=thumbnail`, method: 'GET', type: 'image', timeStamp: Date.now(), tabId: 3, initiator: ORIGIN, statusCode: 500, responseHeaders: headers.immichMissingFile() });
  await recorder.flush();
  return { recorder, readVersions };
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('followServerVersions: the summary gives the steps of the version Run checks found', () => {
  it('without checks, the newest version\'s steps; once Run checks stores v1.118.0, that version\'s, with no new request', async () => {
    const { recorder } = await recordingSite();
    expect(await storedSteps()).toContain(QUEUES);
    await checksItem(ORIGIN).setValue(checksOf('v1.118.0'));
    await vi.waitFor(async () => expect(await storedSteps()).toContain(JOBS));
    expect(await storedSteps()).not.toContain(QUEUES);
    // Checks that found no version (the server did not say), or removed: the newest version's again.
    await checksItem(ORIGIN).setValue(checksOf());
    await vi.waitFor(async () => expect(await storedSteps()).toContain(QUEUES));
    await checksItem(ORIGIN).setValue(checksOf('v1.118.0'));
    await vi.waitFor(async () => expect(await storedSteps()).toContain(JOBS));
    await checksItem(ORIGIN).removeValue();
    await vi.waitFor(async () => expect(await storedSteps()).toContain(QUEUES));
    expect(recorder.logOf(ORIGIN)?.total).toBe(1);
  });

  it('a background that starts reads the stored checks of the sites it watches', async () => {
    await checksItem(ORIGIN).setValue(checksOf('v1.118.0'));
    const { readVersions } = await recordingSite();
    await readVersions([ORIGIN]);
    await vi.waitFor(async () => expect(await storedSteps()).toContain(JOBS));
  });

  it('unreadable checks are no version; another site\'s checks are not this one\'s', async () => {
    const { recorder } = await recordingSite();
    const told = vi.spyOn(recorder, 'setServerVersion');
    const other = { ...checksOf('v1.118.0'), origin: 'https://other.example' };
    await checksItem('https://other.example').setValue(other);
    await checksItem(ORIGIN).setValue(other);
    await vi.waitFor(() => expect(told).toHaveBeenCalledTimes(2));
    expect(told.mock.calls).toEqual([
      ['https://other.example', 'v1.118.0'],
      [ORIGIN, undefined],
    ]);
    await recorder.flush();
    expect(await storedSteps()).toContain(QUEUES);
  });
});
