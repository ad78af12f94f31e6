import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { badgeFor as badgeForSummary, paintBadges } from '../../../utils/capture/badge';
import { sessionLogStore, type LogStore } from '../../../utils/state/log-store';
import { checksItem, noticeItem } from '../../../utils/state/site-state';
import { weighByServerChecks } from '../../../utils/server-checks/evidence';
import type { ServerCheckReport } from '../../../utils/server-checks/types';
import { twoCauses } from '../../fixtures/two-causes';
import { storedLog } from '../../fixtures/stored-log';
import { summarize } from '../../../utils/state/summarize';
import type { LogSummary } from '../../../utils/state/summary';
import { Recorder } from '../../../utils/capture/recorder';
import type { WebRequestEvent } from '../../../utils/capture/web-request-event';
import type { RequestLog } from '../../../utils/log/request-log';
import { ASSET, headers, logOf, ORIGIN, request, answers } from '../../fixtures/responses';
import { completeRequest } from '../../fixtures/web-request';
import { holdNextLoad } from '../../fixtures/held-load';

let nextId = 1;
/** A webRequest event as Chrome delivers it: plain details objects, nothing mocked in the recorder. */
function event(path: string, fields: Partial<WebRequestEvent> = {}): WebRequestEvent {
  return { requestId: String(nextId++), url: ORIGIN + path, method: 'GET', type: 'image', timeStamp: Date.now() + 0.123, tabId: 3, initiator: ORIGIN, ...fields };
}
const thumbnail = `/api/assets/${ASSET}/thumbnail?size=thumbnail`;

/** A full-size request's first hop, Immich's 302 to `original`: its headers, then its redirect. Gives the request's details. */
function redirectToOriginal(recorder: Recorder, original: string): WebRequestEvent {
  const base = event(`/api/assets/${ASSET}/thumbnail?size=fullsize`);
  recorder.onHeadersReceived({ ...base, statusCode: 302, responseHeaders: headers.immichJson() });
  recorder.onBeforeRedirect({ ...base, statusCode: 302, redirectUrl: original });
  return base;
}

function finish(recorder: Recorder, path: string, statusCode: number, responseHeaders = headers.immichImage(), fields: Partial<WebRequestEvent> = {}) {
  completeRequest(recorder, { ...event(path, fields), statusCode, responseHeaders });
}

/**
 * A recorder watching `watched`, then told to watch `next` while the first stored log it reads is held
 * (`release` lets it go): the moment the tests of list changes and resets during a read act in.
 */
async function followWhileReadHeld(next: string[], { watched = [], store = sessionLogStore() }: { watched?: string[]; store?: LogStore } = {}) {
  const recorder = new Recorder({ store, loadWatched: async () => watched, flushDelayMs: 5 });
  await recorder.ready;
  const release = holdNextLoad(store);
  const following = recorder.setWatched(next);
  await vi.waitFor(() => expect(store.load).toHaveBeenCalled());
  return { recorder, release, following };
}

const badgeFor = (log: RequestLog) => badgeForSummary(summarize(log));

