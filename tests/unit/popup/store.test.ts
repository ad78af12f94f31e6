import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import * as engine from '../../../utils/diagnose/diagnose';
import { messaging, type SummaryReply } from '../../../utils/messages';
import { watchedOriginsItem } from '../../../utils/origins/watched-origins';
import { createPopupStore } from '../../../utils/popup/store';
import { checksItem, noticeItem, summaryItem, testAgainItem, triedItem } from '../../../utils/state/site-state';
import { checkSettingsItem } from '../../../utils/options/check-settings';
import { fakeServer, HEALTHY_V2, json } from '../server-checks/fake-server';
import { summarize } from '../../../utils/state/summarize';
import type { LogSummary } from '../../../utils/state/summary';
import { answers, logOf, ORIGIN, request } from '../../fixtures/responses';

// The real engine, watched: the popup must never run it.
vi.mock('../../../utils/diagnose/diagnose', async (original) => {
  const actual = await original<typeof import('../../../utils/diagnose/diagnose')>();
  return { ...actual, diagnose: vi.fn(actual.diagnose) };
});

/** A summary as the background writes it (JSON, as storage and messages carry it). */
const backgroundSummary = (): LogSummary => JSON.parse(JSON.stringify(summarize(logOf([request('thumbnail', answers.missingFile)]))));

/** The background's side of `getSummary`, answered when the test says so. */
function background() {
  const asked: string[] = [];
  let answer: (reply: SummaryReply) => void = () => undefined;
  const remove = messaging.onMessage('getSummary', ({ data }) => {
    asked.push(data.origin);
    return new Promise<SummaryReply>((resolve) => (answer = resolve));
  });
  return { asked, answer: (reply: SummaryReply) => answer(reply), remove };
}

let removeBackground: (() => void) | undefined;

beforeEach(async () => {
  fakeBrowser.reset();
  const never = { addListener: () => undefined };
  Object.assign(fakeBrowser.permissions, { contains: vi.fn(async () => true), onAdded: never, onRemoved: never });
  await watchedOriginsItem.setValue([ORIGIN]);
});

afterEach(() => {
  removeBackground?.();
  removeBackground = undefined;
  vi.restoreAllMocks();
});

/** The popup for ORIGIN (its `?origin=`), opening: `started` resolves once it shows what it read. */
function openPopup() {
  const store = createPopupStore();
  return { store, started: store.getState().start(ORIGIN) };
}

describe('the popup reads the background’s summary, and never diagnoses', () => {
  it('shows a readable stored summary as it is', async () => {
    const summary = backgroundSummary();
    await summaryItem(ORIGIN).setValue(JSON.stringify(summary));
    vi.mocked(engine.diagnose).mockClear();
    const { store, started } = openPopup();
    await started;
    expect(store.getState()).toMatchObject({ phase: 'watched', access: 'granted', log: summary.log, report: summary.report });
    expect(store.getState().message).toBeUndefined();
    expect(engine.diagnose).not.toHaveBeenCalled();
  });

  it.each([
    ['no stored summary yet', null],
    ['a report an older version wrote (dropped by the migration)', { ...backgroundSummary(), report: null }],
    ['a corrupt stored summary', { log: 'garbage', report: {} }],
  ])('%s: reads the log (“Reading the log…”) and asks the background', async (_name, stored) => {
    if (stored) await summaryItem(ORIGIN).setValue(JSON.stringify(stored));
    const { asked, answer, remove } = background();
    removeBackground = remove;
    const summary = backgroundSummary();
    vi.mocked(engine.diagnose).mockClear();
    const { store, started } = openPopup();
    await vi.waitFor(() => expect(asked).toEqual([ORIGIN]));
    // WatchedSite shows "Reading the log…" while either is missing.
    expect(store.getState()).toMatchObject({ phase: 'watched', log: undefined, report: undefined });
    answer({ ok: true, summary });
    await started;
    expect(store.getState()).toMatchObject({ log: summary.log, report: summary.report });
    expect(engine.diagnose).not.toHaveBeenCalled();
  });

  it('says why when the background cannot answer', async () => {
    const { asked, answer, remove } = background();
    removeBackground = remove;
    const { store, started } = openPopup();
    await vi.waitFor(() => expect(asked).toEqual([ORIGIN]));
    answer({ ok: false, message: `${ORIGIN} is not watched: there is no log to show.` });
    await started;
    expect(store.getState()).toMatchObject({ log: undefined, report: undefined, message: `${ORIGIN} is not watched: there is no log to show.` });
  });

  it("an error an action said goes when the next action starts: a later Reset's success is not shown beside an old failure", async () => {
    await summaryItem(ORIGIN).setValue(JSON.stringify(backgroundSummary()));
    const { store, started } = openPopup();
    await started;
    const replies = [{ ok: false, message: 'The background did not answer: reset it again.' }, { ok: true }];
    const remove = messaging.onMessage('resetLog', () => replies.shift() as never);
    try {
      await store.getState().resetLog();
      expect(store.getState().message).toBe('The background did not answer: reset it again.');
      await store.getState().resetLog();
      expect(store.getState().message).toBeUndefined();
    } finally {
      remove();
    }
  });

  it('follows the summaries the background stores while it is open, and its notices', async () => {
    await summaryItem(ORIGIN).setValue(JSON.stringify(backgroundSummary()));
    const { store, started } = openPopup();
    await started;
    const next = JSON.parse(JSON.stringify(summarize(logOf([request('thumbnail', answers.missingFile), request('usersMe', answers.unauthorised)])))) as LogSummary;
    await summaryItem(ORIGIN).setValue(JSON.stringify(next));
    await vi.waitFor(() => expect(store.getState().log?.total).toBe(2));
    await noticeItem(ORIGIN).setValue('The stored log was reset.');
    await vi.waitFor(() => expect(store.getState().notice).toBe('The stored log was reset.'));
  });
});

