import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Recorder } from '../../../utils/capture/recorder';
import type { WebRequestEvent } from '../../../utils/capture/web-request-event';
import { counterCells, failedIn, type RequestLog } from '../../../utils/log/request-log';
import { sessionLogStore } from '../../../utils/state/log-store';
import { assembleStoredLog, listedPages } from '../../../utils/state/site-state';
import { readSummary } from '../../../utils/state/summary';
import { ASSET, headers } from '../../fixtures/responses';
import { completeRequest } from '../../fixtures/web-request';
import { fuzz, TEST_TIMEOUT } from './settings';

/**
 * A model of the background's promise: no count is ever lost or counted twice. The model counts each
 * request of a watched origin when its end arrives (events apply in arrival order), and knows what
 * storage may hold: the counts last known written, or any state the log went through since. Checked
 * after every command: the log in memory has the model's counts; storage holds one of those states,
 * never going back; after a write the product promises (a flush, a viewer opening, a quiet spell
 * longer than any batch delay, each with storage accepting), exactly the counts in memory. A worker
 * restart keeps what storage holds and loses only what was in memory (`storage.session` outlives the
 * worker; its memory does not).
 */

const ORIGINS = ['https://photos.example.com', 'http://127.0.0.1:2283', 'https://second.example'];
/** Never watched: its requests are counted nowhere. */
const NOT_WATCHED = 'https://other.example';
const START = Date.UTC(2026, 0, 1, 12);
/** Longer than any wait for a batch: the longest retry back-off (30 s), a busy gap (5 s) and a flush delay. */
const BEYOND_BATCH_DELAYS_MS = 36_000;
const quota = new Error('Session storage quota bytes exceeded. Values were not stored.');

type Ending = 'completed' | 'connection-reset' | 'aborted' | 'redirect';
/** A request's answer (a redirect's is its 302) and how its end is reported. */
interface Answer {
  origin: string;
  status: 200 | 404 | 500;
  ending: Ending;
}

interface Counts {
  total: number;
  failed: number;
}
const NONE: Counts = { total: 0, failed: 0 };

interface Site {
  counts: Counts;
  /** What storage may hold: the counts last known written, then every state of the log since, in order. */
  storable: Counts[];
}

interface OpenRequest {
  details: WebRequestEvent;
  answer: Answer;
  /** Whether the worker that will see its end saw its headers (a restart forgets them). */
  headersSeen: boolean;
}

interface Model {
  /** The watched origins (the stored list) and what is counted for each. */
  sites: Map<string, Site>;
  /** Requests whose headers arrived and whose end has not. */
  open: OpenRequest[];
  refusing: boolean;
  /** Viewers opened on the current worker (each may be closed any number of times). */
  viewers: number;
  recordLimit: number;
}

interface Real {
  recorder: Recorder;
  closeViewer: Array<() => void>;
}

/**
 * Whether storage refuses writes now: every `storage.session.set` rejects, as when its quota is full
 * (a removal frees room, so it is never refused).
 */
let refusing = false;
/** console.error calls the product does not make for a refused write: an event lost, a write that threw. */
let unexpectedErrors: string[] = [];
let nextRequestId = 0;

function newRecorder(model: Model): Recorder {
  return new Recorder({ store: sessionLogStore(), loadWatched: async () => [...model.sites.keys()], loadRecordLimit: async () => model.recordLimit });
}

function details({ origin }: Answer): WebRequestEvent {
  nextRequestId += 1;
  return { requestId: `r${nextRequestId}`, url: `${origin}/api/assets/${ASSET}/thumbnail?size=fullsize`, method: 'GET', type: 'image', timeStamp: Date.now(), tabId: 3, initiator: origin };
}

function receiveHeaders(recorder: Recorder, base: WebRequestEvent, { status, ending }: Answer): void {
  if (ending === 'redirect') recorder.onHeadersReceived({ ...base, statusCode: 302, responseHeaders: headers.immichJson() });
  else recorder.onHeadersReceived({ ...base, statusCode: status, responseHeaders: status === 200 ? headers.immichImage() : headers.immichMissingFile() });
}

/** A request's end as the browser reports it: no headers; a completion or redirect with its status, an error without. */
function receiveEnd(recorder: Recorder, base: WebRequestEvent, { origin, status, ending }: Answer): void {
  if (ending === 'completed') recorder.onCompleted({ ...base, statusCode: status });
  if (ending === 'redirect') recorder.onBeforeRedirect({ ...base, statusCode: 302, redirectUrl: `${origin}/api/assets/${ASSET}/original` });
  if (ending === 'connection-reset') recorder.onErrorOccurred({ ...base, error: 'net::ERR_CONNECTION_RESET' });
  if (ending === 'aborted') recorder.onErrorOccurred({ ...base, error: 'net::ERR_ABORTED' });
}

