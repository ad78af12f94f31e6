import type { RequestFacts, RawRequest } from '../classify/classify-request';
import type { HeaderList } from '../classify/headers';
import { createLog, DEFAULT_RECORD_LIMIT, keepRecentRaw, recordRaw, RECENT_LIMIT, setRecordLimit, type RequestLog } from '../log/request-log';
import { isExtensionUrl, mixedContentPage, originOf } from '../origins/origin';
import { errorMessage } from '../error-message';
import { clockTime } from '../time';
import { FAILURE_TEXT_BUDGET } from '../state/failure-pages';
import type { LogStore, SaveResult } from '../state/log-store';
import { summarize } from '../state/summarize';
import type { LogSummary } from '../state/summary';
import type { WebRequestEvent } from './web-request-event';

export interface RecorderOptions {
  store: LogStore;
  /** The watched origins at start-up. */
  loadWatched: () => Promise<string[]>;
  /** How many failure records each log keeps, at start-up. */
  loadRecordLimit?: () => Promise<number>;
  /**
   * Called after each batch with the summaries of the logs it wrote (or tried to: storage refused, the
   * log as kept in memory), or in a batch that does not write (`writeDue`) of the logs that changed
   * since the last batch: what the badge shows.
   */
  onSummarized?: (summaries: LogSummary[]) => void;
  now?: () => number;
  /** Delay between the first change and its batch. */
  flushDelayMs?: number;
}

interface PendingResponse {
  statusCode?: number;
  responseHeaders?: HeaderList;
  /** Already recorded (a WebSocket handshake); its later completion or error must not count twice. */
  recorded?: boolean;
}

/** What a request whose headers were not kept has waiting for its end: nothing (shared, not made per request). */
const NO_PENDING: Readonly<PendingResponse> = Object.freeze({});

/** What a reset puts among the waiting events in place of one (`reset`): its own apply reads nothing of it. */
const RESET_MARK: Readonly<WebRequestEvent> = Object.freeze({ requestId: '', url: '', method: '', type: '', timeStamp: 0, tabId: -1 });

/** Requests whose headers arrived but which have not finished; bounded so long-lived sockets cannot pile up. */
const MAX_PENDING = 5000;

/**
 * Once the stored state is read, at most this many received events wait to be applied (`receive`).
 * Few: an event's details (response headers included) held until the batch outlive the worker's
 * young-generation collections and are promoted, and collecting them there cost more than applying
 * them in smaller groups. Measured in the page-load bench's worker profile (`PAGE_LOAD_PROFILE=1`,
 * 5 loads each): garbage collection took a median 111 ms per load (46-148) with up to 1,000 waiting
 * events (a closure each), 69 ms (62-111) with 64 in `receive`'s flat lists; the floor's, 10 and 14 ms
 * in the same runs.
 */
const MAX_INCOMING = 64;

/**
 * How the recorder applies one kind of webRequest event (`receive`), given the watched origin its URL
 * starts with when it was received (`watchedPrefixOf`), if any.
 */
type ApplyEvent = (this: Recorder, event: WebRequestEvent, watchedPrefix: string | undefined) => void;

/** What a waiting event of a site no longer watched becomes (`dropWaitingOf`). */
const dropEvent: ApplyEvent = () => undefined;

/**
 * While requests keep coming, a batch comes at least every this many flush delays: 2 s by default
 * while a popup or the options page is open (someone reads the counts as they grow), 5 s otherwise
 * (only the badge shows them). Each batch diagnoses the changed logs, and writes them when
 * `UNVIEWED_WRITE_DELAYS` says; batches were the larger half of what watching cost a slow page load
 * (the page-load bench, docs/testing.md).
 */
const BUSY_BATCH_DELAYS = { viewed: 4, unviewed: 10 };

/**
 * While requests keep coming and no popup or options page is open, a batch only diagnoses the changed
 * logs and paints the badge; it writes them to storage once requests pause, or once this many flush
 * delays (30 s) passed since the last write. Nobody reads the stored copy meanwhile: a popup or options
 * page that opens has everything written at once (`viewerOpened`), and the background's own actions
 * read the logs in memory or write them first. Fewer writes is less work whatever the bench resolves:
 * side by side with a paused copy (the page-load bench's arm, 12 rounds each, the same hour), the
 * worker threads' CPU per failed request went from 0.150 ms with a write at every batch to 0.100 ms,
 * but later runs of this code read 0.113-0.150 ms (docs/testing.md).
 */
const UNVIEWED_WRITE_DELAYS = 60;

/**
 * The longest wait between two attempts to save a log that storage refused. Under Chrome's 30 s: an
 * extension API call resets the time its worker may stay idle ("Receiving an event or calling an
 * extension API resets this timer", https://developer.chrome.com/docs/extensions/develop/concepts/
 * service-workers/lifecycle), so while saves are refused each attempt keeps the worker, and the counts
 * it holds, alive. At 30 s the worker could stop just before the attempt.
 */