describe('the export preview shows what was last saved or copied', () => {
  /** The background's side of `export`: a text per format, as if built. */
  function exporter() {
    const asked: Array<{ format: string; hideHost: boolean; download: boolean }> = [];
    const remove = messaging.onMessage('export', ({ data }) => {
      asked.push({ format: data.format, hideHost: data.redaction.hideHost, download: data.download });
      return { ok: true, filename: `file.${data.format}`, text: `${data.format} text${data.redaction.hideHost ? '' : ' with the host'}`, bytes: 10, ...(data.download && { download: { state: 'complete' as const, filename: `file (1).${data.format}` } }) };
    });
    return { asked, remove };
  }

  it('after previewing JSON, saving Markdown shows the Markdown', async () => {
    await summaryItem(ORIGIN).setValue(JSON.stringify(backgroundSummary()));
    const { asked, remove } = exporter();
    removeBackground = remove;
    const { store, started } = openPopup();
    await started;
    await store.getState().previewExport('json');
    expect(store.getState().exportPreview).toMatchObject({ format: 'json', text: 'json text with the host' });
    await store.getState().exportLog('markdown');
    expect(store.getState().exportPreview).toMatchObject({ format: 'markdown', text: 'markdown text with the host', filename: 'file.markdown' });
    expect(asked.at(-1)).toEqual({ format: 'markdown', hideHost: false, download: true });
  });

  it('with no preview open, saving opens none', async () => {
    await summaryItem(ORIGIN).setValue(JSON.stringify(backgroundSummary()));
    const { remove } = exporter();
    removeBackground = remove;
    const { store, started } = openPopup();
    await started;
    await store.getState().exportLog('markdown');
    expect(store.getState().exportPreview).toBeUndefined();
  });

  it('two saves in a row: the later one is what the popup says, even when the earlier one ends last', async () => {
    await summaryItem(ORIGIN).setValue(JSON.stringify(backgroundSummary()));
    let endFirst!: () => void;
    removeBackground = messaging.onMessage('export', async ({ data }) => {
      if (data.format === 'json') await new Promise<void>((resolve) => (endFirst = resolve));
      return { ok: true, filename: `file.${data.format}`, text: `${data.format} text`, bytes: 10, download: { state: 'complete' as const, filename: `file.${data.format}` } };
    });
    const { store, started } = openPopup();
    await started;
    const first = store.getState().exportLog('json');
    await store.getState().exportLog('har');
    expect(store.getState().exportStatus).toBe('Saved file.har (1 kB) in your Downloads folder.');
    endFirst();
    await first;
    expect(store.getState().exportStatus).toBe('Saved file.har (1 kB) in your Downloads folder.');
  });

  it('Copy for a forum post hides the host unless the user includes it, and copies the text built', async () => {
    await summaryItem(ORIGIN).setValue(JSON.stringify(backgroundSummary()));
    const { asked, remove } = exporter();
    removeBackground = remove;
    const copied: string[] = [];
    // Node 20 has no clipboard (its navigator is tests/unit/setup/navigator.ts's): the store uses only this of it.
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (text: string) => void copied.push(text) }, configurable: true });
    try {
      const { store, started } = openPopup();
      await started;
      await store.getState().copyForumPost();
      store.getState().setForumIncludesHost(true);
      await store.getState().copyForumPost();
      expect(asked).toEqual([
        { format: 'forum-post', hideHost: true, download: false },
        { format: 'forum-post', hideHost: false, download: false },
      ]);
      expect(copied).toEqual(['forum-post text', 'forum-post text with the host']);
      expect(store.getState().exportStatus).toContain('Copied');
    } finally {
      delete (navigator as { clipboard?: unknown }).clipboard;
    }
  });
});

