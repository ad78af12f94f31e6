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
import { holdNextLoad } from '../../fixtures/held-load';

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

/**
 * A recorder watching ORIGIN, its versions followed (unless not to `follow`: a worker gone, whose
 * listener would still hear changes here), and read first as a background that starts does
 * (`readFirst`); one missing thumbnail recorded and written.
 */
async function recordingSite({ readFirst = false, follow = true } = {}) {
  const recorder = new Recorder({ store: sessionLogStore(), loadWatched: async () => [ORIGIN], flushDelayMs: 5 });
  const readVersions = follow ? followServerVersions(recorder) : async () => undefined;
  if (readFirst) await readVersions([ORIGIN]);
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
    // Checks that found no version (Immich down: the version is asked first) keep the one known…
    await checksItem(ORIGIN).setValue(checksOf());
    await recorder.flush();
    expect(await storedSteps()).toContain(JOBS);
    // …removed checks forget it: the newest version's again.
    await checksItem(ORIGIN).removeValue();
    await vi.waitFor(async () => expect(await storedSteps()).toContain(QUEUES));
    expect(recorder.logOf(ORIGIN)?.total).toBe(1);
  });

  it('a background that starts reads the stored checks of the sites it watches', async () => {
    await checksItem(ORIGIN).setValue(checksOf('v1.118.0'));
    await recordingSite({ readFirst: true });
    expect(await storedSteps()).toContain(JOBS);
  });

  it('unreadable checks keep the version known; another site\'s checks are not this one\'s', async () => {
    const { recorder } = await recordingSite();
    await checksItem(ORIGIN).setValue(checksOf('v1.118.0'));
    await vi.waitFor(async () => expect(await storedSteps()).toContain(JOBS));
    const told = vi.spyOn(recorder, 'setServerVersion');
    const other = { ...checksOf('v2.7.5'), origin: 'https://other.example' };
    await checksItem('https://other.example').setValue(other);
    await checksItem(ORIGIN).setValue(other);
    await checksItem(ORIGIN).setValue('not a report');
    await vi.waitFor(() => expect(told).toHaveBeenCalledTimes(1));
    expect(told.mock.calls).toEqual([['https://other.example', 'v2.7.5', { change: true }]]);
    await recorder.flush();
    expect(await storedSteps()).toContain(JOBS);
  });

  it('a worker woken by Run checks, its log not read yet: the log is summarized again once read', async () => {
    // The worker before stored the site's summary without a version (and is gone: it follows nothing).
    await recordingSite({ follow: false });
    expect(await storedSteps()).toContain(QUEUES);
    // The next worker: Run checks stores the version while it still reads the stored log.
    const store = sessionLogStore();
    const release = holdNextLoad(store);
    const recorder = new Recorder({ store, loadWatched: async () => [ORIGIN], flushDelayMs: 5 });
    followServerVersions(recorder);
    await vi.waitFor(() => expect(store.load).toHaveBeenCalled());
    await checksItem(ORIGIN).setValue(checksOf('v1.118.0'));
    release();
    await recorder.ready;
    await vi.waitFor(async () => expect(await storedSteps()).toContain(JOBS));
  });

  it('the versions read when a background starts write nothing: its stored summaries were made with them', async () => {
    await checksItem(ORIGIN).setValue(checksOf('v1.118.0'));
    await recordingSite({ readFirst: true });
    expect(await storedSteps()).toContain(JOBS);
    const store = sessionLogStore();
    const save = vi.spyOn(store, 'save');
    const recorder = new Recorder({ store, loadWatched: async () => [ORIGIN], flushDelayMs: 5 });
    await followServerVersions(recorder)([ORIGIN]);
    await recorder.ready;
    await recorder.flush();
    expect(save).not.toHaveBeenCalled();
  });
});