const MAX_RETRY_DELAY_MS = 20_000;
/** The smallest byte budget a refused save shrinks a site's failure records to. */
const MIN_FAILURE_BUDGET = 32 * 1024;

/** A site whose log storage refused to save: since when, how often, why. */
interface FailingSave {
  since: number;
  attempts: number;
  error: string;
}

const SLASH = '/'.charCodeAt(0);

/**
 * The background's memory: one log per watched origin, fed by webRequest events, persisted in batches.
 *
 * - Events are taken as they come and applied in groups, every MAX_INCOMING events and at each batch
 *   (`receive`); while a woken worker is still reading its stored state, they wait for it.
 * - Writes are chained one after another: concurrent read-modify-write on `storage.session` loses
 *   events (measured), so the log lives here and storage only receives snapshots.
 */
export class Recorder {
  readonly ready: Promise<void>;
  private readonly logs = new Map<string, RequestLog>();
  private watched = new Set<string>();
  private readonly pending = new Map<string, PendingResponse>();
  /** The webRequest events received and not yet applied to the logs, in arrival order (`receive`)… */
  private incomingEvents: WebRequestEvent[] = [];
  /** …at the same index, how each is applied… */
  private incomingApply: ApplyEvent[] = [];
  /** …and the watched origin its URL starts with, found when it was received (`receive`). */
  private incomingPrefixes: Array<string | undefined> = [];
  /** Whether the stored state is read: events are applied to the logs only then… */
  private hydrated = false;
  /**
   * …and not while the stored log of a site just watched is being read (`applyWatched`): its requests,
   * counted by the new list, would find no log yet and be lost (seen in CI: Watch again reloads the
   * site's tab at once, and a batch came meanwhile).
   */
  private logsBeingRead = 0;
  /** Sites whose log changed since the last batch. */
  private readonly dirty = new Set<string>();
  /** Sites whose log a batch summarized without writing it (`writeDue`): the next batch that writes, writes them. */
  private readonly unwritten = new Set<string>();
  /**
   * The latest requests of each origin, made into records only at a batch: the popup's unfiltered list
   * costs nothing on the per-request path.
   */
  private readonly recentFacts = new Map<string, Array<[RequestFacts, RawRequest]>>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private writes: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private recordLimit = DEFAULT_RECORD_LIMIT;
  private readonly flushDelayMs: number;
  private readonly failing = new Map<string, FailingSave>();
  /**
   * When the last batch started, for the spacing of batches while requests keep coming. This and the
   * two below are read from the system clock (`now`), and moved back with it when it is set back
   * (`followClockBack`), or batches would wait for as long as it was.
   */
  private lastBatchAt = Number.NEGATIVE_INFINITY;
  /** When the last batch that wrote to storage started (`writeDue`). */
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  /** When the last webRequest event was received: a batch is due once requests pause for a flush delay. */
  private lastEventAt = Number.NEGATIVE_INFINITY;
  /** Popups and options pages open now (`viewerOpened`). */
  private viewers = 0;
  /** Each site's byte budget for failure records, halved at each refused save (storage is shared by every site). */
  private readonly budgets = new Map<string, number>();
  /**
   * How many times each site was removed from the watched list: a read of its stored log started before
   * a removal is not kept after it (`applyWatched`).
   */
  private readonly removals = new Map<string, number>();
  /** Sites whose notice already says that records were dropped to fit the budget. */
  private readonly trimNoticed = new Set<string>();
  /**
   * What each site's log lost, as the notices said when it was read (a corrupt log reset, unreadable
   * records, counts unsaved when a background stopped), stored with the log (`StoredLogHead.lost`): it
   * stays at the start of every later notice of that log, in this background and the next ones. A later
   * notice replaced it, and "the counts stay exact" was all the popup said of a log whose counts had
   * been lost (found by a review). Cleared by a reset.
   */
  private readonly lossNotices = new Map<string, string>();
  /** Notices storage refused, by site: written again by the next batch that writes. */
  private readonly unwrittenNotices = new Map<string, string>();
  /** The summary of each site's last batch, written or not, for the badge of a tab that navigates (`currentSummary`). */
  private readonly lastSummary = new Map<string, LogSummary>();
  /** Each site's Immich version, as its last Run checks that found one found it (`setServerVersion`): its summaries' steps are that version's. */
  private readonly serverVersions = new Map<string, string>();
  /** Sites whose version changed before their log was read (a woken worker): summarized again once it is. */
  private readonly versionChangedUnread = new Set<string>();

  constructor(private readonly options: RecorderOptions) {
    this.now = options.now ?? Date.now;
    this.flushDelayMs = options.flushDelayMs ?? 500;
    this.ready = this.hydrate();
  }