function receiveRequest(recorder: Recorder, answer: Answer): void {
  const base = details(answer);
  if (answer.ending === 'completed') {
    completeRequest(recorder, { ...base, statusCode: answer.status, responseHeaders: answer.status === 200 ? headers.immichImage() : headers.immichMissingFile() });
    return;
  }
  receiveHeaders(recorder, base, answer);
  receiveEnd(recorder, base, answer);
}

/**
 * Whether the request counts as failed: an error status is the fact, whichever way the request ended,
 * if the worker saw it; an abort without one is the page's choice; a reset connection always fails.
 */
function failed({ status, ending }: Answer, headersSeen: boolean): boolean {
  if (ending === 'redirect') return false;
  if (ending === 'connection-reset') return true;
  if (ending === 'aborted') return headersSeen && status >= 400;
  return status >= 400;
}

/** A request ended: its origin's log counts it if the origin is watched now. */
function countEnd(model: Model, answer: Answer, headersSeen: boolean): void {
  const site = model.sites.get(answer.origin);
  if (!site) return;
  site.counts = { total: site.counts.total + 1, failed: site.counts.failed + Number(failed(answer, headersSeen)) };
  site.storable.push(site.counts);
}

const countsOf = (log: RequestLog | undefined): Counts => (log ? { total: log.total, failed: log.failed } : NONE);

/** What a log's counts must agree on, in memory and stored alike. */
function logFaults(log: RequestLog): string[] {
  const cells = counterCells(log.counters);
  const faults: string[] = [];
  const counted = cells.reduce((sum, cell) => sum + cell.count, 0);
  if (counted !== log.total) faults.push(`counters sum to ${counted}, total is ${log.total}`);
  if (failedIn(cells) !== log.failed) faults.push(`failed cells sum to ${failedIn(cells)}, failed is ${log.failed}`);
  if (log.failures.length + log.dropped !== log.failed) faults.push(`${log.failures.length} records + ${log.dropped} dropped, failed is ${log.failed}`);
  if (log.failures.length > log.limit) faults.push(`${log.failures.length} records over a limit of ${log.limit}`);
  return faults;
}

/**
 * The log storage holds for an origin, read straight from `storage.session` (head and pages, as a
 * restarted worker assembles them) without defining WXT items, which could migrate what they read.
 */
async function storedLog(origin: string): Promise<RequestLog | undefined> {
  const head: unknown = (await fakeBrowser.storage.session.get(`log:${origin}`))[`log:${origin}`];
  if (head === undefined) return undefined;
  const keys = listedPages(head).map((id) => `failures:${origin}#${id}`);
  const pages = await fakeBrowser.storage.session.get(keys);
  const { log, notice } = assembleStoredLog(head, keys.map((key) => pages[key]), origin, Date.now());
  expect(notice, `the stored log of ${origin} reads back whole`).toBeUndefined();
  return log;
}

