import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { registerHandlers } from '../../../utils/actions/handlers';
import { Recorder } from '../../../utils/capture/recorder';
import { DEFAULT_REDACTION } from '../../../utils/export/redaction';
import { ask, exportStatus } from '../../../utils/messages';
import { sessionLogStore } from '../../../utils/state/log-store';
import { watchedOriginsItem } from '../../../utils/origins/watched-origins';
import { checksItem, summaryItem, testAgainItem } from '../../../utils/state/site-state';
import type { ServerCheckReport } from '../../../utils/server-checks/types';
import { readTestAgain } from '../../../utils/state/test-again';
import { readSummary } from '../../../utils/state/summary';
import { ASSET, headers, ORIGIN } from '../../fixtures/responses';
import { completeRequest } from '../../fixtures/web-request';

/**
 * The protocol end to end in WXT's fake browser: the pages' `ask` → `runtime.sendMessage` → the
 * background's handlers (over a real Recorder and storage) → the reply.
 */

let watched = [ORIGIN];
let recorder: Recorder;
let unregister: (() => void) | undefined;
/** The background's end of a Watch click (utils/actions/finish-watch.ts), counted here. */
const finishWatch = vi.fn(async () => undefined);

function start(): Recorder {
  recorder = new Recorder({ store: sessionLogStore(), loadWatched: async () => watched, flushDelayMs: 5 });
  unregister = registerHandlers(recorder, finishWatch);
  return recorder;
}

function failThumbnail(id: number) {
  const url = `${ORIGIN}/api/assets/${ASSET}/thumbnail?size=thumbnail`;
  completeRequest(recorder, { requestId: String(id), url, method: 'GET', type: 'image', timeStamp: Date.now(), tabId: 3, initiator: ORIGIN, statusCode: 500, responseHeaders: headers.immichMissingFile() });
}

/** A Run checks report whose storage check speaks against missing files: the WebSocket's cause goes first. */
const AGAINST_MISSING_FILES: ServerCheckReport = {
  origin: ORIGIN,
  ranAt: Date.UTC(2026, 10, 25, 22, 40, 0),
  serverVersion: 'v2.7.5',
  routesBasis: 'version',
  usedApiKey: false,
  results: [{ id: 'storage', status: 'ok', summary: 'The library disk has room.', ms: 35, asked: [], verdicts: [{ cause: 'media-file-unreadable', verdict: 'against', reason: 'the library disk reads fine' }] }],
};

beforeEach(() => {
  fakeBrowser.reset();
  watched = [ORIGIN];
  // immichVersion asks the site; there is none here.
  vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('offline'));
  Object.assign(fakeBrowser.runtime, { getManifest: () => ({ version: '0.1.0' }) });
});

afterEach(() => {
  unregister?.();
  unregister = undefined;
  vi.restoreAllMocks();
});

describe('resetLog', () => {
  it('starts the log afresh and persists it', async () => {
    start();
    await recorder.ready;
    failThumbnail(1);
    expect(await ask('resetLog', { origin: ORIGIN })).toEqual({ ok: true });
    expect(recorder.logOf(ORIGIN)).toMatchObject({ total: 0 });
    expect(readSummary(await summaryItem(ORIGIN).getValue(), ORIGIN)?.log.total).toBe(0);
  });

  it('woken by the click, still reading its stored state: the requests that end after the click are in the new log', async () => {
    start();
    await recorder.ready;
    for (const id of [1, 2, 3]) failThumbnail(id);
    await recorder.flush();
    unregister?.();
    // The browser stopped the worker; the popup's Reset wakes the next one, whose list takes a while.
    let release = () => {};
    const listed = new Promise<string[]>((resolve) => (release = () => resolve([ORIGIN])));
    recorder = new Recorder({ store: sessionLogStore(), loadWatched: () => listed, flushDelayMs: 5 });
    unregister = registerHandlers(recorder, finishWatch);
    failThumbnail(4);
    const resetting = ask('resetLog', { origin: ORIGIN });
    await new Promise((resolve) => setTimeout(resolve, 10));
    for (const id of [5, 6]) failThumbnail(id);
    release();
    expect(await resetting).toEqual({ ok: true });
    await recorder.flush();
    expect(readSummary(await summaryItem(ORIGIN).getValue(), ORIGIN)?.log).toMatchObject({ total: 2, failed: 2 });
  });

  it('says so for a site that is not watched', async () => {
    start();
    expect(await ask('resetLog', { origin: 'https://other.example' })).toEqual({ ok: false, message: 'https://other.example is not watched: there is no log to reset.' });
  });
});