  private async hydrate(): Promise<void> {
    try {
      this.recordLimit = (await this.options.loadRecordLimit?.()) ?? DEFAULT_RECORD_LIMIT;
      await this.applyWatched(await this.options.loadWatched());
    } finally {
      this.hydrated = true;
      this.applyIncoming();
    }
  }

  /**
   * Takes one webRequest event, to be applied with the others at the next batch, or once MAX_INCOMING
   * are waiting. Why not at once: the same events cost several times less CPU applied together than
   * each in its own listener call (measured in Chromium's extension worker, the 2,009 requests of one
   * page load: 43-45 ms in one pass against 280-430 ms one by one; docs/testing.md, "Where Immich
   * Doctor's CPU goes"). Events that arrive while a woken worker is still reading its stored state wait
   * the same way, so a restarted worker neither loses them nor overwrites the stored log with an empty
   * one. Kept as flat lists, not a closure per event: this runs once per event of every page.
   */
  private receive(event: WebRequestEvent, apply: ApplyEvent): void {
    const prefix = this.watchedPrefixOf(event.url);
    // Only a watched site's requests keep its batch waiting for a pause; others are dropped when applied.
    if (prefix) this.lastEventAt = this.now();
    this.enqueue(event, apply, prefix);
    this.scheduleFlush();
  }

  /** Adds an event to those waiting (`receive`), without asking for a batch. */
  private enqueue(event: WebRequestEvent, apply: ApplyEvent, watchedPrefix: string | undefined): void {
    this.incomingEvents.push(event);
    this.incomingApply.push(apply);
    this.incomingPrefixes.push(watchedPrefix);
    if (this.incomingEvents.length >= MAX_INCOMING) this.applyIncoming();
  }

  /** Applies the events received so far to the logs, in arrival order, once the stored state is read. */
  private applyIncoming(): void {
    if (!this.hydrated || this.logsBeingRead > 0) return;
    const events = this.incomingEvents;
    const applies = this.incomingApply;
    const prefixes = this.incomingPrefixes;
    this.incomingEvents = [];
    this.incomingApply = [];
    this.incomingPrefixes = [];
    for (let index = 0; index < events.length; index += 1) {
      // One event the recorder cannot read must not take the others waiting with it.
      try {
        applies[index]!.call(this, events[index]!, prefixes[index]);
      } catch (error) {
        console.error('Immich Doctor: a request could not be recorded', error);
      }
    }
  }

  /** The in-memory log of an origin, every event received applied (for tests and the popup-facing adapter). */
  logOf(origin: string): RequestLog | undefined {
    this.applyIncoming();
    return this.logs.get(origin);
  }

  get watchedOrigins(): string[] {
    return [...this.watched];
  }

  /** Follows the stored list of watched origins: loads logs of new ones, drops the data of removed ones. */
  async setWatched(origins: string[]): Promise<void> {
    await this.ready;
    await this.applyWatched(origins);
  }

  private async applyWatched(origins: string[]): Promise<void> {
    // Events received while the old list was in force are counted by it.
    this.applyIncoming();
    const next = new Set(origins);
    const removed = [...this.watched].filter((origin) => !next.has(origin));
    if (removed.length > 0) this.dropWaitingOf(new Set(removed));
    for (const origin of removed) {
      this.logs.delete(origin);
      this.dirty.delete(origin);
      this.unwritten.delete(origin);
      this.forgetLogNotes(origin);
      // Its refused saves no longer space the other sites' batches.
      this.failing.delete(origin);
      this.budgets.delete(origin);
      this.removals.set(origin, (this.removals.get(origin) ?? 0) + 1);
      this.serverVersions.delete(origin);
      this.versionChangedUnread.delete(origin);
      this.enqueueWrite(() => this.options.store.remove(origin));
    }
    this.watched = next;
    const unread = [...next].filter((origin) => !this.logs.has(origin));
    if (unread.length === 0) return;
    this.logsBeingRead += 1;
    try {
      // Read once the writes queued so far are done, all at once; the writes queued later wait for
      // the reads. Among those writes may be the removal of the very site: read before it, a site
      // removed and watched again at once got its old counts back (found by
      // tests/unit/fuzz/recorder.test.ts).
      const queued = this.writes;
      const reads = unread.map((origin) => ({ origin, removals: this.removals.get(origin), read: queued.then(() => this.options.store.load(origin, this.now(), this.recordLimit)) }));
      this.writes = Promise.allSettled(reads.map(({ read }) => read)).then(() => undefined);
      await Promise.all(
        reads.map(async ({ origin, removals, read }) => {
          const { log, notice, lost } = await read;
          // Another call following the list (setWatched, summaryOf) may have loaded it meanwhile and
          // applied events to it: keep that one. Or removed the site meanwhile (the background's
          // storage watcher and Watch's own call are not ordered), and maybe watched it again: what
          // was read before the removal is not kept, nor its notice stored.
          if (this.logs.has(origin) || this.removals.get(origin) !== removals) return;
          // The limit may have changed while it was read (the options page): the log follows it as the others did.
          if (log.limit !== this.recordLimit) setRecordLimit(log, this.recordLimit);
          this.logs.set(origin, log);
          if (this.versionChangedUnread.delete(origin)) this.markDirty(origin);
          if (lost) this.lossNotices.set(origin, lost);
          if (notice) {
            this.enqueueWrite(() => this.notify(origin));
            // Saved with what it lost (`StoredLogHead.lost`), for the next background's notices.
            this.markDirty(origin);
          }
        }),
      );
    } finally {
      this.logsBeingRead -= 1;
      // What waited is applied now; its batch may have come and gone meanwhile.
      if (this.hydrated && this.logsBeingRead === 0 && this.incomingEvents.length > 0) {
        this.applyIncoming();
        if (this.dirty.size > 0) this.scheduleFlush();
      }
    }
  }