describe('Test again’s comparison in the popup', () => {
  const record = { before: { requests: 40, failures: 12, topCause: { cause: 'media-file-unreadable', title: 'Media files missing' } }, startedAt: 1_000, reloadedTabs: 1 };

  it('is made from the stored record and the summary shown, and follows both', async () => {
    const summary = backgroundSummary();
    await summaryItem(ORIGIN).setValue(JSON.stringify(summary));
    await testAgainItem(ORIGIN).setValue(record);
    const { store, started } = openPopup();
    await started;
    // Long after its last request: settled, and the one thumbnail failed.
    expect(store.getState().comparison).toMatchObject({ verdict: 'still-failing', before: record.before, after: { requests: 1, failures: 1 } });
    await testAgainItem(ORIGIN).removeValue();
    await vi.waitFor(() => expect(store.getState().comparison).toBeUndefined());
  });

  it('a summary written while the popup opens (the batch its opening asks for) is shown, not the one before it', async () => {
    await summaryItem(ORIGIN).setValue(JSON.stringify(backgroundSummary()));
    const newer = summarize(logOf([request('thumbnail', answers.thumbnailOk), request('thumbnail', answers.thumbnailOk), request('thumbnail', answers.missingFile)]));
    const { store, started } = openPopup();
    await summaryItem(ORIGIN).setValue(JSON.stringify(newer));
    await started;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.getState().log?.total).toBe(3);
  });

  it('ticked steps are read when the popup opens, stored when ticked, and follow another popup', async () => {
    await summaryItem(ORIGIN).setValue(JSON.stringify(backgroundSummary()));
    await triedItem(ORIGIN).setValue(['Check the disk', 42]);
    const { store, started } = openPopup();
    await started;
    expect(store.getState().triedSteps).toEqual(['Check the disk']);
    await store.getState().setStepTried('Look at the server logs', true);
    expect(await triedItem(ORIGIN).getValue()).toEqual(['Check the disk', 'Look at the server logs']);
    await triedItem(ORIGIN).setValue(['Look at the server logs']);
    await vi.waitFor(() => expect(store.getState().triedSteps).toEqual(['Look at the server logs']));
    // Quick ticks: the echo of an earlier write does not undo a later tick.
    await Promise.all(['A', 'B', 'C'].map((title) => store.getState().setStepTried(title, true)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store.getState().triedSteps).toEqual(['Look at the server logs', 'A', 'B', 'C']);
    expect(await triedItem(ORIGIN).getValue()).toEqual(['Look at the server logs', 'A', 'B', 'C']);
  });

  it.each<[string, unknown]>([
    ['corrupt', { before: 'garbage', startedAt: 'now' }],
    ['of another shape', [record]],
  ])('a stored record that is %s shows no comparison, and the rest of the popup as usual', async (_name, stored) => {
    const summary = backgroundSummary();
    await summaryItem(ORIGIN).setValue(JSON.stringify(summary));
    await fakeBrowser.storage.session.set({ [`testAgain:${ORIGIN}`]: stored });
    const { store, started } = openPopup();
    await started;
    expect(store.getState()).toMatchObject({ phase: 'watched', log: summary.log, comparison: undefined, testAgainRecord: undefined });
  });
});