describe('testAgain and dismissTestAgain', () => {
  it('keeps the result as "before", starts the log afresh, reloads the site’s tabs; Dismiss ends it', async () => {
    start();
    await recorder.ready;
    for (const id of [1, 2, 3]) failThumbnail(id);
    const site = await fakeBrowser.tabs.create({ url: `${ORIGIN}/photos` });
    await fakeBrowser.tabs.create({ url: 'https://other.example/' });
    const reload = vi.spyOn(fakeBrowser.tabs, 'reload').mockResolvedValue(undefined);
    expect(await ask('testAgain', { origin: ORIGIN })).toEqual({ ok: true, reloadedTabs: 1 });
    expect(reload.mock.calls).toEqual([[site.id]]);
    const log = recorder.logOf(ORIGIN)!;
    expect(log.total).toBe(0);
    expect(readSummary(await summaryItem(ORIGIN).getValue(), ORIGIN)?.log.total).toBe(0);
    const record = readTestAgain(await testAgainItem(ORIGIN).getValue());
    expect(record).toEqual({ before: { requests: 3, failures: 3, topCause: { cause: 'media-file-unreadable', title: expect.any(String) } }, startedAt: log.since, reloadedTabs: 1 });

    expect(await ask('dismissTestAgain', { origin: ORIGIN })).toEqual({ ok: true });
    expect(await testAgainItem(ORIGIN).getValue()).toBeNull();
  });

  it('"before" names the cause the popup showed: weighed by the site\'s last Run checks, as "after" is', async () => {
    start();
    await recorder.ready;
    for (const id of [1, 2, 3]) failThumbnail(id);
    for (const id of [4, 5, 6]) recorder.onErrorOccurred({ requestId: String(id), url: `${ORIGIN.replace('https', 'wss')}/api/socket.io/?EIO=4&transport=websocket`, method: 'GET', type: 'websocket', timeStamp: Date.now(), tabId: 3, initiator: ORIGIN, error: 'net::ERR_CONNECTION_RESET' });
    await checksItem(ORIGIN).setValue(AGAINST_MISSING_FILES);
    vi.spyOn(fakeBrowser.tabs, 'reload').mockResolvedValue(undefined);
    expect(await ask('testAgain', { origin: ORIGIN })).toMatchObject({ ok: true });
    expect(readTestAgain(await testAgainItem(ORIGIN).getValue())?.before.topCause?.cause).toBe('websocket-blocked');
  });

  it('two clicks at once make one run: "before" is the log before either, the tabs reload once', async () => {
    start();
    await recorder.ready;
    for (const id of [1, 2, 3]) failThumbnail(id);
    await fakeBrowser.tabs.create({ url: `${ORIGIN}/photos` });
    const reload = vi.spyOn(fakeBrowser.tabs, 'reload').mockResolvedValue(undefined);
    const replies = await Promise.all([ask('testAgain', { origin: ORIGIN }), ask('testAgain', { origin: ORIGIN })]);
    expect(replies).toEqual([{ ok: true, reloadedTabs: 1 }, { ok: true, reloadedTabs: 1 }]);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(readTestAgain(await testAgainItem(ORIGIN).getValue())?.before).toMatchObject({ requests: 3, failures: 3 });
  });

  it('a request that ends while "before" is being stored is in "before" or in the new log, never lost', async () => {
    start();
    await recorder.ready;
    for (const id of [1, 2, 3]) failThumbnail(id);
    await fakeBrowser.tabs.create({ url: `${ORIGIN}/photos` });
    vi.spyOn(fakeBrowser.tabs, 'reload').mockResolvedValue(undefined);
    // The first write (summaryOf's) is held; two requests end meanwhile.
    const set = fakeBrowser.storage.session.set.bind(fakeBrowser.storage.session);
    let letWrite = () => {};
    const writing = new Promise<void>((resolve) => (letWrite = resolve));
    vi.spyOn(fakeBrowser.storage.session, 'set').mockImplementationOnce(async (items) => {
      await writing;
      return set(items);
    });
    const running = ask('testAgain', { origin: ORIGIN });
    await new Promise((resolve) => setTimeout(resolve, 10));
    for (const id of [4, 5]) failThumbnail(id);
    letWrite();
    expect(await running).toEqual({ ok: true, reloadedTabs: 1 });
    const before = readTestAgain(await testAgainItem(ORIGIN).getValue())!.before;
    expect(before.requests + recorder.logOf(ORIGIN)!.total).toBe(5);
  });

  it('says so for a site that is not watched, and stores nothing', async () => {
    start();
    expect(await ask('testAgain', { origin: 'https://other.example' })).toEqual({ ok: false, message: 'https://other.example is not watched: there is no log to test again.' });
    expect(await testAgainItem('https://other.example').getValue()).toBeNull();
  });
});

describe('finishWatch', () => {
  it('runs the background’s end of the Watch click, then says whether the site is watched', async () => {
    start();
    await watchedOriginsItem.setValue([ORIGIN]);
    expect(await ask('finishWatch', { origin: ORIGIN })).toEqual({ ok: true });
    expect(finishWatch).toHaveBeenCalledTimes(1);
    expect(await ask('finishWatch', { origin: 'https://other.example' })).toMatchObject({ ok: false });
  });
});

