import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Recorder } from '../../../utils/capture/recorder';
import { createLog, type RequestLog } from '../../../utils/log/request-log';
import { sessionLogStore } from '../../../utils/state/log-store';
import { describeStateKey, logItem, noticeItem, SITE_STATE_VERSION, summaryItem } from '../../../utils/state/site-state';
import { summarize } from '../../../utils/state/summarize';
import { readSummary } from '../../../utils/state/summary';
import { answers, assetId, headers, logOf, ORIGIN, request, times } from '../../fixtures/responses';

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

describe('migration from version 1 (unversioned values)', () => {
  it('carries a readable schema-1 log over unchanged, now at the current version, with no notice', async () => {
    const old = oldLog();
    await session.set({ [`log:${ORIGIN}`]: old });
    const { log, notice } = await sessionLogStore().load(ORIGIN, Date.now(), old.limit);
    expect(notice).toBeUndefined();
    // The item's version replaces the log's own schema mark.
    const { schema: _mark, ...current } = old;
    expect(log).toEqual(current);
    expect(await raw(`log:${ORIGIN}`)).toEqual({ value: current, meta: { v: SITE_STATE_VERSION } });
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
    expect(stored.value).toMatchObject({ origin: ORIGIN, total: 0 });
    expect(await noticeItem(ORIGIN).getValue()).toContain(`The stored log for ${ORIGIN} ${why}`);
  });

  it('a watching recorder counts on top of a migrated log, and the popup reads the notice of a reset one', async () => {
    await session.set({ [`log:${ORIGIN}`]: oldLog(), [`log:https://second.example`]: { schema: 1, origin: 'https://second.example', total: -3 } });
    const recorder = new Recorder({ store: sessionLogStore(), loadWatched: async () => [ORIGIN, 'https://second.example'], flushDelayMs: 5 });
    await recorder.ready;
    const base = { requestId: '1', url: `${ORIGIN}/api/assets/${assetId(1)}/thumbnail?size=thumbnail`, method: 'GET', type: 'image', timeStamp: Date.now(), tabId: 3, initiator: ORIGIN };
    recorder.onCompleted({ ...base, statusCode: 500, responseHeaders: headers.immichMissingFile() });
    await recorder.flush();
    expect(await logItem(ORIGIN).getValue()).toMatchObject({ total: 13, failed: 13 });
    expect(await noticeItem(ORIGIN).getValue()).toBeNull();
    expect(await noticeItem('https://second.example').getValue()).toMatch(/had invalid totals, so it was reset/);
  });

  it('drops a version-1 summary’s report (an older engine’s shape): the popup then asks the background', async () => {
    const old = JSON.parse(JSON.stringify(summarize(oldLog())));
    await session.set({ [`summary:${ORIGIN}`]: old });
    const migrated = await summaryItem(ORIGIN).getValue();
    const { schema: _mark, ...current } = old.log;
    expect(migrated).toEqual({ log: current, report: null });
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

describe('sessionLogStore: what the background writes', () => {
  it('writes the log and its summary, each with its version', async () => {
    const store = sessionLogStore();
    const log = logOf([request('thumbnail', answers.missingFile)]);
    const summary = await store.save(log);
    expect(summary.report.origin).toBe(ORIGIN);
    expect(await raw(`log:${ORIGIN}`)).toEqual({ value: JSON.parse(JSON.stringify(log)), meta: { v: SITE_STATE_VERSION } });
    expect((await raw(`summary:${ORIGIN}`)).meta).toEqual({ v: SITE_STATE_VERSION });
    expect(readSummary(await summaryItem(ORIGIN).getValue(), ORIGIN)).toEqual(JSON.parse(JSON.stringify(summary)));
  });

  it('removes a site’s log, summary and notice with their versions, and versions them again when the site comes back', async () => {
    const store = sessionLogStore();
    await store.save(createLog(ORIGIN, 1));
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
    [`log:${ORIGIN}`, `request log of ${ORIGIN} (counters and recent failures, no credentials)`],
    [`summary:${ORIGIN}`, `summary of ${ORIGIN} shown by the popup (counters, latest failures, diagnosis)`],
    [`notice:${ORIGIN}`, `notice for ${ORIGIN}`],
    [`log:${ORIGIN}$`, `format version of the request log of ${ORIGIN}`],
    ['pendingWatch', undefined],
  ])('%s', (key, what) => {
    expect(describeStateKey(key)).toBe(what);
  });
});