describe('Run checks from the popup', () => {
  /** A healthy v2.7.5 whose thumbnail jobs failed, as the browser's fetch would answer. */
  const server = () => {
    const { fetcher, asked } = fakeServer({
      ...HEALTHY_V2,
      '/api/server/storage': json({ diskUsagePercentage: 12 }),
      '/api/queues': json([{ name: 'thumbnailGeneration', isPaused: false, statistics: { failed: 3, waiting: 0 } }]),
      '/api/queues/thumbnailGeneration/jobs?status=failed': json([]),
    }, ORIGIN);
    vi.stubGlobal('fetch', fetcher);
    return asked;
  };
  afterEach(() => vi.unstubAllGlobals());

  /** A stored summary whose first cause the jobs check bears on. */
  const storeThumbnailSummary = async () => {
    const summary: LogSummary = JSON.parse(JSON.stringify(summarize(logOf([request('thumbnail', answers.notGenerated), request('thumbnail', answers.notGenerated)]))));
    await summaryItem(ORIGIN).setValue(JSON.stringify(summary));
    return summary;
  };

  it('shows each result, stores the report with the site, and weighs the causes shown (never re-diagnosing)', async () => {
    server();
    const summary = await storeThumbnailSummary();
    const { store, started } = openPopup();
    await started;
    vi.mocked(engine.diagnose).mockClear();
    await store.getState().runChecks();
    const { serverChecks, report, engineReport } = store.getState();
    // The other checks have tables of their own (tests/unit/server-checks): this fake serves none of theirs.
    const status = Object.fromEntries(serverChecks!.results.map((result) => [result.id, result.status]));
    expect(status).toMatchObject({ reachability: 'ok', storage: 'ok', jobs: 'problem' });
    expect(serverChecks?.results.map((result) => result.id)).toEqual(['reachability', 'web-app', 'storage', 'jobs', 'websocket', 'assets', 'direct']);
    expect(engineReport).toEqual(summary.report);
    expect(report?.diagnoses[0]).toMatchObject({ cause: 'thumbnail-not-generated', checkEvidence: [{ check: 'jobs', verdict: 'supports' }] });
    expect(engine.diagnose).not.toHaveBeenCalled();
    expect(await checksItem(ORIGIN).getValue()).toEqual(serverChecks);
    expect(store.getState().checksRunning).toBe(false);
  });

  it('a popup opened again shows the stored report, and asks nothing', async () => {
    const asked = server();
    await storeThumbnailSummary();
    const first = openPopup();
    await first.started;
    await first.store.getState().runChecks();
    const count = asked.length;
    const { store, started } = openPopup();
    await started;
    expect(store.getState().serverChecks).toEqual(first.store.getState().serverChecks);
    expect(store.getState().report?.diagnoses[0]?.checkEvidence).toHaveLength(1);
    expect(asked).toHaveLength(count);
  });

  it.each([
    ['auto-run off (the default): nothing is asked', undefined, false],
    ['auto-run on, a failing site: the checks run by themselves', { autoRun: true }, true],
  ])('%s', async (_, settings, runs) => {
    const asked = server();
    if (settings) await checkSettingsItem.setValue(settings);
    await storeThumbnailSummary();
    const { store, started } = openPopup();
    await started;
    await vi.waitFor(() => expect(store.getState().checksRunning).toBe(false));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(asked.length > 0).toBe(runs);
    expect(store.getState().serverChecks !== undefined).toBe(runs);
  });

  it('Stop watching while the checks run: nothing of the site is written back or shown', async () => {
    server();
    await storeThumbnailSummary();
    fakeBrowser.permissions.getAll = vi.fn(async () => ({ origins: [], permissions: [] }));
    fakeBrowser.permissions.remove = vi.fn(async () => true);
    const { store, started } = openPopup();
    await started;
    const running = store.getState().runChecks();
    await store.getState().unwatch();
    await running;
    expect(await checksItem(ORIGIN).getValue()).toBeNull();
    expect(store.getState().serverChecks).toBeUndefined();
  });

  it('Stop watching: Watch stays disabled until the access is given back, not only until the list changes', async () => {
    await storeThumbnailSummary();
    vi.spyOn(fakeBrowser.permissions, 'getAll').mockResolvedValue({ origins: [`${ORIGIN}/*`], permissions: [] } as never);
    let giveBack: () => void = () => undefined;
    const givenBack = new Promise<void>((resolve) => (giveBack = resolve));
    vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation(() => givenBack.then(() => true) as never);
    const { store, started } = openPopup();
    await started;
    const stopping = store.getState().unwatch();
    await vi.waitFor(() => expect(fakeBrowser.permissions.remove).toHaveBeenCalled());
    // The list already says not watched (the popup shows Watch this site), the access is still there.
    await vi.waitFor(() => expect(store.getState().phase).toBe('not-watched'));
    expect(store.getState().busy).toBe(true);
    giveBack();
    await stopping;
    expect(store.getState().busy).toBe(false);
  });

  it('Stop watching while Grant access again waits for its prompt (Firefox keeps the popup open under it): Watch stays disabled until both end', async () => {
    await storeThumbnailSummary();
    vi.spyOn(fakeBrowser.permissions, 'getAll').mockResolvedValue({ origins: [], permissions: [] } as never);
    vi.spyOn(fakeBrowser.permissions, 'remove').mockResolvedValue(true as never);
    let answer: (granted: boolean) => void = () => undefined;
    vi.spyOn(fakeBrowser.permissions, 'request').mockImplementation(() => new Promise<boolean>((resolve) => (answer = resolve)) as never);
    const { store, started } = openPopup();
    await started;
    const granting = store.getState().watch();
    await store.getState().unwatch();
    expect(store.getState().busy).toBe(true);
    answer(false);
    await granting;
    expect(store.getState().busy).toBe(false);
  });

  it('auto-run on, a healthy site: nothing is asked', async () => {
    const asked = server();
    await checkSettingsItem.setValue({ autoRun: true });
    await summaryItem(ORIGIN).setValue(JSON.stringify(summarize(logOf([request('thumbnail', answers.thumbnailOk)]))));
    const { started } = openPopup();
    await started;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(asked).toEqual([]);
  });
});