describe('export', () => {
  it('previews the file without downloading it', async () => {
    start();
    await recorder.ready;
    failThumbnail(1);
    const reply = await ask('export', { origin: ORIGIN, format: 'json', redaction: DEFAULT_REDACTION, download: false });
    expect(reply).not.toHaveProperty('download');
    expect(reply).toMatchObject({ ok: true, filename: expect.stringMatching(/^immich-doctor-photos\.example\.com-.*\.json$/) });
    if (!reply.ok) throw new Error(reply.message);
    expect(JSON.parse(reply.text)).toMatchObject({ format: 'immich-doctor-log', origin: ORIGIN, totals: { requests: 1, failures: 1 } });
    expect(reply.bytes).toBe(new TextEncoder().encode(reply.text).length);
  });

  it('a download the browser refuses is a failed export, in words', async () => {
    start();
    Object.assign(fakeBrowser, { downloads: { download: vi.fn(async () => Promise.reject(new Error('Download canceled by the user'))) } });
    const reply = await ask('export', { origin: ORIGIN, format: 'har', redaction: DEFAULT_REDACTION, download: true });
    expect(reply).toEqual({ ok: false, message: 'The export failed: Download canceled by the user' });
    expect(exportStatus(reply)).toBe('The export failed: Download canceled by the user');
  });

  it('says so for a site that is not watched', async () => {
    start();
    expect(await ask('export', { origin: 'https://other.example', format: 'markdown', redaction: DEFAULT_REDACTION, download: true })).toEqual({
      ok: false,
      message: 'https://other.example is not watched: there is no log to export.',
    });
  });
});

describe('clearSiteData', () => {
  it('a browser that refuses is a failed action, in words', async () => {
    start();
    Object.assign(fakeBrowser, { browsingData: { remove: vi.fn(async () => Promise.reject(new Error('refused'))) } });
    Object.assign(fakeBrowser.permissions, { contains: vi.fn(async () => true) });
    // The refusal itself is reported per kind (tests/unit/clear); a throw anywhere else is the handler's failure.
    Object.assign(fakeBrowser.tabs, { query: vi.fn(async () => Promise.reject(new Error('no tabs today'))) });
    expect(await ask('clearSiteData', { origin: ORIGIN })).toEqual({ ok: false, message: `The browser could not clear the data of ${ORIGIN}: no tabs today` });
  });
});

describe('getSummary', () => {
  it('summarises the in-memory log and stores that summary again', async () => {
    start();
    await recorder.ready;
    failThumbnail(1);
    await summaryItem(ORIGIN).setValue(JSON.stringify({ log: recorder.logOf(ORIGIN)!, report: null }));
    const reply = await ask('getSummary', { origin: ORIGIN });
    if (!reply.ok) throw new Error(reply.message);
    expect(reply.summary.log).toMatchObject({ origin: ORIGIN, total: 1, failed: 1 });
    expect(reply.summary.report.diagnoses[0]?.cause).toBe('media-file-unreadable');
    expect(readSummary(await summaryItem(ORIGIN).getValue(), ORIGIN)).toEqual(reply.summary);
  });

  it('answers for a site watched a moment ago, before the recorder followed the stored list', async () => {
    watched = [];
    start();
    await recorder.ready;
    watched = [ORIGIN];
    const reply = await ask('getSummary', { origin: ORIGIN });
    expect(reply).toMatchObject({ ok: true, summary: { log: { origin: ORIGIN, total: 0 }, report: { origin: ORIGIN, healthy: true } } });
  });

  it('says so for a site that is not watched', async () => {
    start();
    expect(await ask('getSummary', { origin: 'https://other.example' })).toEqual({ ok: false, message: 'https://other.example is not watched: there is no log to show.' });
  });
});

describe('every message', () => {
  it.each([['photos.example.com'], ['https://photos.example.com/photos'], ['javascript:alert(1)'], [undefined]])('refuses a site address that is not one: %s', async (origin) => {
    start();
    const reply = await ask('resetLog', { origin: origin as string });
    expect(reply).toEqual({ ok: false, message: `Not a site address: ${JSON.stringify(origin)}.` });
  });

  it('a handler that throws is a failure, in words', async () => {
    start();
    vi.spyOn(recorder, 'summaryOf').mockRejectedValue(new Error('boom'));
    expect(await ask('getSummary', { origin: ORIGIN })).toEqual({ ok: false, message: 'getSummary failed: boom' });
  });

  it('with no background to answer, the reply says so', async () => {
    expect(await ask('resetLog', { origin: ORIGIN })).toEqual({ ok: false, message: 'The background did not answer: No listeners available' });
  });

  it('ignores messages that are not of the protocol (another sender’s)', async () => {
    start();
    const other = vi.fn(() => undefined);
    fakeBrowser.runtime.onMessage.addListener(other);
    await expect(fakeBrowser.runtime.sendMessage({ type: 'reset-log', origin: ORIGIN })).resolves.toBeUndefined();
    expect(other).toHaveBeenCalled();
  });
});
