import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Recorder } from '../../../utils/capture/recorder';
import { createLog, recordRaw, type RequestLog } from '../../../utils/log/request-log';
import { FailurePages } from '../../../utils/state/failure-pages';
import { storedLog } from '../../fixtures/stored-log';
import { sessionLogStore } from '../../../utils/state/log-store';
import { describeStateKey, failurePageKey, logItem, noticeItem, removeSiteState, siteItems, SITE_STATE_VERSION, summaryItem, toStoredHead } from '../../../utils/state/site-state';
import { summarize } from '../../../utils/state/summarize';
import { readSummary } from '../../../utils/state/summary';
import { answers, assetId, headers, logOf, ORIGIN, request, times } from '../../fixtures/responses';
import { completeRequest } from '../../fixtures/web-request';

/**
 * The stored state of a site across versions. Version 1 is what the extension wrote before its state
 * was versioned: the same keys (`log:`, `summary:`, `notice:` + origin) and shapes, with no `$` version
 * beside them. Each test plants raw values as that version left them, then reads them as this one does.
 */
const session = fakeBrowser.storage.session;

/** The raw key and its version key, as `storage.session` holds them. */
const raw = async (key: string) => {
  const stored = await session.get([key, `${key}$`]);
  return { value: stored[key], meta: stored[`${key}$`] };
};

/** A log as today's engine records it. */
function currentLog(): RequestLog {
  return JSON.parse(JSON.stringify(logOf(times(12, (i) => request('thumbnail', answers.missingFile, assetId(i))))));
}

/** The same log as version 1 stored it: marked `schema: 1` inside, plain JSON, no item version. */
function oldLog(): RequestLog & { schema: unknown } {
  return { schema: 1, ...currentLog() };
}