/** Every `storage.session` key of an origin's state: its items, their versions, its pages. */
async function storedKeysOf(origin: string): Promise<string[]> {
  const keys = Object.keys(await fakeBrowser.storage.session.get(null));
  return keys.filter((key) => key.slice(key.indexOf(':') + 1).replace(/(?:\$|#\d+)$/, '') === origin);
}

async function storedSummaryCounts(origin: string): Promise<Counts | undefined> {
  const text: unknown = (await fakeBrowser.storage.session.get(`summary:${origin}`))[`summary:${origin}`];
  if (text === undefined) return undefined;
  const summary = readSummary(text, origin);
  expect(summary, `the stored summary of ${origin} reads back`).toBeDefined();
  return countsOf(summary!.log);
}

/**
 * After a command and what it set going has settled. `written`: the product promises that storage
 * now holds every count (a flush, a viewer opening, a quiet spell, each with storage accepting).
 */
async function checkInvariants(model: Model, real: Real, written: boolean): Promise<void> {
  for (const origin of [...ORIGINS, NOT_WATCHED]) {
    const site = model.sites.get(origin);
    const log = real.recorder.logOf(origin);
    const stored = await storedLog(origin);
    if (!site) {
      expect(log, `${origin} is not watched: no log in memory`).toBeUndefined();
      expect(await storedKeysOf(origin), `${origin} is not watched: nothing stored`).toEqual([]);
      continue;
    }
    expect(log, `${origin} is watched: its log`).toBeDefined();
    expect(countsOf(log), `the counts of ${origin} in memory`).toEqual(site.counts);
    expect(logFaults(log!), `the log of ${origin} in memory`).toEqual([]);
    expect(log!.limit).toBe(model.recordLimit);
    if (stored) expect(logFaults(stored), `the log of ${origin} stored`).toEqual([]);
    const storedCounts = countsOf(stored);
    if (stored) expect(await storedSummaryCounts(origin), `the summary of ${origin} says what its log says`).toEqual(storedCounts);
    if (written) {
      expect(storedCounts, `the counts of ${origin} stored, after a write that must have happened`).toEqual(site.counts);
      site.storable = [site.counts];
    } else {
      // One of the states the log went through since the last write, and never an older one than before.
      const at = site.storable.findIndex((counts) => counts.total === storedCounts.total && counts.failed === storedCounts.failed);
      expect(at, `the counts of ${origin} stored (${JSON.stringify(storedCounts)}) were once in memory: ${JSON.stringify(site.storable)}`).toBeGreaterThanOrEqual(0);
      site.storable = site.storable.slice(at);
    }
  }
  expect(unexpectedErrors).toEqual([]);
}

const settle = () => vi.advanceTimersByTimeAsync(0);

type Command = fc.AsyncCommand<Model, Real>;

class ReceiveRequests implements Command {
  constructor(
    readonly answer: Answer,
    readonly count: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    for (let index = 0; index < this.count; index += 1) {
      receiveRequest(real.recorder, this.answer);
      countEnd(model, this.answer, true);
    }
    await settle();
    await checkInvariants(model, real, false);
  }
  toString = () => `requests(${JSON.stringify(this.answer)} ×${this.count})`;
}

/** A request's headers, its end to come later, after other commands (other requests' events among them). */
class ReceiveHeaders implements Command {
  constructor(readonly answer: Answer) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const base = details(this.answer);
    receiveHeaders(real.recorder, base, this.answer);
    model.open.push({ details: base, answer: this.answer, headersSeen: true });
    await settle();
    await checkInvariants(model, real, false);
  }
  toString = () => `headers(${JSON.stringify(this.answer)})`;
}

class ReceiveEnd implements Command {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>) => model.open.length > 0;
  async run(model: Model, real: Real) {
    const [request] = model.open.splice(this.pick % model.open.length, 1);
    receiveEnd(real.recorder, request!.details, request!.answer);
    countEnd(model, request!.answer, request!.headersSeen);
    await settle();
    await checkInvariants(model, real, false);
  }
  toString = () => `end(open request #${this.pick})`;
}

/**
 * The stored list of watched origins changes, once or several times in a row: the background follows
 * each change as it comes (entrypoints/background.ts), with no time between them, awaiting each, or
 * not (`concurrent`: its storage watcher and Watch's own call are not ordered).
 */
class SetWatched implements Command {
  constructor(
    readonly lists: string[][],
    readonly concurrent: boolean,
  ) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const following: Array<Promise<void>> = [];
    for (const origins of this.lists) {
      // A site watched again starts afresh: its data went when it was removed (docs/log-format.md).
      model.sites = new Map(origins.map((origin) => [origin, model.sites.get(origin) ?? { counts: NONE, storable: [NONE] }]));
      const change = real.recorder.setWatched([...origins]);
      if (this.concurrent) following.push(change);
      else await change;
    }
    await Promise.all(following);
    await settle();
    await checkInvariants(model, real, false);
  }
  toString = () => this.lists.map((origins) => `setWatched(${JSON.stringify(origins)})`).join(this.concurrent ? ' and at once ' : ', then ');
}

class Reset implements Command {
  constructor(readonly origin: string) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const site = model.sites.get(this.origin);
    if (site) {
      site.counts = NONE;
      site.storable.push(NONE);
    }
    await real.recorder.reset(this.origin);
    await settle();
    await checkInvariants(model, real, false);
  }
  toString = () => `reset(${this.origin})`;
}

class Flush implements Command {
  check = () => true;
  async run(model: Model, real: Real) {
    await real.recorder.flush();
    await settle();
    await checkInvariants(model, real, !model.refusing);
  }
  toString = () => 'flush()';
}

class OpenViewer implements Command {
  check = () => true;
  async run(model: Model, real: Real) {
    real.closeViewer.push(real.recorder.viewerOpened());
    model.viewers += 1;
    await settle();
    await checkInvariants(model, real, !model.refusing);
  }
  toString = () => 'viewerOpened()';
}