  /**
   * The waiting events of sites no longer watched are dropped, not applied: they wait only while
   * another site's stored log is read (`applyIncoming`), and applied once it is, after a Watch again
   * of the same site, they went into the log that starts afresh (found by a review). Resets stay,
   * to settle their promise; answers' headers stay, they count nothing.
   */
  private dropWaitingOf(removed: ReadonlySet<string>): void {
    for (let index = 0; index < this.incomingEvents.length; index += 1) {
      const prefix = this.incomingPrefixes[index];
      if (prefix !== undefined && removed.has(prefix) && this.incomingEvents[index] !== RESET_MARK) this.incomingApply[index] = dropEvent;
    }
  }

  /** Applies a new record limit to every log (the options page); the oldest records beyond it are dropped. */
  async setRecordLimit(limit: number): Promise<void> {
    await this.ready;
    this.recordLimit = limit;
    this.applyIncoming();
    for (const log of this.logs.values()) {
      setRecordLimit(log, limit);
      this.markDirty(log.origin);
    }
  }

  /**
   * Starts an origin's log afresh (the popup's "Reset log", Test again). Requests received before the
   * reset belong to the log it replaces, those after to the new one: the reset takes its place among
   * the waiting events at once, and is done once applied. Placed at once even while a woken worker is
   * still reading its stored state (the popup's click is what woke it): placed after, it wiped the
   * requests that ended meanwhile, after the click (found by a review). They wait while another site's
   * stored log is read (`applyWatched`); applied before them, as it was, it counted earlier requests in
   * the new log (found reading tests/unit/fuzz/recorder.test.ts's model).
   *
   * Gives the log it replaced, every request before the reset in it (Test again's "before": taken
   * apart from the reset, the requests ending between the two were in neither), or undefined when the
   * origin is not watched once the reset's turn comes.
   */
  reset(origin: string): Promise<RequestLog | undefined> {
    return new Promise((done) => {
      let replaced: RequestLog | undefined;
      this.enqueue(
        RESET_MARK,
        function (this: Recorder) {
          try {
            replaced = this.startAfresh(origin);
          } finally {
            done(replaced);
          }
        },
        origin,
      );
      this.applyIncoming();
    });
  }

  /**
   * Forgets what the recorder noted of a site's log beside the log itself (its latest requests, last
   * summary and notices): the log is replaced (a reset) or the site removed.
   */
  private forgetLogNotes(origin: string): void {
    this.recentFacts.delete(origin);
    this.lastSummary.delete(origin);
    this.trimNoticed.delete(origin);
    this.lossNotices.delete(origin);
    this.unwrittenNotices.delete(origin);
  }

  /** Replaces a watched origin's log by a fresh one; gives the one replaced. */
  private startAfresh(origin: string): RequestLog | undefined {
    // Removed while the reset waited, or never watched: nothing to start.
    if (!this.watched.has(origin)) return undefined;
    const old = this.logs.get(origin) ?? createLog(origin, this.now(), this.recordLimit);
    keepRecentRaw(old, this.recentFacts.get(origin) ?? []);
    this.logs.set(origin, createLog(origin, this.now(), this.recordLimit));
    // The notices were of the log replaced: the fresh one starts without, and its first trimmed save
    // says so again (found by a review: the emptied notice stayed empty).
    this.forgetLogNotes(origin);
    this.enqueueWrite(() => this.writeNotice(origin, ''));
    this.markDirty(origin);
    return old;
  }

  /**
   * Which watched origin a request belongs to, if any. Service-worker requests have no tab: use the URL
   * and initiator. `watchedPrefix`: found when the event was received, with the same watched origins
   * (they change only after the waiting events are applied); looked for again if none was found then,
   * since a woken worker receives events before it has read them.
   */
  private originFor(event: WebRequestEvent, watchedPrefix: string | undefined): string | undefined {
    const initiatorUrl = event.initiator ?? event.originUrl ?? event.documentUrl;
    if (isExtensionUrl(initiatorUrl)) return undefined;
    const watched = watchedPrefix ?? this.watchedPrefixOf(event.url);
    if (watched) return watched;
    if (isExtensionUrl(event.url)) return undefined;
    const own = originOf(event.url);
    if (own && this.watched.has(own)) return own;
    // An http:// request made by the https:// Immich page to its own address (mixed content) belongs to that page.
    const page = mixedContentPage(own, originOf(initiatorUrl));
    return page && this.watched.has(page) ? page : undefined;
  }

