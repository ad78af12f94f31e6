import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createHandlers } from '../../../utils/actions/handlers';
import { Recorder } from '../../../utils/capture/recorder';
import { readServerVersions } from '../../../utils/capture/server-versions';
import { sessionLogStore } from '../../../utils/state/log-store';
import { checksItem, summaryItem } from '../../../utils/state/site-state';
import { readSummary } from '../../../utils/state/summary';
import type { ServerCheckReport } from '../../../utils/server-checks/types';
import { ASSET, headers, ORIGIN } from '../../fixtures/responses';
import { completeRequest } from '../../fixtures/web-request';
import { holdNextLoad } from '../../fixtures/held-load';

/**
 * The popup's steps follow the Immich version Run checks found: the popup tells the background once a
 * stored report names it (`checksStored`), a background that starts reads the stored ones, and the
 * background summarizes the site's log with it. Thumbnails that fail: the jobs page is
 * "Administration → Queues" since v2.4, "Administration → Jobs" before (utils/diagnose/check.ts).
 */
const QUEUES = 'Administration → Queues';
const JOBS = 'Administration → Jobs';

function checksOf(serverVersion?: string, origin = ORIGIN): ServerCheckReport {
  const report: ServerCheckReport = { origin, ranAt: Date.now(), routesBasis: serverVersion ? 'version' : 'unknown', usedApiKey: false, results: [] };
  if (serverVersion) report.serverVersion = serverVersion;
  return report;
}

async function storedSteps(): Promise<string> {
  const summary = readSummary(await summaryItem(ORIGIN).getValue(), ORIGIN);
  return JSON.stringify(summary?.report.diagnoses.flatMap((diagnosis) => diagnosis.checks) ?? []);
}

function failingThumbnail(recorder: Recorder, requestId: string): void {
  completeRequest(recorder, { requestId, url: `${ORIGIN}/api/assets/${ASSET}/thumbnail?size=thumbnail`, method: 'GET', type: 'image', timeStamp: Date.now(), tabId: 3, initiator: ORIGIN, statusCode: 500, responseHeaders: headers.immichMissingFile() });
}

/**
 * A background watching ORIGIN (its recorder, and its handler of the popup's `checksStored`), the
 * stored versions read first as a background that starts does (`readFirst`); one missing thumbnail
 * recorded and written.
 */