/** Closes a viewer; one already closed is closed again (the port and the page both say so). */
class CloseViewer implements Command {
  constructor(readonly pick: number) {}
  check = (model: Readonly<Model>) => model.viewers > 0;
  async run(model: Model, real: Real) {
    real.closeViewer[this.pick % real.closeViewer.length]!();
    await settle();
    await checkInvariants(model, real, false);
  }
  toString = () => `closeViewer(#${this.pick})`;
}

class SetRecordLimit implements Command {
  constructor(readonly limit: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    model.recordLimit = this.limit;
    await real.recorder.setRecordLimit(this.limit);
    await settle();
    await checkInvariants(model, real, false);
  }
  toString = () => `setRecordLimit(${this.limit})`;
}

class AdvanceTime implements Command {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    await vi.advanceTimersByTimeAsync(this.ms);
    await checkInvariants(model, real, !model.refusing && this.ms >= BEYOND_BATCH_DELAYS_MS);
  }
  toString = () => `advanceTime(${this.ms})`;
}

/** The system clock set back; timers keep their pace (the recorder follows it: `followClockBack`). */
class SetClockBack implements Command {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    vi.setSystemTime(Date.now() - this.ms);
    await settle();
    await checkInvariants(model, real, false);
  }
  toString = () => `setClockBack(${this.ms})`;
}

class StorageRefuses implements Command {
  constructor(readonly refuses: boolean) {}
  check = () => true;
  async run(model: Model, real: Real) {
    model.refusing = refusing = this.refuses;
    await settle();
    await checkInvariants(model, real, false);
  }
  toString = () => (this.refuses ? 'storageRefuses()' : 'storageAccepts()');
}

/**
 * The browser stops the worker and a request wakes a new one, which reads the stored state while that
 * request's events wait. Storage keeps what was written; the worker's memory (counts not yet written,
 * headers of requests still open, viewers' ports, timers) is gone.
 */
class RestartWorker implements Command {
  constructor(readonly wokenBy: Answer) {}
  check = () => true;
  async run(model: Model, real: Real) {
    // The old worker's pending batch dies with it: it must not write later, as no stopped worker does.
    vi.clearAllTimers();
    for (const [origin, site] of model.sites) {
      const stored = countsOf(await storedLog(origin));
      expect(site.storable, `the counts of ${origin} stored were once in memory`).toContainEqual(stored);
      model.sites.set(origin, { counts: stored, storable: [stored] });
    }
    for (const request of model.open) request.headersSeen = false;
    model.viewers = 0;
    real.closeViewer = [];
    real.recorder = newRecorder(model);
    receiveRequest(real.recorder, this.wokenBy);
    countEnd(model, this.wokenBy, true);
    await real.recorder.ready;
    await settle();
    await checkInvariants(model, real, false);
  }
  toString = () => `restartWorker(wokenBy ${JSON.stringify(this.wokenBy)})`;
}

const answer = fc.record<Answer>({
  origin: fc.constantFrom(...ORIGINS, NOT_WATCHED),
  status: fc.constantFrom(200, 404, 500),
  ending: fc.constantFrom<Ending>('completed', 'connection-reset', 'aborted', 'redirect'),
});

/** Requests and their ends weigh most: they are what is counted; the other operations move it around. */
const command = fc.oneof(
  // More than MAX_INCOMING (64) at once now and then: the recorder applies them before the batch.
  { weight: 4, arbitrary: fc.tuple(answer, fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: 60, max: 70 }) })).map(([request, count]) => new ReceiveRequests(request, count)) },
  { weight: 3, arbitrary: answer.map((request) => new ReceiveHeaders(request)) },
  { weight: 3, arbitrary: fc.nat().map((pick) => new ReceiveEnd(pick)) },
  // Several changes in a row now and then: a site removed and watched again at once (the cases below).
  { weight: 1, arbitrary: fc.tuple(fc.array(fc.subarray(ORIGINS), { minLength: 1, maxLength: 3 }), fc.boolean()).map(([lists, concurrent]) => new SetWatched(lists, concurrent)) },
  { weight: 1, arbitrary: fc.constantFrom(...ORIGINS).map((origin) => new Reset(origin)) },
  { weight: 1, arbitrary: fc.constant(new Flush()) },
  { weight: 1, arbitrary: fc.constant(new OpenViewer()) },
  { weight: 1, arbitrary: fc.nat().map((pick) => new CloseViewer(pick)) },
  { weight: 1, arbitrary: fc.constantFrom(1, 3, 2000).map((limit) => new SetRecordLimit(limit)) },
  { weight: 2, arbitrary: fc.constantFrom(100, 499, 500, 2_000, 5_000, BEYOND_BATCH_DELAYS_MS, 61_000).map((ms) => new AdvanceTime(ms)) },
  { weight: 1, arbitrary: fc.constantFrom(1_000, 3_600_000).map((ms) => new SetClockBack(ms)) },
  { weight: 2, arbitrary: fc.boolean().map((refuses) => new StorageRefuses(refuses)) },
  { weight: 2, arbitrary: answer.map((request) => new RestartWorker(request)) },
);
const commands = fc.commands([command], { maxCommands: 40, size: 'max' });