function newRecorder(origins = [ORIGIN], onSummarized?: (summaries: LogSummary[]) => void) {
  return new Recorder({ store: sessionLogStore(), loadWatched: async () => origins, onSummarized, flushDelayMs: 5 });
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('Recorder: what it records', () => {
  it('records a watched origin, classifies on completion and persists in a batch', async () => {
    const recorder = newRecorder();
    await recorder.ready;
    finish(recorder, thumbnail, 200);
    finish(recorder, thumbnail, 500, headers.immichMissingFile());
    await recorder.flush();
    const log = await storedLog();
    expect(log).toMatchObject({ total: 2, failed: 1, counters: { thumbnail: { ok: { immich: 1 }, 'http-500': { immich: 1 } } } });
  });

  it('a flush while a woken worker is still reading its state waits for the events that arrived meanwhile', async () => {
    let release = () => {};
    const loaded = new Promise<string[]>((resolve) => (release = () => resolve([ORIGIN])));
    const recorder = new Recorder({ store: sessionLogStore(), loadWatched: () => loaded, flushDelayMs: 5 });
    finish(recorder, thumbnail, 500, headers.immichMissingFile());
    const flushed = recorder.flush();
    release();
    await flushed;
    expect(await storedLog()).toMatchObject({ total: 1, failed: 1 });
  });

  it('a site watched again while its stored log is still read loses none of the requests made meanwhile', async () => {
    // Stop watching, then Watch: the site's tab reloads at once, while the recorder reads its log.
    const { recorder, release, following: watching } = await followWhileReadHeld([ORIGIN]);
    for (let index = 0; index < 70; index += 1) finish(recorder, thumbnail, 500, headers.immichMissingFile());
    // A batch (or a popup's flush) comes while the log is still being read; it writes after the read.
    const flushing = recorder.flush();
    await new Promise((resolve) => setTimeout(resolve, 10));
    release();
    await Promise.all([watching, flushing]);
    await recorder.flush();
    expect(await storedLog()).toMatchObject({ total: 70, failed: 70 });
  });

  // The background's storage watcher and Watch's own call are not ordered: a list change may come
  // while the read another one started is still on its way.
  it('a read of a stored log started before the site was removed is not kept, nor its notice stored', async () => {
    await fakeBrowser.storage.session.set({ [`log:${ORIGIN}`]: 'corrupt', [`log:${ORIGIN}$`]: { v: 3 } });
    const { recorder, release, following: watching } = await followWhileReadHeld([ORIGIN]);
    await recorder.setWatched([]);
    release();
    await watching;
    await recorder.flush();
    expect(recorder.logOf(ORIGIN)).toBeUndefined();
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  it('watched, removed and watched again while the first read is on its way: the site starts afresh', async () => {
    const store = sessionLogStore();
    // What an earlier removal storage refused to make left behind.
    await store.save(logOf([request('thumbnail', answers.missingFile)]));
    const { recorder, release, following: first } = await followWhileReadHeld([ORIGIN], { store });
    await recorder.setWatched([]);
    const again = recorder.setWatched([ORIGIN]);
    release();
    await Promise.all([first, again]);
    await recorder.flush();
    expect(recorder.logOf(ORIGIN)).toMatchObject({ total: 0 });
  });

  it("Reset while another site's stored log is read: the requests before it stay in the old log, those after count in the new one", async () => {
    const { recorder, release, following: watching } = await followWhileReadHeld([ORIGIN, 'https://second.example'], { watched: [ORIGIN] });
    for (let index = 0; index < 3; index += 1) finish(recorder, thumbnail, 500, headers.immichMissingFile());
    const resetting = recorder.reset(ORIGIN);
    for (let index = 0; index < 2; index += 1) finish(recorder, thumbnail, 200);
    release();
    await Promise.all([watching, resetting]);
    await recorder.flush();
    expect(await storedLog()).toMatchObject({ total: 2, failed: 0 });
  });

  it('never records an origin that is not watched, nor the extension itself', async () => {
    const recorder = newRecorder();
    await recorder.ready;
    finish(recorder, thumbnail, 500, headers.immichMissingFile(), { url: `https://other.example${thumbnail}`, initiator: 'https://other.example' });
    finish(recorder, '/api/server/ping', 200, headers.immichJson(), { initiator: 'chrome-extension://abcdef' });
    finish(recorder, '/popup.html', 200, [], { url: 'chrome-extension://abcdef/popup.html', initiator: undefined });
    await recorder.flush();
    expect((await storedLog())?.total ?? 0).toBe(0);
    expect(await storedLog('https://other.example')).toBeUndefined();
  });

  it("files the https page's http:// requests to its own host (mixed content) under the page, but not a portal on another port", async () => {
    const recorder = newRecorder();
    await recorder.ready;
    finish(recorder, thumbnail, 200, headers.immichImage(), { url: `http://photos.example.com${thumbnail}` });
    finish(recorder, '/login', 200, [], { url: 'https://photos.example.com:9091/login', type: 'xmlhttprequest' });
    finish(recorder, '/login', 200, [], { url: 'http://photos.example.com:9091/login', type: 'xmlhttprequest' });
    await recorder.flush();
    expect(await storedLog()).toMatchObject({ total: 1, counters: { thumbnail: { ok: { immich: 1 } } } });
  });

  // The recorder finds a request's site by the URL's start (the common case) and otherwise splits the
  // URL: both ways must agree on every shape the browser may report.
  it.each([
    ['a thumbnail of the site', `${ORIGIN}${thumbnail}`, ORIGIN],
    ["the site's WebSocket (wss: belongs to https:)", `wss://photos.example.com/api/socket.io/?EIO=4&transport=websocket`, ORIGIN],
    ['the site on a port', `http://127.0.0.1:2283${thumbnail}`, 'http://127.0.0.1:2283'],
    ["the site's WebSocket on a port", 'ws://127.0.0.1:2283/api/socket.io/?EIO=4&transport=websocket', 'http://127.0.0.1:2283'],
    ['another port that starts with the same digits', `http://127.0.0.1:22830${thumbnail}`, undefined],
    ['a host that starts with the same name', `https://photos.example.com.evil.test${thumbnail}`, undefined],
    ['the default port written out (not canonical: split the long way)', `https://photos.example.com:443${thumbnail}`, ORIGIN],
    ['a host in capitals (not canonical)', `https://PHOTOS.example.com${thumbnail}`, ORIGIN],
    ['the other scheme', `http://photos.example.com:8080${thumbnail}`, undefined],
  ])('files %s under its site', async (_name, url, expected) => {
    const recorder = newRecorder([ORIGIN, 'http://127.0.0.1:2283']);
    await recorder.ready;
    finish(recorder, thumbnail, 200, headers.immichImage(), { url, initiator: undefined });
    const filed = [ORIGIN, 'http://127.0.0.1:2283'].filter((origin) => recorder.logOf(origin)!.total > 0);
    expect(filed).toEqual(expected ? [expected] : []);
  });

  it("attributes the service worker's requests (tabId -1) by URL, not by tab", async () => {
    const recorder = newRecorder();
    await recorder.ready;
    finish(recorder, thumbnail, 500, headers.immichMissingFile(), { tabId: -1, type: 'other' });
    await recorder.flush();
    expect((await storedLog())?.failures[0]).toMatchObject({ tabId: -1, kind: 'thumbnail', outcome: 'http-500' });
  });

  it('keeps the status of a 500 that the page then aborted (seen only in onHeadersReceived)', async () => {
    const recorder = newRecorder();
    await recorder.ready;
    const base = event(thumbnail);
    recorder.onHeadersReceived({ ...base, statusCode: 500, responseHeaders: headers.immichMissingFile() });
    recorder.onErrorOccurred({ ...base, error: 'net::ERR_ABORTED' });
    await recorder.flush();
    expect((await storedLog())?.counters).toEqual({ thumbnail: { 'http-500': { immich: 1 } } });
  });

  it("keeps the next hop's status for its error when its headers came before the redirect was applied", async () => {
    const recorder = newRecorder();
    await recorder.ready;
    const original = `${ORIGIN}/api/assets/${ASSET}/original`;
    // All four arrive before any is applied, and are applied in that order.
    const base = redirectToOriginal(recorder, original);
    recorder.onHeadersReceived({ ...base, url: original, statusCode: 500, responseHeaders: headers.immichMissingFile('image/jpeg') });
    recorder.onErrorOccurred({ ...base, url: original, error: 'net::ERR_ABORTED' });
    await recorder.flush();
    // The redirect hop did not take the next hop's answer: its error keeps the 500.
    expect((await storedLog())?.counters).toEqual({ fullsize: { redirect: { immich: 1 } }, original: { 'http-500': { immich: 1 } } });
  });

  it("a redirect hop takes its own answer with it: a next hop that fails before any is not counted as the hop's 302", async () => {
    const recorder = newRecorder();
    await recorder.ready;
    const original = `${ORIGIN}/api/assets/${ASSET}/original`;
    const base = redirectToOriginal(recorder, original);
    recorder.onErrorOccurred({ ...base, url: original, error: 'net::ERR_CONNECTION_RESET' });
    await recorder.flush();
    expect((await storedLog())?.counters).toEqual({ fullsize: { redirect: { immich: 1 } }, original: { 'net-connection-reset': { unknown: 1 } } });
  });

  it('records a network error without headers', async () => {
    const recorder = newRecorder();
    await recorder.ready;
    recorder.onErrorOccurred(event('/api/users/me', { type: 'xmlhttprequest', error: 'net::ERR_CONNECTION_REFUSED' }));
    await recorder.flush();
    expect((await storedLog())?.counters).toEqual({ api: { 'net-connection-refused': { unknown: 1 } } });
  });

  it('an end whose answer was not seen (a worker stopped and woken mid-request) keeps its status, answered by nobody known', async () => {
    // The end events carry no headers (utils/capture/listeners.ts): a long download's onHeadersReceived
    // went to the worker the browser then stopped, and its onCompleted wakes a new one.
    const recorder = newRecorder();
    await recorder.ready;
    recorder.onCompleted(event(`/api/assets/${ASSET}/video/playback`, { type: 'media', statusCode: 206 }));
    await recorder.flush();
    expect((await storedLog())?.counters).toEqual({ video: { ok: { unknown: 1 } } });
  });

  it('records each redirect hop, then the final answer', async () => {
    const recorder = newRecorder();
    await recorder.ready;
    const base = redirectToOriginal(recorder, `${ORIGIN}/api/assets/${ASSET}/original?`);
    completeRequest(recorder, { ...base, url: `${ORIGIN}/api/assets/${ASSET}/original?`, statusCode: 200, responseHeaders: headers.immichImage('image/jpeg') });
    await recorder.flush();
    expect((await storedLog())?.counters).toEqual({ fullsize: { redirect: { immich: 1 } }, original: { ok: { immich: 1 } } });
  });

  it('counts a WebSocket once, at its 101, however it ends', async () => {
    const recorder = newRecorder();
    await recorder.ready;
    const base = event('/api/socket.io/?EIO=4&transport=websocket', { type: 'websocket', url: `${ORIGIN.replace('https', 'wss')}/api/socket.io/?EIO=4&transport=websocket` });
    recorder.onHeadersReceived({ ...base, statusCode: 101, responseHeaders: headers.engineIoUpgrade() });
    recorder.onErrorOccurred({ ...base, error: 'net::ERR_ABORTED' });
    await recorder.flush();
    expect((await storedLog())?.counters).toEqual({ websocket: { ok: { immich: 1 } } });
  });

  it("a navigating tab's badge comes from the last batch's summary, the log's own before any batch and after a reset", async () => {
    const persisted: LogSummary[] = [];
    const recorder = newRecorder([ORIGIN], (summaries) => persisted.push(...summaries));
    await recorder.ready;
    finish(recorder, thumbnail, 500, headers.immichMissingFile());
    // No batch yet: the log as it is now.
    expect(recorder.currentSummary(ORIGIN)?.log).toMatchObject({ total: 1, failed: 1 });
    await recorder.flush();
    // The very summary written, not a second diagnosis of the log.
    expect(recorder.currentSummary(ORIGIN)).toBe(persisted.at(-1));
    await recorder.reset(ORIGIN);
    expect(recorder.currentSummary(ORIGIN)?.log).toMatchObject({ total: 0, failed: 0 });
    expect(recorder.currentSummary('https://not-watched.example')).toBeUndefined();
  });

  it('a batch still being written when the log is reset does not become the badge of the fresh log', async () => {
    const recorder = newRecorder();
    await recorder.ready;
    finish(recorder, thumbnail, 500, headers.immichMissingFile());
    const writing = recorder.flush();
    await recorder.reset(ORIGIN);
    await writing;
    expect(recorder.currentSummary(ORIGIN)?.log).toMatchObject({ total: 0, failed: 0 });
  });

  it('ignores malformed event details instead of throwing', async () => {
    const recorder = newRecorder();
    await recorder.ready;
    expect(() => recorder.onCompleted({ ...event(''), url: 'not a url' })).not.toThrow();
    expect(() => recorder.onErrorOccurred({ ...event(''), url: undefined as unknown as string })).not.toThrow();
    expect(() => recorder.onHeadersReceived({ ...event(''), url: 42 as unknown as string, statusCode: 500 })).not.toThrow();
    await recorder.flush();
    // Ignored: nothing counted, nothing written…
    expect(recorder.logOf(ORIGIN)).toMatchObject({ total: 0, failed: 0, counters: {}, failures: [] });
    expect(await storedLog()).toBeUndefined();
    // …and the recorder goes on recording the next well-formed event.
    finish(recorder, thumbnail, 500, headers.immichMissingFile());
    await recorder.flush();
    expect(await storedLog()).toMatchObject({ total: 1, failed: 1 });
  });

  it('an event that throws when applied loses only itself, not the others waiting with it', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const recorder = newRecorder();
    await recorder.ready;
    finish(recorder, thumbnail, 500, headers.immichMissingFile());
    const hostile = event(thumbnail, { statusCode: 500 });
    Object.defineProperty(hostile, 'type', {
      get() {
        throw new Error('a details object that throws');
      },
    });
    recorder.onCompleted(hostile);
    finish(recorder, thumbnail, 200);
    await expect(recorder.flush()).resolves.toBeUndefined();
    expect(await storedLog()).toMatchObject({ total: 2, failed: 1 });
    expect(logged).toHaveBeenCalledWith('Immich Doctor: a request could not be recorded', expect.any(Error));
    logged.mockRestore();
  });
});

describe('Recorder: a restarted worker loses nothing', () => {
  it('hydrates the stored log before applying events that arrived during start-up', async () => {
    const first = newRecorder();
    await first.ready;
    for (let index = 0; index < 10; index += 1) finish(first, thumbnail, 500, headers.immichMissingFile());
    await first.flush();

    // The worker is killed and woken by the next request: the event arrives before hydration ends.
    const second = newRecorder();
    finish(second, thumbnail, 500, headers.immichMissingFile());
    finish(second, thumbnail, 200);
    await second.ready;
    await second.flush();
    expect(await storedLog()).toMatchObject({ total: 12, failed: 11 });
  });

  it('serialises writes: many events in flight are all counted', async () => {
    const recorder = newRecorder();
    for (let index = 0; index < 500; index += 1) {
      finish(recorder, thumbnail, index % 2 ? 200 : 500, index % 2 ? headers.immichImage() : headers.immichMissingFile());
      if (index % 50 === 0) void recorder.flush();
    }
    await recorder.ready;
    await recorder.flush();
    expect(await storedLog()).toMatchObject({ total: 500, failed: 250 });
  });

  it('resets a corrupt stored log with a visible notice', async () => {
    await fakeBrowser.storage.session.set({ [`log:${ORIGIN}`]: { schema: 99 } });
    const recorder = newRecorder();
    await recorder.ready;
    await recorder.flush();
    expect(await noticeItem(ORIGIN).getValue()).toMatch(/another version \(schema 99/);
    expect(recorder.logOf(ORIGIN)).toMatchObject({ total: 0, failures: [] });
    finish(recorder, thumbnail, 200);
    await recorder.flush();
    expect(await storedLog()).toMatchObject({ total: 1 });
  });
});

describe('Recorder: following the watched list and resets', () => {
  it('starts recording a newly watched origin and drops the data of an unwatched one', async () => {
    const recorder = newRecorder([]);
    await recorder.ready;
    finish(recorder, thumbnail, 500, headers.immichMissingFile());
    await recorder.setWatched([ORIGIN]);
    finish(recorder, thumbnail, 500, headers.immichMissingFile());
    await recorder.flush();
    expect(await storedLog()).toMatchObject({ total: 1 });

    await recorder.setWatched([]);
    await recorder.flush();
    expect(await storedLog()).toBeUndefined();
    expect(recorder.logOf(ORIGIN)).toBeUndefined();
  });

  it('reset starts the log afresh', async () => {
    const recorder = newRecorder();
    await recorder.ready;
    finish(recorder, thumbnail, 500, headers.immichMissingFile());
    await recorder.reset(ORIGIN);
    await recorder.flush();
    expect(await storedLog()).toMatchObject({ total: 0, failed: 0, failures: [] });
  });

  it('a site stopped and watched again while another site’s log is read starts afresh, without the requests that waited', async () => {
    const third = 'https://third.example';
    const { recorder, release, following } = await followWhileReadHeld([ORIGIN, third], { watched: [ORIGIN] });
    for (let index = 0; index < 5; index += 1) finish(recorder, thumbnail, 500, headers.immichMissingFile());
    const stopping = recorder.setWatched([third]);
    const watchingAgain = recorder.setWatched([third, ORIGIN]);
    release();
    await Promise.all([following, stopping, watchingAgain]);
    await recorder.flush();
    expect(recorder.logOf(ORIGIN)).toMatchObject({ total: 0, failed: 0 });
    finish(recorder, thumbnail, 500, headers.immichMissingFile());
    await recorder.flush();
    expect(await storedLog()).toMatchObject({ total: 1, failed: 1 });
  });

  it('a save refused for a site stopped meanwhile leaves no trace: no halved budget, no notice when it is watched again', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const second = 'https://second.example';
    const store = sessionLogStore();
    const realSave = store.save.bind(store);
    let refuse: (error: unknown) => void = () => {};
    const save = vi.spyOn(store, 'save').mockImplementation((log, options) => (log.origin === second ? new Promise((_, reject) => (refuse = reject)) : realSave(log, options)));
    const recorder = new Recorder({ store, loadWatched: async () => [ORIGIN, second], flushDelayMs: 5 });
    await recorder.ready;
    const onSecond = { url: second + thumbnail, initiator: second };
    finish(recorder, thumbnail, 500, headers.immichMissingFile(), onSecond);
    const flushing = recorder.flush();
    await vi.waitFor(() => expect(save).toHaveBeenCalled());
    const stopping = recorder.setWatched([ORIGIN]);
    refuse(new Error('Session storage quota bytes exceeded. Values were not stored.'));
    await Promise.all([flushing, stopping]);
    save.mockImplementation(realSave);
    await recorder.setWatched([ORIGIN, second]);
    finish(recorder, thumbnail, 500, headers.immichMissingFile(), onSecond);
    await recorder.flush();
    expect(await noticeItem(second).getValue()).toBeNull();
    expect(save.mock.calls.filter(([log]) => log.origin === second).at(-1)?.[1]?.budget).toBeUndefined();
    expect(await storedLog(second)).toMatchObject({ total: 1 });
  });

  it('hands every persisted batch to the badge painter', async () => {
    const batches: string[][] = [];
    const recorder = newRecorder([ORIGIN], (summaries) => batches.push(summaries.map((summary) => summary.log.origin)));
    await recorder.ready;
    finish(recorder, thumbnail, 500, headers.immichMissingFile());
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(batches).toEqual([[ORIGIN]]);
  });
});

describe('badge', () => {
  it('is a green ✓ once requests were seen and none failed, and empty before any', () => {
    expect(badgeFor(logOf([request('thumbnail', answers.thumbnailOk)]))).toMatchObject({ text: '✓', colour: '#188038', title: 'Immich Doctor: 1 request watched, no failures' });
    expect(badgeFor(logOf([])).text).toBe('');
  });

  it('counts failed media, coloured by the worst severity', () => {
    const badge = badgeFor(logOf([request('thumbnail', answers.missingFile), request('thumbnail', answers.missingFile), request('usersMe', answers.jsonOk)]));
    expect(badge).toMatchObject({ text: '2', colour: '#c5221f' });
    expect(badge.title).toContain('Media files are missing or unreadable on disk');
  });

  it('shows "!" when only non-media requests fail: amber for a feature (uploads), red when the app itself fails (its API)', () => {
    expect(badgeFor(logOf([request('usersMe', answers.jsonOk), request('upload', answers.nginx(413))]))).toMatchObject({ text: '!', colour: '#b06000' });
    expect(badgeFor(logOf([request('usersMe', answers.unauthorised)]))).toMatchObject({ text: '!', colour: '#c5221f' });
  });

  it('its "Most likely" is the popup\'s first card: weighed by the site\'s last Run checks; a repaint reads them', async () => {
    const against: ServerCheckReport = { origin: ORIGIN, ranAt: Date.UTC(2026, 10, 25, 22, 40, 0), routesBasis: 'version', usedApiKey: false, results: [{ id: 'storage', status: 'ok', summary: 'The library disk has room.', ms: 35, asked: [], verdicts: [{ cause: 'media-file-unreadable', verdict: 'against', reason: 'the library disk reads fine' }] }] };
    const summary = summarize(twoCauses());
    const first = (checks?: ServerCheckReport) => weighByServerChecks(summary.report, checks).diagnoses[0]!.title;
    expect(first(against)).not.toBe(first());
    expect(badgeForSummary(summary).title).toContain(`Most likely: ${first()}`);
    expect(badgeForSummary(summary, against).title).toContain(`Most likely: ${first(against)}`);
    const tab = await fakeBrowser.tabs.create({ url: `${ORIGIN}/photos` });
    await checksItem(ORIGIN).setValue(against);
    await paintBadges([summary]);
    expect(await fakeBrowser.action.getTitle({ tabId: tab.id })).toContain(`Most likely: ${first(against)}`);
  });

  it('caps at four characters', () => {
    const log = logOf([request('thumbnail', answers.missingFile)]);
    log.counters.thumbnail = { 'http-500': { immich: 12_345 } };
    expect(badgeFor(log).text).toBe('999+');
  });

  it('is cleared when the log is reset', async () => {
    const tab = await fakeBrowser.tabs.create({ url: `${ORIGIN}/photos` });
    const recorder = newRecorder([ORIGIN], (summaries) => void paintBadges(summaries));
    await recorder.ready;
    finish(recorder, thumbnail, 500, headers.immichMissingFile());
    await recorder.flush();
    await expect.poll(() => fakeBrowser.action.getBadgeText({ tabId: tab.id })).toBe('1');
    await recorder.reset(ORIGIN);
    await recorder.flush();
    await expect.poll(() => fakeBrowser.action.getBadgeText({ tabId: tab.id })).toBe('');
  });

  it('is painted on every tab of the origin, and only there', async () => {
    const immichTab = await fakeBrowser.tabs.create({ url: `${ORIGIN}/photos` });
    const otherTab = await fakeBrowser.tabs.create({ url: 'https://news.example/' });
    await paintBadges([summarize(logOf([request('thumbnail', answers.missingFile)]))]);
    expect(await fakeBrowser.action.getBadgeText({ tabId: immichTab.id })).toBe('1');
    expect(await fakeBrowser.action.getBadgeText({ tabId: otherTab.id })).toBe('');
  });
});

describe('Recorder: the recent requests of any outcome', () => {
  it('keeps the last requests, successes included, described when the batch is written', async () => {
    const recorder = newRecorder();
    await recorder.ready;
    for (let index = 0; index < 60; index += 1) finish(recorder, thumbnail, index % 10 === 0 ? 500 : 200, index % 10 === 0 ? headers.immichMissingFile() : headers.immichImage());
    await recorder.flush();
    const log = await storedLog();
    expect(log?.recent).toHaveLength(50);
    expect(log?.recent.filter((request) => request.outcome === 'ok')).toHaveLength(45);
    expect(log?.recent.at(-1)).toMatchObject({ kind: 'thumbnail', path: '/api/assets/3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b/thumbnail?size=thumbnail' });
  });
});

describe('Recorder: the record limit from the options page', () => {
  it('starts with the stored limit and applies a new one to existing logs', async () => {
    const recorder = new Recorder({ store: sessionLogStore(), loadWatched: async () => [ORIGIN], loadRecordLimit: async () => 5, flushDelayMs: 5 });
    await recorder.ready;
    for (let index = 0; index < 8; index += 1) finish(recorder, thumbnail, 500, headers.immichMissingFile());
    await recorder.flush();
    expect(await storedLog()).toMatchObject({ limit: 5, dropped: 3, failed: 8 });
    await recorder.setRecordLimit(2);
    await recorder.flush();
    const log = await storedLog();
    expect(log).toMatchObject({ limit: 2, dropped: 6, failed: 8 });
    expect(log?.failures).toHaveLength(2);
  });

  it('a limit changed while a site’s stored log is read applies to that log too', async () => {
    const second = 'https://second.example';
    const { recorder, release, following } = await followWhileReadHeld([ORIGIN, second], { watched: [ORIGIN] });
    await recorder.setRecordLimit(3000);
    release();
    await following;
    expect(recorder.logOf(ORIGIN)?.limit).toBe(3000);
    expect(recorder.logOf(second)?.limit).toBe(3000);
  });
});

describe('Recorder: storage that refuses or runs short', () => {
  const quota = new Error('Session storage quota bytes exceeded. Values were not stored.');

  it('retries a refused save with half the budget, says so in the notice until it works, and loses no count', async () => {
    const store = sessionLogStore();
    const save = vi.spyOn(store, 'save').mockRejectedValueOnce(quota).mockRejectedValueOnce(quota);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const recorder = new Recorder({ store, loadWatched: async () => [ORIGIN], flushDelayMs: 5 });
    await recorder.ready;
    for (let index = 0; index < 3; index += 1) finish(recorder, thumbnail, 500, headers.immichMissingFile());
    await recorder.flush();
    expect(await storedLog()).toBeUndefined();
    expect(await noticeItem(ORIGIN).getValue()).toMatch(/^Saving this site's log failed at .* \(Session storage quota bytes exceeded\. Values were not stored\.\), 1 time\(s\) since .*The counts are kept in memory meanwhile/);
    // Retried on its own (5 ms, then 10 ms, then 20 ms), with a halved budget each time.
    await vi.waitFor(() => expect(save).toHaveBeenCalledTimes(3));
    await vi.waitFor(async () => expect(await storedLog()).toMatchObject({ total: 3, failed: 3 }));
    expect(save.mock.calls.map(([, options]) => options?.budget)).toEqual([undefined, 300 * 1024, 150 * 1024]);
    expect(logged).toHaveBeenCalledTimes(2);
    expect(await noticeItem(ORIGIN).getValue()).toMatch(/^Saving this site's log failed 2 time\(s\) from .* \(Session storage quota bytes exceeded\. Values were not stored\.\); it was saved again at .*, counts complete\./);
  });

  /** `storage.session` refusing the writes whose keys `refuses` picks, until it is set to nothing. */
  function refuseWrites() {
    const session = fakeBrowser.storage.session;
    const set = session.set.bind(session);
    const refusal = { refuses: (_key: string) => false };
    onTestFinished(() => {
      vi.restoreAllMocks();
    });
    vi.spyOn(session, 'set').mockImplementation(async (items) => {
      if (Object.keys(items).some((key) => refusal.refuses(key))) throw quota;
      return set(items);
    });
    return refusal;
  }

  it('a background stopped while saves are refused: the next one says which counts were lost with it, and the mark goes with the next save', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const storage = refuseWrites();
    const first = newRecorder();
    await first.ready;
    for (let index = 0; index < 10; index += 1) finish(first, thumbnail, 500, headers.immichMissingFile());
    await first.flush();
    storage.refuses = (key) => key.startsWith('log:');
    for (let index = 0; index < 40; index += 1) finish(first, thumbnail, 500, headers.immichMissingFile());
    // Firefox's runtime.onSuspend: the flush is refused, and the page goes with its 40 counts.
    await first.flush();
    storage.refuses = () => false;
    const second = newRecorder();
    await second.ready;
    finish(second, thumbnail, 500, headers.immichMissingFile());
    await second.flush();
    expect(await storedLog()).toMatchObject({ total: 11, failed: 11, dropped: 0, failures: expect.toSatisfy((failures: unknown[]) => failures.length === 11) });
    expect(await noticeItem(ORIGIN).getValue()).toMatch(
      /^Saving this site's log failed from .+, and the browser stopped Immich Doctor's background before a save worked: the requests it recorded after .+ \(the last one saved\) were lost with it\. The counts are those saved before\.$/,
    );
    expect((await fakeBrowser.storage.session.get(`unsaved:${ORIGIN}`))[`unsaved:${ORIGIN}`]).toBeUndefined();
  });

  it('what a log lost stays at the start of the notices that follow; a notice storage refused is written by the next batch', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await fakeBrowser.storage.session.set({ [`log:${ORIGIN}`]: { schema: 99 } });
    const storage = refuseWrites();
    storage.refuses = (key) => key.startsWith('notice:');
    const store = sessionLogStore();
    const recorder = new Recorder({ store, loadWatched: async () => [ORIGIN], flushDelayMs: 5 });
    await recorder.ready;
    await recorder.flush();
    expect(await noticeItem(ORIGIN).getValue()).toBeNull();
    storage.refuses = () => false;
    finish(recorder, thumbnail, 500, headers.immichMissingFile());
    await recorder.flush();
    const lost = /^The stored log for \S+ .*, so it was reset on \S+\./;
    expect(await noticeItem(ORIGIN).getValue()).toMatch(lost);
    vi.spyOn(store, 'save').mockRejectedValueOnce(quota);
    finish(recorder, thumbnail, 500, headers.immichMissingFile());
    await recorder.flush();
    await vi.waitFor(async () => expect(await noticeItem(ORIGIN).getValue()).toMatch(/saved again at .*, counts complete/));
    expect(await noticeItem(ORIGIN).getValue()).toMatch(lost);
  });

  it('what a log lost is kept with it: the next background’s notices still start with it; a Reset clears the notice', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await fakeBrowser.storage.session.set({ [`log:${ORIGIN}`]: { origin: ORIGIN, total: -1 }, [`log:${ORIGIN}$`]: { v: 3 } });
    const first = newRecorder();
    await first.ready;
    await first.flush();
    const lost = /^The stored log for \S+ .*, so it was reset on \S+\./;
    expect(await noticeItem(ORIGIN).getValue()).toMatch(lost);
    // The worker stops and the next one starts; its first save is refused, the next one works.
    const store = sessionLogStore();
    vi.spyOn(store, 'save').mockRejectedValueOnce(quota);
    const second = new Recorder({ store, loadWatched: async () => [ORIGIN], flushDelayMs: 5 });
    await second.ready;
    finish(second, thumbnail, 500, headers.immichMissingFile());
    await second.flush();
    await vi.waitFor(async () => expect(await noticeItem(ORIGIN).getValue()).toMatch(/saved again at .*, counts complete/));
    expect(await noticeItem(ORIGIN).getValue()).toMatch(lost);
    await second.reset(ORIGIN);
    await second.flush();
    expect(await noticeItem(ORIGIN).getValue()).toBe('');
    expect(await fakeBrowser.storage.session.get(`log:${ORIGIN}`)).not.toHaveProperty([`log:${ORIGIN}`, 'lost']);
  });

  it('a refused save’s notice, refused too, does not replace the notice of the save that then worked', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const storage = refuseWrites();
    const recorder = newRecorder();
    await recorder.ready;
    storage.refuses = (key) => key.startsWith('log:') || key.startsWith('notice:');
    finish(recorder, thumbnail, 500, headers.immichMissingFile());
    await recorder.flush();
    storage.refuses = () => false;
    await vi.waitFor(async () => expect(await storedLog()).toMatchObject({ total: 1 }));
    await recorder.flush();
    expect(await noticeItem(ORIGIN).getValue()).toMatch(/^Saving this site's log failed 1 time\(s\) from .*; it was saved again at .*, counts complete\./);
  });

  it('a refused save still paints the badge, with the counts kept in memory', async () => {
    vi.useFakeTimers();
    onTestFinished(() => {
      vi.useRealTimers();
      vi.restoreAllMocks();
    });
    const store = sessionLogStore();
    const save = vi.spyOn(store, 'save');
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const summarized: number[] = [];
    const recorder = new Recorder({ store, loadWatched: async () => [ORIGIN], flushDelayMs: 500, onSummarized: ([summary]) => summarized.push(summary!.log.total) });
    await recorder.ready;
    finish(recorder, thumbnail, 500, headers.immichMissingFile());
    await recorder.flush();
    save.mockRejectedValue(quota);
    for (let index = 0; index < 3; index += 1) finish(recorder, thumbnail, 500, headers.immichMissingFile());
    await recorder.flush();
    // The stored log still says 1; the badge and a tab that navigates say 4, as the popup's notice explains.
    expect(await storedLog()).toMatchObject({ total: 1 });
    expect(summarized).toEqual([1, 4]);
    expect(recorder.currentSummary(ORIGIN)?.log.total).toBe(4);
  });

  it("a removed site's refused saves no longer space the batches of the others", async () => {
    vi.useFakeTimers();
    try {
      const SECOND = 'https://second.example';
      let watched = [ORIGIN, SECOND];
      const store = sessionLogStore();
      const save = vi.spyOn(store, 'save').mockImplementation(async (log) => {
        if (log.origin === ORIGIN) throw quota;
        return { summary: summarize(log), trimmed: 0 };
      });
      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      onTestFinished(() => logged.mockRestore());
      const recorder = new Recorder({ store, loadWatched: async () => watched, flushDelayMs: 500 });
      await recorder.ready;
      finish(recorder, thumbnail, 500, headers.immichMissingFile());
      await vi.advanceTimersByTimeAsync(600);
      expect(save).toHaveBeenCalledTimes(1);
      watched = [SECOND];
      await recorder.setWatched(watched);
      await vi.advanceTimersByTimeAsync(30_000);
      save.mockClear();
      // The second site's change is written after one flush delay, not after a retry's back-off.
      finish(recorder, thumbnail, 200, headers.immichImage(), { url: `${SECOND}${thumbnail}`, initiator: SECOND });
      await vi.advanceTimersByTimeAsync(500);
      expect(save.mock.calls.map(([log]) => log.origin)).toEqual([SECOND]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says once that failure records were dropped to fit the budget; the counts stay exact', async () => {
    const recorder = newRecorder();
    await recorder.ready;
    // ~1 kB records: 1,000 of them are over the 600 kB a site keeps.
    const long = `${thumbnail}&pad=${'x'.repeat(900)}`;
    for (let index = 0; index < 1000; index += 1) finish(recorder, long, 500, headers.immichMissingFile());
    await recorder.flush();
    const log = await storedLog();
    expect(log).toMatchObject({ total: 1000, failed: 1000 });
    expect(log!.failures.length).toBeLessThan(700);
    expect(log!.dropped).toBe(1000 - log!.failures.length);
    const trimmed = "This site's failure records are long: to stay within the browser's session storage (10 MB shared by every site), only the newest that fit in 600 kB are kept, fewer than the limit of 2000. The counts stay exact.";
    expect(await noticeItem(ORIGIN).getValue()).toBe(trimmed);
    // A Reset empties the notice; the fresh log's first trimmed save says it again.
    await recorder.reset(ORIGIN);
    await recorder.flush();
    expect(await noticeItem(ORIGIN).getValue()).toBe('');
    for (let index = 0; index < 1000; index += 1) finish(recorder, long, 500, headers.immichMissingFile());
    await recorder.flush();
    expect(await noticeItem(ORIGIN).getValue()).toBe(trimmed);
  });
});

describe('Recorder: batches while requests keep coming', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A recorder with the default flush delay (500 ms), on fake timers: its saves, and the summaries each batch gives the badge. */
  async function busyRecorder() {
    const store = sessionLogStore();
    const save = vi.spyOn(store, 'save');
    const summarized: number[] = [];
    const recorder = new Recorder({ store, loadWatched: async () => [ORIGIN], flushDelayMs: 500, onSummarized: ([summary]) => summarized.push(summary!.log.total) });
    await recorder.ready;
    return { recorder, save, summarized };
  }

  /** A slow page load: a request every 100 ms for `ms` (10 s by default). */
  async function slowLoad(recorder: Recorder, ms = 10_000) {
    for (let elapsed = 0; elapsed < ms; elapsed += 100) {
      finish(recorder, thumbnail, 500, headers.immichMissingFile());
      await vi.advanceTimersByTimeAsync(100);
    }
  }

  it('while nobody looks: a batch after one flush delay, then every ten; each paints the badge, and the logs are written once requests pause', async () => {
    const { recorder, save, summarized } = await busyRecorder();
    await slowLoad(recorder);
    // Batches at 0.5 s, then 5 s later: 5.5 (a batch every 500 ms would be 20), each with the counts so far.
    expect(summarized).toEqual([5, 55]);
    // The first one is written (nothing ever was); the second only summarized: the page still loads.
    expect(save).toHaveBeenCalledTimes(1);
    expect(await storedLog()).toMatchObject({ total: 5 });
    // The last request came at 9.9 s: the batch is due at 10.4 s, not 10.5, and writes everything.
    await vi.advanceTimersByTimeAsync(400);
    expect(summarized).toEqual([5, 55, 100]);
    expect(save).toHaveBeenCalledTimes(2);
    expect(await storedLog()).toMatchObject({ total: 100, failed: 100 });
    // After a quiet spell, the next change is summarized after one delay again, and written since requests paused.
    await vi.advanceTimersByTimeAsync(5000);
    finish(recorder, thumbnail, 200);
    await vi.advanceTimersByTimeAsync(500);
    expect(summarized).toEqual([5, 55, 100, 101]);
    expect(save).toHaveBeenCalledTimes(3);
    expect(recorder.currentSummary(ORIGIN)?.log.total).toBe(101);
  });

  it('while nobody looks and requests never pause: the logs are still written every 30 s, and the badge keeps its pace', async () => {
    const { recorder, save, summarized } = await busyRecorder();
    await slowLoad(recorder, 65_000);
    // Batches every 5 s: 0.5, 5.5, …, 60.5 s; written at 0.5 s (the first), then 30 s after each write.
    expect(summarized).toHaveLength(13);
    expect(save).toHaveBeenCalledTimes(3);
    // The write at 60.5 s holds the 605 requests made by then.
    expect(await storedLog()).toMatchObject({ total: 605 });
    // Nothing is lost to the batches that only summarized.
    await vi.advanceTimersByTimeAsync(500);
    expect(await storedLog()).toMatchObject({ total: 650, failed: 650 });
  });

  it('a system clock set back an hour delays the next batch by one gap at most, not by the hour', async () => {
    const { recorder, save, summarized } = await busyRecorder();
    await slowLoad(recorder, 2_000);
    vi.setSystemTime(Date.now() - 3_600_000);
    await slowLoad(recorder, 8_000);
    // At 0.5 s, then within 5 s of the clock's step (2.0-2.5 s), not an hour later.
    expect(summarized).toHaveLength(2);
    expect(summarized[1]).toBeLessThanOrEqual(75);
    await vi.advanceTimersByTimeAsync(500);
    expect(summarized).toHaveLength(3);
    expect(save).toHaveBeenCalledTimes(2);
    expect(await storedLog()).toMatchObject({ total: 100 });
  });

  it('a batch between writes leaves the navigating tab\'s badge its counts, not the last write\'s', async () => {
    const { recorder } = await busyRecorder();
    await slowLoad(recorder, 6_000);
    // Written at 0.5 s (5 requests), summarized at 5.5 s (55).
    expect(await storedLog()).toMatchObject({ total: 5 });
    expect(recorder.currentSummary(ORIGIN)?.log.total).toBe(55);
  });

  it('a flush writes what a batch only summarized (Reset, Test again, a popup whose stored summary is unreadable)', async () => {
    const { recorder, save } = await busyRecorder();
    await slowLoad(recorder, 6_000);
    expect(save).toHaveBeenCalledTimes(1);
    await recorder.flush();
    expect(save).toHaveBeenCalledTimes(2);
    expect(await storedLog()).toMatchObject({ total: 60, failed: 60 });
  });

  it('a popup opening after a batch that only summarized has the counts as they are written at once', async () => {
    const { recorder } = await busyRecorder();
    await slowLoad(recorder, 6_000);
    expect(await storedLog()).toMatchObject({ total: 5 });
    recorder.viewerOpened();
    await vi.advanceTimersByTimeAsync(0);
    expect(await storedLog()).toMatchObject({ total: 60, failed: 60 });
  });

  it('summarizes only the logs that changed, writes the others it only summarized once requests pause, then sets no timer', async () => {
    const SECOND = 'https://second.example';
    const store = sessionLogStore();
    const save = vi.spyOn(store, 'save');
    const batches: string[][] = [];
    const recorder = new Recorder({ store, loadWatched: async () => [ORIGIN, SECOND], flushDelayMs: 500, onSummarized: (summaries) => batches.push(summaries.map(({ log }) => log.origin).sort()) });
    await recorder.ready;
    await slowLoad(recorder, 1_000);
    // The first batch (0.5 s) writes. Then the second site gets one request while the first keeps loading.
    finish(recorder, thumbnail, 200, headers.immichImage(), { url: `${SECOND}${thumbnail}`, initiator: SECOND });
    await slowLoad(recorder, 10_000);
    // At 5.5 s both changed; at 10.5 s only the first: the second is not diagnosed again.
    expect(batches).toEqual([[ORIGIN], [ORIGIN, SECOND].sort(), [ORIGIN]]);
    expect(save).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(400);
    // The pause: both written, the second from the batch that only summarized it.
    expect(save.mock.calls.slice(1).map(([log]) => log.origin).sort()).toEqual([ORIGIN, SECOND].sort());
    expect(await storedLog(SECOND)).toMatchObject({ total: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('while a popup is open: what waits is written when it opens, then a batch every four delays', async () => {
    const { recorder, save, summarized } = await busyRecorder();
    finish(recorder, thumbnail, 500, headers.immichMissingFile());
    const closed = recorder.viewerOpened();
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledTimes(1);
    expect(await storedLog()).toMatchObject({ total: 1 });
    await slowLoad(recorder);
    // Every 2 s from the write at the opening: 2, 4, 6, 8 and 10 s.
    expect(save).toHaveBeenCalledTimes(6);
    closed();
    // Closed twice (the port and the page both said so) counts once: batches are 5 s apart again,
    // and the page still loading, they only summarize…
    closed();
    await vi.advanceTimersByTimeAsync(500);
    save.mockClear();
    summarized.length = 0;
    await slowLoad(recorder);
    expect(summarized).toHaveLength(2);
    expect(save).not.toHaveBeenCalled();
    // …and one popup opening again brings them back to 2 s (a count gone below zero would not).
    await vi.advanceTimersByTimeAsync(500);
    recorder.viewerOpened();
    save.mockClear();
    await slowLoad(recorder);
    expect(save.mock.calls.length).toBeGreaterThanOrEqual(5);
  });
});