async function recordingSite({ readFirst = false } = {}) {
  const recorder = new Recorder({ store: sessionLogStore(), loadWatched: async () => [ORIGIN], flushDelayMs: 5 });
  const { checksStored } = createHandlers(recorder, async () => undefined);
  if (readFirst) await readServerVersions(recorder, [ORIGIN]);
  await recorder.ready;
  failingThumbnail(recorder, '1');
  await recorder.flush();
  return { recorder, checksStored };
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('the summary gives the steps of the version Run checks found', () => {
  it("without checks, the newest version's steps; once Run checks stores v1.118.0 and says so, that version's, with no new request", async () => {
    const { recorder, checksStored } = await recordingSite();
    expect(await storedSteps()).toContain(QUEUES);
    await checksItem(ORIGIN).setValue(checksOf('v1.118.0'));
    await checksStored({ origin: ORIGIN });
    await vi.waitFor(async () => expect(await storedSteps()).toContain(JOBS));
    expect(await storedSteps()).not.toContain(QUEUES);
    // Checks that found no version (Immich down: the version is asked first) keep the one known.
    await checksItem(ORIGIN).setValue(checksOf());
    await checksStored({ origin: ORIGIN });
    await recorder.flush();
    expect(await storedSteps()).toContain(JOBS);
    expect(recorder.logOf(ORIGIN)?.total).toBe(1);
  });

  it('a site no longer watched forgets it: watched again, the newest version\'s steps', async () => {
    const { recorder, checksStored } = await recordingSite();
    await checksItem(ORIGIN).setValue(checksOf('v1.118.0'));
    await checksStored({ origin: ORIGIN });
    await vi.waitFor(async () => expect(await storedSteps()).toContain(JOBS));
    await recorder.setWatched([]);
    await recorder.setWatched([ORIGIN]);
    failingThumbnail(recorder, '2');
    await recorder.flush();
    expect(await storedSteps()).toContain(QUEUES);
  });

  it('a background that starts reads the stored checks of the sites it watches', async () => {
    await checksItem(ORIGIN).setValue(checksOf('v1.118.0'));
    await recordingSite({ readFirst: true });
    expect(await storedSteps()).toContain(JOBS);
  });

  it("unreadable checks keep the version known; another site's checks are not this one's, and a site not watched keeps none", async () => {
    const { recorder, checksStored } = await recordingSite();
    await checksItem(ORIGIN).setValue(checksOf('v1.118.0'));
    await checksStored({ origin: ORIGIN });
    await vi.waitFor(async () => expect(await storedSteps()).toContain(JOBS));
    const told = vi.spyOn(recorder, 'setServerVersion');
    await checksItem('https://other.example').setValue(checksOf('v2.7.5', 'https://other.example'));
    await checksStored({ origin: 'https://other.example' });
    await checksItem(ORIGIN).setValue(checksOf('v2.7.5', 'https://other.example'));
    await checksStored({ origin: ORIGIN });
    await checksItem(ORIGIN).setValue('not a report');
    await checksStored({ origin: ORIGIN });
    // The other site is not watched here: its version is not kept either.
    expect(told).not.toHaveBeenCalled();
    await recorder.flush();
    expect(await storedSteps()).toContain(JOBS);
  });

  it('a worker woken by Run checks, its log not read yet: the log is summarized again once read', async () => {
    // The worker before stored the site's summary without a version.
    await recordingSite();
    expect(await storedSteps()).toContain(QUEUES);
    // The next worker: Run checks stores the version while it still reads the stored log.
    const store = sessionLogStore();
    const release = holdNextLoad(store);
    const recorder = new Recorder({ store, loadWatched: async () => [ORIGIN], flushDelayMs: 5 });
    await vi.waitFor(() => expect(store.load).toHaveBeenCalled());
    await checksItem(ORIGIN).setValue(checksOf('v1.118.0'));
    const told = createHandlers(recorder, async () => undefined).checksStored({ origin: ORIGIN });
    release();
    await told;
    await recorder.ready;
    await vi.waitFor(async () => expect(await storedSteps()).toContain(JOBS));
  });

  it('the versions read when a background starts write nothing, and replace no version known', async () => {
    await checksItem(ORIGIN).setValue(checksOf('v1.118.0'));
    await recordingSite({ readFirst: true });
    expect(await storedSteps()).toContain(JOBS);
    const store = sessionLogStore();
    const save = vi.spyOn(store, 'save');
    const recorder = new Recorder({ store, loadWatched: async () => [ORIGIN], flushDelayMs: 5 });
    const { checksStored } = createHandlers(recorder, async () => undefined);
    await readServerVersions(recorder, [ORIGIN]);
    await recorder.ready;
    await recorder.flush();
    expect(save).not.toHaveBeenCalled();
    // A read begun before Run checks stored a newer version, and ended after: the newer one stays.
    await checksItem(ORIGIN).setValue(checksOf('v2.7.5'));
    await checksStored({ origin: ORIGIN });
    const told = vi.spyOn(recorder, 'setServerVersion');
    recorder.setServerVersion(ORIGIN, 'v1.118.0', { change: false });
    await recorder.flush();
    expect(told).toHaveBeenCalledTimes(1);
    expect(await storedSteps()).toContain(QUEUES);
  });

  it('a start read that took the new version before the popup said so: the popup\'s word still summarizes again', async () => {
    const { recorder, checksStored } = await recordingSite();
    expect(await storedSteps()).toContain(QUEUES);
    await checksItem(ORIGIN).setValue(checksOf('v1.118.0'));
    await readServerVersions(recorder, [ORIGIN]);
    await checksStored({ origin: ORIGIN });
    await vi.waitFor(async () => expect(await storedSteps()).toContain(JOBS));
  });

  it('a version known, then checks without one (Immich down), then a new worker: the version stays, from the stored summary', async () => {
    const { checksStored } = await recordingSite();
    await checksItem(ORIGIN).setValue(checksOf('v1.118.0'));
    await checksStored({ origin: ORIGIN });
    await vi.waitFor(async () => expect(await storedSteps()).toContain(JOBS));
    await checksItem(ORIGIN).setValue(checksOf());
    // The next worker reads the stored versions, then records a request and writes its summary.
    const recorder = new Recorder({ store: sessionLogStore(), loadWatched: async () => [ORIGIN], flushDelayMs: 5 });
    await readServerVersions(recorder, [ORIGIN]);
    await recorder.ready;
    failingThumbnail(recorder, '2');
    await recorder.flush();
    expect(await storedSteps()).toContain(JOBS);
  });
});