/** Runs commands against a recorder that starts watching the first origin, on fresh storage at START. */
async function runModel(list: Iterable<Command>): Promise<void> {
  fakeBrowser.reset();
  // The spies on storage keep every call's arguments, every log written among them: kept across the
  // runs of the property, 0.33 MB a run (measured) filled the 4 GB heap after about 12,000, in a
  // `FUZZ_RUNS=20000` run (40,000 of this property).
  vi.clearAllMocks();
  vi.clearAllTimers();
  vi.setSystemTime(START);
  refusing = false;
  unexpectedErrors = [];
  const model: Model = { sites: new Map([[ORIGINS[0]!, { counts: NONE, storable: [NONE] }]]), open: [], refusing: false, viewers: 0, recordLimit: 2000 };
  const recorder = newRecorder(model);
  await recorder.ready;
  await fc.asyncModelRun(() => ({ model, real: { recorder, closeViewer: [] } }), list);
}

describe('fuzz: the recorder, against a model of its counts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    const session = fakeBrowser.storage.session;
    const [get, set] = [session.get.bind(session), session.set.bind(session)];
    // The browser gives copies of what it stores; the fake gives the stored objects themselves, which a
    // loaded log then counts into (its counters), changing "storage" behind the recorder's back.
    vi.spyOn(session, 'get').mockImplementation(async (keys?: unknown) => structuredClone(await get(keys as string[])));
    vi.spyOn(session, 'set').mockImplementation(async (items) => {
      if (refusing) throw quota;
      await set(items);
    });
    vi.spyOn(console, 'error').mockImplementation((message: unknown) => {
      // What a refused write logs; anything else (an event that threw, a failed migration) is a fault.
      if (!/^Immich Doctor: (?:saving (?:the log of \S+|a notice)|marking the log of \S+ unsaved|removing the unsaved mark of \S+) failed$/.test(String(message))) unexpectedErrors.push(String(message));
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it(
    'no count is ever lost or counted twice, in memory, in storage and across a worker restart',
    async () => {
      await fc.assert(fc.asyncProperty(commands, runModel), fuzz(2));
    },
    TEST_TIMEOUT,
  );

  const O = ORIGINS[0]!;
  const success: Answer = { origin: O, status: 200, ending: 'completed' };

  // What the model found, kept as cases. A site's first write of its log refused (no failure records:
  // the head is the first write) made WXT's item skip its version from then on (`needsVersionSet` is
  // cleared before the write that fails), so the next writes stored the head without `log:<origin>$`;
  // a restarted worker read it as version 1, and the migration to 2 reset it ("written by another
  // version (schema undefined…"). Now the next save writes the versions (utils/state/log-store.ts).
  it('a log written after its first write was refused survives the next worker', async () => {
    await runModel([new ReceiveRequests(success, 1), new StorageRefuses(true), new Flush(), new StorageRefuses(false), new Flush(), new RestartWorker(success)]);
  });

  // The same with the notice a refused save leaves: its first write refused too, later ones stored it
  // without its version, and the next worker's migration of it, refused while storage still was, failed.
  it("a refused save's notice, written later, is read back by the next worker as it was written", async () => {
    await runModel([new StorageRefuses(true), new ReceiveRequests(success, 1), new Flush(), new StorageRefuses(false), new OpenViewer(), new StorageRefuses(true), new RestartWorker(success)]);
  });

  // Removing a site queues the removal of its stored state behind the writes (`enqueueWrite`), and
  // `setWatched` resolves before it runs; watching the site again read its stored log at once, so the
  // old counts came back into memory while storage was emptied. Now the read waits for the queued
  // writes (`applyWatched` in utils/capture/recorder.ts).
  it('a site removed and watched again at once starts afresh', async () => {
    await runModel([new ReceiveRequests(success, 2), new Flush(), new SetWatched([[], [O]], false)]);
  });

  // The background's storage watcher and Watch's own call are not ordered: a site watched and, at
  // once, removed again kept the log its first call read, and watched later, counted on from it.
  it('a site watched and at once removed again keeps no log', async () => {
    await runModel([new ReceiveRequests(success, 2), new Flush(), new SetWatched([[O, ORIGINS[1]!], []], true), new SetWatched([[ORIGINS[1]!]], false)]);
  });
});