  /**
   * The watched origin a URL starts with, followed by its path: the common case, found without
   * splitting the URL. The browser reports canonical URLs (lower-case host, no default port, a path
   * always), as the watched origins are stored, so this agrees with `originOf` whenever it finds one;
   * anything else goes the long way. A socket's `ws(s)://` URL belongs to the `http(s)://` origin.
   */
  private watchedPrefixOf(url: unknown): string | undefined {
    if (typeof url !== 'string') return undefined;
    const pageUrl = url.startsWith('ws') ? `http${url.slice(2)}` : url;
    for (const origin of this.watched) {
      if (pageUrl.startsWith(origin) && pageUrl.charCodeAt(origin.length) === SLASH) return origin;
    }
    return undefined;
  }

  /** Records a request from the event that ends it (a redirect, completion or error) or a socket's handshake, with its answer and what ended it. */
  private capture(event: WebRequestEvent, watchedPrefix: string | undefined, statusCode: number | undefined, responseHeaders: HeaderList | undefined, ending?: { redirectUrl?: string; error?: string }): void {
    const origin = this.originFor(event, watchedPrefix);
    if (!origin) return;
    const log = this.logs.get(origin);
    if (!log) return;
    const raw: RawRequest = {
      url: event.url,
      method: event.method,
      type: event.type,
      statusCode,
      responseHeaders,
      timeStamp: event.timeStamp,
      tabId: event.tabId,
      initiator: event.initiator ?? originOf(event.originUrl ?? event.documentUrl),
      // Named, not spread: this runs for every request.
      redirectUrl: ending?.redirectUrl,
      error: ending?.error,
    };
    const facts = recordRaw(log, raw);
    if (!facts) return;
    const pending = this.recentFacts.get(origin) ?? [];
    pending.push([facts, raw]);
    if (pending.length > RECENT_LIMIT) pending.shift();
    this.recentFacts.set(origin, pending);
    // Not markDirty: `receive` scheduled the batch when the event came, and that batch takes it.
    this.dirty.add(origin);
  }

  private remember(requestId: string, response: PendingResponse): void {
    this.pending.delete(requestId);
    this.pending.set(requestId, response);
    if (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value as string);
  }

  private takePending(event: WebRequestEvent): Readonly<PendingResponse> {
    const pending = this.pending.get(event.requestId) ?? NO_PENDING;
    this.pending.delete(event.requestId);
    return pending;
  }

  // webRequest handlers: each only queues its event (`receive`, or `enqueue` for a response's headers);
  // it is applied later, with the others.

  onHeadersReceived(event: WebRequestEvent): void {
    // Only a socket's handshake is recorded from its headers. Any other answer is only kept for its
    // request's end (which asks for the batch), so it neither looks for its site nor asks for one:
    // this is half of every page's events.
    if (event.type === 'websocket') this.receive(event, this.applyHeadersReceived);
    else this.enqueue(event, this.applyHeadersReceived, undefined);
  }

  onBeforeRedirect(event: WebRequestEvent): void {
    this.receive(event, this.applyBeforeRedirect);
  }

  onCompleted(event: WebRequestEvent): void {
    this.receive(event, this.applyCompleted);
  }

  onErrorOccurred(event: WebRequestEvent): void {
    this.receive(event, this.applyErrorOccurred);
  }

  private applyHeadersReceived(event: WebRequestEvent, watchedPrefix: string | undefined): void {
    if (event.type === 'websocket' && event.statusCode === 101) {
      // An open socket may never "complete"; its successful handshake is the answer.
      this.capture(event, watchedPrefix, event.statusCode, event.responseHeaders);
      this.remember(event.requestId, { recorded: true });
      return;
    }
    this.remember(event.requestId, { statusCode: event.statusCode, responseHeaders: event.responseHeaders });
  }

  private applyBeforeRedirect(event: WebRequestEvent, watchedPrefix: string | undefined): void {
    const pending = this.takePending(event);
    this.capture(event, watchedPrefix, event.statusCode, pending.responseHeaders, { redirectUrl: event.redirectUrl });
  }

  private applyCompleted(event: WebRequestEvent, watchedPrefix: string | undefined): void {
    const pending = this.takePending(event);
    if (pending.recorded) return;
    this.capture(event, watchedPrefix, event.statusCode ?? pending.statusCode, pending.responseHeaders);
  }