beforeEach(() => {
  fakeBrowser.reset();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('migration from version 1 (unversioned values)', () => {
  it('carries a readable schema-1 log over unchanged, now at the current version, with no notice', async () => {
    const old = oldLog();
    await session.set({ [`log:${ORIGIN}`]: old });
    const { log, notice } = await sessionLogStore().load(ORIGIN, Date.now(), old.limit);
    expect(notice).toBeUndefined();
    // The item's version replaces the log's own schema mark.
    const { schema: _mark, ...current } = old;
    expect(log).toEqual(current);
    expect(await raw(`log:${ORIGIN}`)).toEqual({ value: toStoredHead(current, [0]), meta: { v: SITE_STATE_VERSION } });
    expect(await noticeItem(ORIGIN).getValue()).toBeNull();
  });

  it.each([
    ['another schema', { ...oldLog(), schema: 0 }, 'was written by another version (schema 0, expected 1)'],
    ['no schema', { ...oldLog(), schema: undefined }, 'was written by another version'],
    ['corrupt counters', { ...oldLog(), counters: { thumbnail: { ok: { immich: 'many' } } } }, 'was corrupt'],
    ['another site’s log', { ...oldLog(), origin: 'https://other.example' }, 'belonged to another origin'],
    ['not a log at all', 'garbage', 'was unreadable'],
  ])('resets %s to a fresh log, with a notice the popup shows', async (_name, old, why) => {
    await session.set({ [`log:${ORIGIN}`]: old });
    const { log, notice } = await sessionLogStore().load(ORIGIN, Date.now(), 2000);
    // The migration replaced it: the load finds a fresh log, nothing to warn about twice.
    expect(notice).toBeUndefined();
    expect(log).toMatchObject({ origin: ORIGIN, total: 0, failed: 0, failures: [] });
    const stored = await raw(`log:${ORIGIN}`);
    expect(stored.meta).toEqual({ v: SITE_STATE_VERSION });
    expect(stored.value).toMatchObject({ origin: ORIGIN, total: 0, pages: [] });
    expect(await noticeItem(ORIGIN).getValue()).toContain(`The stored log for ${ORIGIN} ${why}`);
  });

  it('a watching recorder counts on top of a migrated log, and the popup reads the notice of a reset one', async () => {
    await session.set({ [`log:${ORIGIN}`]: oldLog(), [`log:https://second.example`]: { schema: 1, origin: 'https://second.example', total: -3 } });
    const recorder = new Recorder({ store: sessionLogStore(), loadWatched: async () => [ORIGIN, 'https://second.example'], flushDelayMs: 5 });
    await recorder.ready;
    const base = { requestId: '1', url: `${ORIGIN}/api/assets/${assetId(1)}/thumbnail?size=thumbnail`, method: 'GET', type: 'image', timeStamp: Date.now(), tabId: 3, initiator: ORIGIN };
    completeRequest(recorder, { ...base, statusCode: 500, responseHeaders: headers.immichMissingFile() });
    await recorder.flush();
    expect(await storedLog()).toMatchObject({ total: 13, failed: 13 });
    expect(await noticeItem(ORIGIN).getValue()).toBeNull();
    expect(await noticeItem('https://second.example').getValue()).toMatch(/had invalid totals, so it was reset/);
  });

  it('drops a version-1 summary’s report (an older engine’s shape): the popup then asks the background', async () => {
    const old = JSON.parse(JSON.stringify(summarize(oldLog())));
    await session.set({ [`summary:${ORIGIN}`]: old });
    const migrated = await summaryItem(ORIGIN).getValue();
    const { schema: _mark, ...current } = old.log;
    expect(JSON.parse(migrated!)).toEqual({ log: current, report: null });
    expect((await raw(`summary:${ORIGIN}`)).meta).toEqual({ v: SITE_STATE_VERSION });
    expect(readSummary(migrated, ORIGIN)).toBeUndefined();
  });

  it('keeps a version-1 notice', async () => {
    await session.set({ [`notice:${ORIGIN}`]: 'The stored log was reset.' });
    expect(await noticeItem(ORIGIN).getValue()).toBe('The stored log was reset.');
    expect((await raw(`notice:${ORIGIN}`)).meta).toEqual({ v: SITE_STATE_VERSION });
  });

  it('never migrates a value already at the current version (a corrupt one is reset by the load, with its notice)', async () => {
    await session.set({ [`log:${ORIGIN}`]: 'garbage', [`log:${ORIGIN}$`]: { v: SITE_STATE_VERSION } });
    expect(await logItem(ORIGIN).getValue()).toBe('garbage');
    const { log, notice } = await sessionLogStore().load(ORIGIN, Date.now(), 2000);
    expect(log).toMatchObject({ total: 0 });
    expect(notice).toMatch(/was unreadable, so it was reset/);
  });
});

describe('migration from version 2 (the whole log and summary as objects)', () => {
  const atVersion2 = (key: string, value: unknown) => ({ [key]: value, [`${key}$`]: { v: 2 } });

  it('moves the records into pages and keeps everything else', async () => {
    const log = currentLog();
    const summary = JSON.parse(JSON.stringify(summarize(log)));
    await session.set({ ...atVersion2(`log:${ORIGIN}`, log), ...atVersion2(`summary:${ORIGIN}`, summary) });
    const loaded = await sessionLogStore().load(ORIGIN, Date.now(), log.limit);
    expect(loaded).toEqual({ log });
    expect((await raw(`log:${ORIGIN}`)).value).toEqual(toStoredHead(log, [0]));
    expect(typeof (await raw(`failures:${ORIGIN}#0`)).value).toBe('string');
    expect(readSummary(await summaryItem(ORIGIN).getValue(), ORIGIN)).toEqual(summary);
  });
});

/** Records `count` more thumbnails whose files are missing (each a failure record). */
function failThumbnails(log: RequestLog, count: number): void {
  const from = log.total;
  for (let i = 0; i < count; i++) recordRaw(log, request('thumbnail', answers.missingFile, assetId(from + i)));
}

describe('sessionLogStore: what the background writes', () => {
  it('writes the log’s head, its records as pages of text, and its summary as text, each with its version', async () => {
    const store = sessionLogStore();
    const log = logOf([request('thumbnail', answers.missingFile)]);
    const { summary, trimmed } = await store.save(log);
    expect(trimmed).toBe(0);
    expect(summary.report.origin).toBe(ORIGIN);
    expect(await raw(`log:${ORIGIN}`)).toEqual({ value: toStoredHead(JSON.parse(JSON.stringify(log)), [0]), meta: { v: SITE_STATE_VERSION } });
    expect((await raw(`summary:${ORIGIN}`)).meta).toEqual({ v: SITE_STATE_VERSION });
    expect(readSummary(await summaryItem(ORIGIN).getValue(), ORIGIN)).toEqual(JSON.parse(JSON.stringify(summary)));
    expect(await storedLog()).toEqual(JSON.parse(JSON.stringify(log)));
  });

  it('writes only the pages that changed, and removes those the log no longer has', async () => {
    const store = sessionLogStore();
    const log = createLog(ORIGIN, 1, 250);
    failThumbnails(log, 230);
    await store.save(log);
    expect(Object.keys(await session.get(null)).filter((key) => key.startsWith('failures:'))).toEqual([0, 1, 2].map((id) => failurePageKey(ORIGIN, id).slice('session:'.length)));
    const written: string[] = [];
    const set = session.set.bind(session);
    vi.spyOn(session, 'set').mockImplementation(async (items) => {
      written.push(...Object.keys(items));
      await set(items);
    });
    failThumbnails(log, 120); // 350 failures, 250 kept: records 100-349, pages 1 (first page gone), 2 and 3.
    await store.save(log);
    expect(written.filter((key) => key.startsWith('failures:')).sort()).toEqual([`failures:${ORIGIN}#2`, `failures:${ORIGIN}#3`]);
    expect(await raw(`failures:${ORIGIN}#0`)).toEqual({ value: undefined, meta: undefined });
    expect(await storedLog()).toEqual(JSON.parse(JSON.stringify(log)));
  });

  it('drops the oldest pages beyond the byte budget, from the log too; the counters stay exact', async () => {
    const store = sessionLogStore();
    const log = createLog(ORIGIN, 1, 2000);
    failThumbnails(log, 1000);
    const pageText = new FailurePages().paginate(structuredClone(log)).pages[0]!.text.length;
    const { trimmed } = await store.save(log, { budget: pageText * 3.5 });
    expect(trimmed).toBe(700);
    expect(log).toMatchObject({ total: 1000, failed: 1000, dropped: 700 });
    expect(log.failures).toHaveLength(300);
    expect(await storedLog()).toEqual(JSON.parse(JSON.stringify(log)));
  });

  it('loses only the records of a missing or unreadable page, and says so', async () => {
    const store = sessionLogStore();
    const log = createLog(ORIGIN, 1, 2000);
    failThumbnails(log, 300);
    await store.save(log);
    await session.set({ [`failures:${ORIGIN}#1`]: '[{"broken' });
    await session.remove(`failures:${ORIGIN}#2`);
    const { log: loaded, notice } = await sessionLogStore().load(ORIGIN, Date.now(), 2000);
    expect(loaded).toMatchObject({ total: 300, failed: 300 });
    expect(loaded.failures).toEqual(JSON.parse(JSON.stringify(log.failures.slice(0, 100))));
    expect(notice).toBe(`2 stored page(s) of failure records for ${ORIGIN} were missing or unreadable: the counts are exact, the list of failures lacks their records.`);
  });

  it('a refused write keeps nothing half-known: the next save writes every page again', async () => {
    const store = sessionLogStore();
    const log = createLog(ORIGIN, 1, 2000);
    failThumbnails(log, 150);
    await store.save(log);
    const set = session.set.bind(session);
    const written: string[] = [];
    vi.spyOn(session, 'set')
      .mockRejectedValueOnce(new Error('Session storage quota bytes exceeded. Values were not stored.'))
      .mockImplementation(async (items) => {
        written.push(...Object.keys(items));
        await set(items);
      });
    await expect(store.save(log)).rejects.toThrow(/quota/);
    await store.save(log);
    expect(written.filter((key) => key.startsWith('failures:')).sort()).toEqual([`failures:${ORIGIN}#0`, `failures:${ORIGIN}#1`]);
    expect(await storedLog()).toEqual(JSON.parse(JSON.stringify(log)));
  });

  // Chrome refuses a write whose result would pass the quota, every site's items together
  // ("Session storage quota bytes exceeded. Values were not stored."); modelled here on the JSON size.
  const sizeWith = async (items: Record<string, unknown> = {}) => Object.entries({ ...(await session.get(null)), ...items }).reduce((sum, [key, value]) => sum + key.length + JSON.stringify(value).length, 0);
  function quotaOf(bytes: number): void {
    const set = session.set.bind(session);
    vi.spyOn(session, 'set').mockImplementation(async (items) => {
      if ((await sizeWith(items)) > bytes) throw new Error('Session storage quota bytes exceeded. Values were not stored.');
      await set(items);
    });
  }

  it('a storage full of this very site: the save after a refusal drops pages first, and fits', async () => {
    const store = sessionLogStore();
    const log = createLog(ORIGIN, 1, 2000);
    failThumbnails(log, 500);
    await store.save(log);
    quotaOf((await sizeWith()) + 200);
    failThumbnails(log, 150);
    const budget = new FailurePages().paginate(structuredClone(log)).pages.reduce((sum, page) => sum + page.text.length, 0);
    await expect(store.save(log, { budget })).rejects.toThrow(/quota/);
    // The recorder's retry, with half the budget (Recorder.saveRefused): what it drops makes the room.
    const { trimmed } = await store.save(log, { budget: budget / 2 });
    expect(trimmed).toBeGreaterThan(0);
    expect(log).toMatchObject({ total: 650, failed: 650 });
    const { log: loaded, notice } = await sessionLogStore().load(ORIGIN, Date.now(), 2000);
    expect(notice).toBeUndefined();
    expect(loaded).toEqual(JSON.parse(JSON.stringify(log)));
  });

  it('a save as soon as the items are defined waits for their migrations: an older summary migrated afterwards would replace it', async () => {
    await session.set({ [`summary:${ORIGIN}`]: JSON.parse(JSON.stringify(summarize(oldLog()))), [`notice:${ORIGIN}`]: 'an older notice' });
    const store = sessionLogStore();
    const log = createLog(ORIGIN, 1);
    failThumbnails(log, 3);
    await Promise.all([store.save(log), store.saveNotice(ORIGIN, 'a new notice')]);
    expect(readSummary((await raw(`summary:${ORIGIN}`)).value, ORIGIN)?.log.total).toBe(3);
    expect(await raw(`notice:${ORIGIN}`)).toEqual({ value: 'a new notice', meta: { v: SITE_STATE_VERSION } });
  });

  it('removes a site’s log, pages, summary and notice with their versions, and versions them again when the site comes back', async () => {
    const store = sessionLogStore();
    const log = createLog(ORIGIN, 1);
    failThumbnails(log, 150);
    await store.save(log);
    await store.saveNotice(ORIGIN, 'a notice');
    await store.remove(ORIGIN);
    expect(await session.get(null)).toEqual({});
    await store.save(createLog(ORIGIN, 2));
    expect((await raw(`log:${ORIGIN}`)).meta).toEqual({ v: SITE_STATE_VERSION });
    expect((await raw(`summary:${ORIGIN}`)).meta).toEqual({ v: SITE_STATE_VERSION });
  });
});

describe('describeStateKey: the options page’s “what is stored”', () => {
  it.each([
    [`log:${ORIGIN}`, `request log of ${ORIGIN} (counters and recent requests, no credentials)`],
    [`failures:${ORIGIN}#3`, `failure records of ${ORIGIN} (redacted paths, status, who answered)`],
    [`summary:${ORIGIN}`, `summary of ${ORIGIN} shown by the popup (counters, latest failures, diagnosis)`],
    [`notice:${ORIGIN}`, `notice for ${ORIGIN}`],
    [`unsaved:${ORIGIN}`, `since when saving the log of ${ORIGIN} fails (a time)`],
    [`log:${ORIGIN}$`, `format version of the request log of ${ORIGIN}`],
    ['pendingWatch', undefined],
  ])('%s', (key, what) => {
    expect(describeStateKey(key)).toBe(what);
  });
});

describe('the unsaved mark', () => {
  it('goes with the rest of the site’s state when the site is removed', async () => {
    const items = siteItems(ORIGIN);
    await items.unsaved.setValue(1_700_000_000_000);
    await removeSiteState(ORIGIN, items);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  it('is removed, with its version, by the next save that works, even when storage refused part of its own write', async () => {
    const session = fakeBrowser.storage.session;
    const set = session.set.bind(session);
    const refusing = vi.spyOn(session, 'set').mockImplementation(async (items) => {
      if (Object.keys(items).includes(`unsaved:${ORIGIN}$`)) throw new Error('Session storage quota bytes exceeded.');
      return set(items);
    });
    const store = sessionLogStore();
    await store.markUnsaved(ORIGIN, 1_700_000_000_000).catch(() => undefined);
    expect(Object.keys(await session.get(null))).toContain(`unsaved:${ORIGIN}`);
    refusing.mockRestore();
    await store.save(createLog(ORIGIN, 2));
    expect(Object.keys(await session.get(null)).filter((key) => key.startsWith('unsaved:'))).toEqual([]);
  });

  it('a mark storage refused is written again at the next refused save', async () => {
    const session = fakeBrowser.storage.session;
    const set = session.set.bind(session);
    const refusing = vi.spyOn(session, 'set').mockRejectedValue(new Error('Session storage quota bytes exceeded.'));
    const store = sessionLogStore();
    await store.markUnsaved(ORIGIN, 1_700_000_000_000).catch(() => undefined);
    refusing.mockImplementation(async (items) => set(items));
    await store.markUnsaved(ORIGIN, 1_700_000_000_000);
    expect((await sessionLogStore().load(ORIGIN, 1_700_000_100_000, 2000)).notice).toMatch(/^Saving this site's log failed from /);
  });

  it.each<[string, unknown]>([
    ['a string', 'yesterday'],
    ['a time no Date can hold', 1e300],
    ['an object', { since: 1 }],
  ])('one that is not a time (%s) is no mark: the log reads without a notice', async (_name, mark) => {
    await fakeBrowser.storage.session.set({ [`unsaved:${ORIGIN}`]: mark });
    expect((await sessionLogStore().load(ORIGIN, 1, 2000)).notice).toBeUndefined();
  });
});