  private applyErrorOccurred(event: WebRequestEvent, watchedPrefix: string | undefined): void {
    const pending = this.takePending(event);
    if (pending.recorded) return;
    this.capture(event, watchedPrefix, pending.statusCode, pending.responseHeaders, { error: event.error ?? 'unknown error' });
  }

  private markDirty(origin: string): void {
    this.dirty.add(origin);
    this.scheduleFlush();
  }

  /** Sets the batch's timer unless it is set (the common case: every event of a busy page asks). */
  private scheduleFlush(delay?: number): void {
    if (this.flushTimer !== undefined) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      const wait = this.batchWait();
      if (wait > 0) this.scheduleFlush(wait);
      else void this.batch();
    }, delay ?? this.nextFlushDelay());
  }

  /**
   * When to look again whether a batch is due: after one flush delay (500 ms), or after refused saves
   * longer each time, since storage must get room (a site removed, a log reset).
   */
  private nextFlushDelay(): number {
    const attempts = this.retryAttempts();
    return attempts > 0 ? Math.min(MAX_RETRY_DELAY_MS, this.flushDelayMs * 2 ** attempts) : this.flushDelayMs;
  }

  private retryAttempts(): number {
    return Math.max(0, ...[...this.failing.values()].map((failing) => failing.attempts));
  }

  /**
   * How long the batch may still wait (0: it is due now). It is due once requests pause for a flush
   * delay (the page is loaded: a popup opened then shows everything), and while they keep coming once
   * `BUSY_BATCH_DELAYS` flush delays passed since the last batch; the first change after a quiet spell
   * has its batch after one flush delay (whether it writes: `writeDue`). A retry after a refused save is
   * due when its delay has passed.
   */
  private batchWait(): number {
    if (this.retryAttempts() > 0) return 0;
    const now = this.followClockBack();
    const busyGap = (this.viewers > 0 ? BUSY_BATCH_DELAYS.viewed : BUSY_BATCH_DELAYS.unviewed) * this.flushDelayMs;
    return Math.max(0, Math.min(this.untilQuiet(now), busyGap - (now - this.lastBatchAt)));
  }

  /**
   * A popup or the options page opened: what is still waiting is written now, so it shows the counts
   * as they are, and while it stays open a busy site's batches come closer together. Returns what to
   * call when it closes.
   */
  viewerOpened(): () => void {
    this.viewers += 1;
    void this.flush();
    let open = true;
    return () => {
      if (open) this.viewers -= 1;
      open = false;
    };
  }

  private enqueueWrite(write: () => Promise<void>): Promise<void> {
    this.writes = this.writes.then(write).catch((error: unknown) => console.error('Immich Doctor: storage write failed', error));
    return this.writes;
  }

  /** Persists every changed log now (one write per origin, after the writes already queued). */
  async flush(): Promise<void> {
    // Events that arrived while a woken worker was still reading its stored state are replayed once it
    // is ready: a flush before that would write (and a reader would see) the log without them.
    await this.ready;
    await this.persist(true);
  }

  /** A batch the timer found due: it writes, or while a page keeps loading unviewed only summarizes. */
  private async batch(): Promise<void> {
    await this.ready;
    await this.persist(this.writeDue());
  }

  /**
   * Whether a batch writes the logs (`UNVIEWED_WRITE_DELAYS`): when a popup or the options page is
   * open, when requests paused, when a refused save is tried again, and at least every 30 s.
   */
  private writeDue(): boolean {
    const now = this.followClockBack();
    return this.viewers > 0 || this.retryAttempts() > 0 || this.untilQuiet(now) <= 0 || now - this.lastWriteAt >= UNVIEWED_WRITE_DELAYS * this.flushDelayMs;
  }

  /**
   * The time now; a moment kept for the spacing of batches that is later than now (the system clock was
   * set back) becomes now, so the spacing starts again from there instead of waiting for the clock to
   * catch up. Why not `performance.now()`, which never goes back: in Chromium's extension worker it
   * costs 350-570 ns a call against 55-80 ns for `Date.now()` (measured, a million calls), and the
   * listeners read the clock at every request.
   */
  private followClockBack(): number {
    const now = this.now();
    this.lastBatchAt = Math.min(this.lastBatchAt, now);
    this.lastWriteAt = Math.min(this.lastWriteAt, now);
    this.lastEventAt = Math.min(this.lastEventAt, now);
    return now;
  }

  /** How long until requests have paused for a flush delay (0 or less: they have), for `batchWait` and `writeDue` alike. */
  private untilQuiet(now: number): number {
    return this.flushDelayMs - (now - this.lastEventAt);
  }

  /**
   * A batch: applies what waits, summarizes the changed logs and, with `write`, writes them with those
   * a batch only summarized before; gives the summaries written (none when nothing was to be written,
   * or the write failed).
   */
  private persist(write: boolean): Promise<LogSummary[]> {
    this.applyIncoming();
    const changed = [...this.dirty];
    this.dirty.clear();
    for (const origin of changed) {
      const log = this.logs.get(origin);
      if (log) keepRecentRaw(log, this.recentFacts.get(origin) ?? []);
      this.recentFacts.delete(origin);
    }
    const origins = write ? [...new Set([...this.unwritten, ...changed])] : changed;
    const logs = origins.map((origin) => this.logs.get(origin)).filter((log): log is RequestLog => log !== undefined);
    if (logs.length === 0) {
      // Requests may have stopped since: a batch must still come to write what waits.
      if (this.unwritten.size > 0) this.scheduleFlush();
      return this.writes.then(() => []);
    }
    this.lastBatchAt = this.now();
    // After the writes on their way: one of them finishing later would paint the badge with older counts.
    if (!write) return this.writes.then(() => this.summarizeUnwritten(logs));
    this.unwritten.clear();
    this.lastWriteAt = this.lastBatchAt;
    const written: LogSummary[] = [];
    return this.enqueueWrite(async () => {
      const results = await Promise.allSettled(logs.map((log) => this.options.store.save(log, { budget: this.budgets.get(log.origin), lost: this.lossNotices.get(log.origin), serverVersion: this.serverVersions.get(log.origin) })));
      // What the badge shows: the summaries written, and those of the logs storage refused, which
      // stay in memory, counts complete, until a retry saves them.
      const painted: LogSummary[] = [];
      const notices = results.map((result, index) => {
        const log = logs[index]!;
        if (result.status === 'fulfilled') written.push(result.value.summary);
        // A log reset or removed (Reset, Stop watching) while this write was on its way: what the write
        // did is no news of the site's log now, for the badge or the saves. Taken as such, a removed
        // site's refusal stayed "failing", every other site's batch was written as a retry, and its halved
        // budget and notice came back with a Watch again (found by a review).
        if (this.logs.get(log.origin) !== log) return undefined;
        const summary = result.status === 'fulfilled' ? result.value.summary : this.summaryOfRefused(log);
        if (summary) {
          this.lastSummary.set(log.origin, summary);
          painted.push(summary);
        }
        return result.status === 'fulfilled' ? this.saved(log.origin, result.value) : this.saveRefused(log.origin, result.reason);
      });
      if (painted.length > 0) this.options.onSummarized?.(painted);
      await Promise.all(notices);
      await Promise.all([...this.unwrittenNotices].map(([origin, notice]) => this.writeNotice(origin, notice)));
    }).then(() => written);
  }

  /** A log's summary, its steps those of the site's Immich version if known (`setServerVersion`). */
  private summaryOfLog(log: RequestLog): LogSummary {
    return summarize(log, this.serverVersions.get(log.origin));
  }

  /**
   * Follows a site's Immich version as its last Run checks that found one found it (./server-versions.ts);
   * forgotten when the site is no longer watched. A `change` (Run checks just stored it) summarizes the
   * site's log again at the next batch, or once its log is read, so the popup's cards give that
   * version's steps: they gave the newest version's whatever Run checks had found. A version read when
   * a background starts is no change, and never replaces one known: the stored summaries were made with
   * it, unless the worker before stopped between a change and its next write; then the site's next
   * request's batch makes it right. Rewriting every site at every wake would cost more.
   */
  setServerVersion(origin: string, version: string, { change }: { change: boolean }): void {
    if (!change && this.serverVersions.has(origin)) return;
    if (this.serverVersions.get(origin) !== version) this.lastSummary.delete(origin);
    this.serverVersions.set(origin, version);
    // A change summarizes again even when the version is the one known: a read at start may have
    // taken it from the very checks this change is about, after the summary was written (a review).
    if (!change) return;
    if (this.logs.has(origin)) this.markDirty(origin);
    else this.versionChangedUnread.add(origin);
  }

  /**
   * A batch that does not write: the changed logs are summarized for the badge and wait to be written,
   * by a batch once requests pause (or 30 s after the last write), or by a flush.
   */
  private summarizeUnwritten(logs: RequestLog[]): LogSummary[] {
    // Not a log reset or removed while the writes before this batch were on their way.
    const current = logs.filter((log) => this.logs.get(log.origin) === log);
    const summaries = current.map((log) => {
      const summary = this.summaryOfLog(log);
      this.lastSummary.set(log.origin, summary);
      this.unwritten.add(log.origin);
      return summary;
    });
    // Requests may already have stopped: a batch must still come to write these.
    this.scheduleFlush();
    if (summaries.length > 0) this.options.onSummarized?.(summaries);
    return [];
  }

  /**
   * The summary of a log whose save was refused, for the badge; none if the log cannot be summarized
   * (the save's own summary may be what failed): the refusal is still noted and the save retried.
   */
  private summaryOfRefused(log: RequestLog): LogSummary | undefined {
    try {
      return this.summaryOfLog(log);
    } catch (error) {
      console.error(`Immich Doctor: summarizing the log of ${log.origin} failed`, error);
      return undefined;
    }
  }

  /**
   * A save storage refused (its quota is shared by every site, and by everything else in
   * `storage.session`): the log stays in memory, is saved again later with half the budget for its
   * failure records, and the site's notice says so, for the popup. The site is marked unsaved: if the
   * background stops before a save works (Firefox suspends an idle one, Chrome stops its worker), the
   * next one says what was lost. It said nothing, and this notice, "kept in memory", stayed (found by a
   * review).
   */
  private saveRefused(origin: string, reason: unknown): Promise<void> {
    const error = errorMessage(reason);
    console.error(`Immich Doctor: saving the log of ${origin} failed`, reason);
    const failing = this.failing.get(origin) ?? { since: this.now(), attempts: 0, error };
    this.failing.set(origin, { ...failing, attempts: failing.attempts + 1, error });
    this.budgets.set(origin, Math.max(MIN_FAILURE_BUDGET, Math.floor((this.budgets.get(origin) ?? FAILURE_TEXT_BUDGET) / 2)));
    if (this.logs.has(origin)) this.markDirty(origin);
    const marking = this.options.store.markUnsaved(origin, failing.since).catch((markError: unknown) => console.error(`Immich Doctor: marking the log of ${origin} unsaved failed`, markError));
    const notifying = this.notify(
      origin,
      `Saving this site's log failed at ${clockTime(this.now())} (${error}), ${failing.attempts + 1} time(s) since ${clockTime(failing.since)}. The counts are kept in memory meanwhile, and saving is tried again with fewer failure records; closing the browser would lose them.`,
    );
    return Promise.all([marking, notifying]).then(() => undefined);
  }

  /** A save that worked: the notice says when saving recovered, or that records were dropped to fit. */
  private saved(origin: string, { trimmed }: SaveResult): Promise<void> {
    const failing = this.failing.get(origin);
    this.failing.delete(origin);
    if (failing) {
      return this.notify(origin, `Saving this site's log failed ${failing.attempts} time(s) from ${clockTime(failing.since)} (${failing.error}); it was saved again at ${clockTime(this.now())}, counts complete. To keep room, fewer failure records are kept.`);
    }
    if (trimmed === 0 || this.trimNoticed.has(origin)) return Promise.resolve();
    this.trimNoticed.add(origin);
    const budget = Math.round((this.budgets.get(origin) ?? FAILURE_TEXT_BUDGET) / 1024);
    return this.notify(
      origin,
      `This site's failure records are long: to stay within the browser's session storage (10 MB shared by every site), only the newest that fit in ${budget} kB are kept, fewer than the limit of ${this.recordLimit}. The counts stay exact.`,
    );
  }

  /**
   * Writes the site's notice: what its log lost first, if anything (`lossNotices`), then `text`. It
   * replaces a notice still waiting to be written: written after it, the older one (a refused save's)
   * replaced the newer (the save that worked: found by a review).
   */
  private notify(origin: string, text?: string): Promise<void> {
    this.unwrittenNotices.delete(origin);
    return this.writeNotice(origin, [this.lossNotices.get(origin), text].filter(Boolean).join(' '));
  }

  /** A notice storage refuses is written again by the next batch that writes (`unwrittenNotices`). */
  private async writeNotice(origin: string, notice: string): Promise<void> {
    try {
      await this.options.store.saveNotice(origin, notice);
      // Not a newer notice refused while this one was on its way.
      if (this.unwrittenNotices.get(origin) === notice) this.unwrittenNotices.delete(origin);
    } catch (error) {
      console.error('Immich Doctor: saving a notice failed', error);
      if (this.watched.has(origin)) this.unwrittenNotices.set(origin, notice);
    }
  }

  /**
   * What the badge of a tab that navigated to an origin shows: the summary of its last batch, without
   * diagnosing the log again at every navigation; a batch still to come repaints it (`onSummarized`).
   * Before any batch (and after a reset), the log as it is now. Undefined for an origin not watched.
   */
  currentSummary(origin: string): LogSummary | undefined {
    const log = this.logOf(origin);
    if (!log) return undefined;
    return this.lastSummary.get(origin) ?? this.summaryOfLog(log);
  }

  /**
   * The summary of an origin's log as it is now, for a popup whose stored copy is missing or
   * unreadable: the log is persisted on the way, so the stored summary is readable again. Undefined
   * for an origin that is not watched.
   */
  async summaryOf(origin: string): Promise<LogSummary | undefined> {
    await this.ready;
    // Asked right after a Watch click, the stored list may be ahead of this recorder: follow it first.
    if (!this.logs.has(origin)) await this.applyWatched(await this.options.loadWatched());
    const log = this.logs.get(origin);
    if (!log) return undefined;
    this.dirty.add(origin);
    const written = await this.persist(true);
    return written.find((summary) => summary.log.origin === origin) ?? this.summaryOfLog(log);
  }
}
