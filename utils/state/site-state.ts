import { storage, type WxtStorageItem } from 'wxt/utils/storage';
import { createLog, parseStoredLog, type ParsedLog, type RequestLog } from '../log/request-log';
import type { StoredSummary } from './summary';
import { isPlainObject } from '../plain-object';
import { FailurePages, fromPageText } from './failure-pages';
import { isVisibleText } from '../visible-text';
import type { TestAgainRecord } from './test-again';

/**
 * What the extension keeps per watched site, in `storage.session` (a restarted service worker loses
 * nothing while the browser runs; nothing outlives the browser session), as typed, versioned WXT
 * storage items:
 *
 * | item                          | value                                                  | written by                     |
 * |-------------------------------|--------------------------------------------------------|--------------------------------|
 * | `session:log:<origin>`         | `StoredLogHead`: the log without its failure records   | the background, per batch      |
 * | `session:failures:<origin>#<n>`| page n of the failure records, JSON text (./failure-pages.ts) | the background, when it changed |
 * | `session:summary:<origin>`     | `StoredSummary` as JSON text: what the popup reads      | the background, same batch     |
 * | `session:notice:<origin>`      | a sentence the popup shows (a reset log, a failed save) | the background                 |
 * | `session:testAgain:<origin>`   | `TestAgainRecord`: the result before Test again (./test-again.ts) | the background, at Test again |
 * | `session:tried:<origin>`       | the titles of the steps ticked as done (./tried-steps.ts) | the popup                      |
 * | `session:checks:<origin>`      | the last *Run checks* (`ServerCheckReport`, ../server-checks/read-report.ts) | the popup, as each check ends |
 * | `session:unsaved:<origin>`     | since when saving the log fails (ms): the log in memory holds counts storage does not | the background, when a save is refused; removed by the next save that works |
 *
 * WXT keeps each item's version beside it, under the same key with `$` appended (`log:<origin>$` =
 * `{ v: 3 }`); pages are versioned by their head. Version 1 is what versions before 0.1 wrote: the same
 * keys, the whole log and summary as objects, without a version; version 2 added the versions. Version
 * 3 stores records as text, in pages: objects cost Chrome's quota ~3.3 times their JSON size, and
 * converting them ~10 times the CPU (./failure-pages.ts). Defining an item migrates an older value once,
 * in place.
 */
export const SITE_STATE_VERSION = 3;

export const LOG_KEY_PREFIX = 'log:';
export const SUMMARY_KEY_PREFIX = 'summary:';
export const NOTICE_KEY_PREFIX = 'notice:';
export const FAILURES_KEY_PREFIX = 'failures:';
export const TEST_AGAIN_KEY_PREFIX = 'testAgain:';
export const TRIED_KEY_PREFIX = 'tried:';
export const CHECKS_KEY_PREFIX = 'checks:';
export const UNSAVED_KEY_PREFIX = 'unsaved:';

/** Where page `id` of a site's failure records is stored: origins never contain `#`. */
export function failurePageKey(origin: string, id: number): `session:${string}` {
  return `session:${FAILURES_KEY_PREFIX}${origin}#${id}`;
}

/** Where WXT keeps an item's version: its key with `$` appended. */
const META_SUFFIX = '$';

/**
 * An item's value and its version, for one `storage.setItems` call: one `storage.session.set`, so both
 * are stored or neither. WXT's own `setValue` writes the version with an item's first value only, and
 * stops asking before that write has worked (`needsVersionSet` in @wxt-dev/storage): after storage
 * refused a site's first save, every later one stored the log without `log:<origin>$`, and the next
 * worker migrated it as version 1, which reset it, its counts lost (found by
 * tests/unit/fuzz/recorder.test.ts). Used for the items whose migrations change what they read (log,
 * summary, notice); the others' migrations change nothing. Every site item is at `SITE_STATE_VERSION`
 * (WXT does not expose an item's own): an item whose version ever moves alone needs its own here.
 */
export function withVersion<T>(item: WxtStorageItem<T | null, { v: number }>, value: T) {
  return [
    { item, value },
    { key: `${item.key}${META_SUFFIX}` as typeof item.key, value: { v: SITE_STATE_VERSION } },
  ];
}

/** A site's log as stored: everything but the failure records, which are in the pages it lists. */
export interface StoredLogHead extends Omit<RequestLog, 'failures' | 'recent'> {
  /** The requests of any outcome the popup lists, as JSON text. */
  recent: string;
  /** The ids of the pages holding the failure records, oldest first. */
  pages: number[];
  /**
   * What this log lost, as the notices said when it was read (a corrupt log reset, unreadable records,
   * counts unsaved when a background stopped): kept with the log, so that every later notice of it
   * starts with it, in this background and the next ones, until a Reset starts another log.
   */
  lost?: string;
}

/** Longer than a few notices of what a log lost; past it, only the newest is kept (`withLoss`). */
const MAX_LOST = 2_000;

/** What a log lost so far, with `notice` added; within MAX_LOST, the newest notice kept first. */
export function withLoss(lost: string | undefined, notice: string | undefined): string | undefined {
  if (!notice) return lost;
  if (!lost) return notice;
  const both = `${lost} ${notice}`;
  return both.length <= MAX_LOST ? both : notice;
}

export type LogItem = WxtStorageItem<StoredLogHead | null, { v: number }>;
/** The summary as JSON text (why text: ./failure-pages.ts). */
export type SummaryItem = WxtStorageItem<string | null, { v: number }>;
export type NoticeItem = WxtStorageItem<string | null, { v: number }>;
/** Read through `readTestAgain` (./test-again.ts): the stored value is not trusted. */
export type TestAgainItem = WxtStorageItem<TestAgainRecord | null, { v: number }>;
/** Read through `readTriedSteps` (./tried-steps.ts): the stored value is not trusted. */
export type TriedItem = WxtStorageItem<unknown, { v: number }>;
/** Read through `readServerCheckReport` (../server-checks/read-report.ts): the stored value is not trusted. */
export type ChecksItem = WxtStorageItem<unknown, { v: number }>;
/** Read as a time (../time.ts): the stored value is not trusted. */
export type UnsavedItem = WxtStorageItem<unknown, { v: number }>;

/**
 * A site's notice. Version 2 changed nothing in it: a string stays, anything else becomes a notice
 * that says so.
 */
export function noticeItem(origin: string): NoticeItem {
  return storage.defineItem<string>(`session:${NOTICE_KEY_PREFIX}${origin}`, {
    version: SITE_STATE_VERSION,
    migrations: { 2: (old: unknown) => (typeof old === 'string' ? old : `A stored notice for ${origin} was unreadable.`) },
  });
}

/**
 * What Test again remembers while its comparison is shown. New in version 3: no older value exists to
 * migrate (the empty migrations still make the item write its version, like the others), and an
 * unreadable one is ignored where it is read.
 */
export function testAgainItem(origin: string): TestAgainItem {
  return storage.defineItem<TestAgainRecord>(`session:${TEST_AGAIN_KEY_PREFIX}${origin}`, { version: SITE_STATE_VERSION, migrations: {} });
}

/**
 * The steps the user ticked as done on a site's cards, by title. New in version 3, like Test again's
 * record: nothing to migrate, and an unreadable value is read as none ticked.
 */
export function triedItem(origin: string): TriedItem {
  return storage.defineItem<unknown>(`session:${TRIED_KEY_PREFIX}${origin}`, { version: SITE_STATE_VERSION, migrations: {} });
}

/** The site's last *Run checks*. New in version 3, like the ticked steps: nothing to migrate. */
export function checksItem(origin: string): ChecksItem {
  return storage.defineItem<unknown>(`session:${CHECKS_KEY_PREFIX}${origin}`, { version: SITE_STATE_VERSION, migrations: {} });
}

/**
 * Since when saving the site's log fails, while it does: the counts since the last save are only in
 * the background's memory. A background that finds it when it reads the log knows that the one before
 * it stopped with counts unsaved (./log-store.ts). New in version 3, like the ticked steps.
 */
export function unsavedItem(origin: string): UnsavedItem {
  return storage.defineItem<unknown>(`session:${UNSAVED_KEY_PREFIX}${origin}`, { version: SITE_STATE_VERSION, migrations: {} });
}

/** Version 1 marked its own shape inside the log (`schema: 1`): only that shape is carried over. */
function migrateVersion1Log(old: unknown, origin: string, now: number): ParsedLog {
  const schema = isPlainObject(old) ? old.schema : 1;
  if (schema === 1) return parseStoredLog(old, origin, now);
  return { log: createLog(origin, now), notice: `The stored log for ${origin} was written by another version (schema ${String(schema)}, expected 1), so it was reset on ${new Date(now).toISOString()}.` };
}

/** A log as version 3 stores it: everything but its failure records, and the ids of their pages. */
export function toStoredHead(log: RequestLog, pages: readonly number[], lost?: string): StoredLogHead {
  const { failures: _failures, recent, ...counted } = log;
  const head: StoredLogHead = { ...counted, recent: JSON.stringify(recent), pages: [...pages] };
  if (lost) head.lost = lost;
  return head;
}

/** Writes pages of failure records (JSON text, ./failure-pages.ts). */
export async function writeFailurePages(origin: string, pages: ReadonlyArray<{ id: number; text: string }>): Promise<void> {
  if (pages.length > 0) await storage.setItems(pages.map((page) => ({ key: failurePageKey(origin, page.id), value: page.text })));
}

export async function removeFailurePages(origin: string, ids: readonly number[]): Promise<void> {
  if (ids.length > 0) await storage.removeItems(ids.map((id) => failurePageKey(origin, id)));
}

/**
 * A log of an older version in version 3's form: its records into pages (written here, before the
 * head that lists them), and the head returned for the item to store.
 */
async function migrateToPages(log: RequestLog): Promise<StoredLogHead> {
  const paging = new FailurePages().paginate(log);
  await writeFailurePages(log.origin, paging.pages);
  return toStoredHead(log, paging.pages.map((page) => page.id));
}

/**
 * A site's log, without its failure records (they are in pages). Version 1 is the log as older
 * versions stored it (`schema: 1`, no item version): read with the same validation as any stored log
 * (`parseStoredLog`), it is carried over when it is readable; anything else (corrupt, another schema,
 * another site's) is replaced by a fresh log, and the site's notice says so, for the popup to show.
 * Version 2 is the whole log as one object; version 3 moves its records into pages.
 */
export function logItem(origin: string): LogItem {
  return storage.defineItem<StoredLogHead>(`session:${LOG_KEY_PREFIX}${origin}`, {
    version: SITE_STATE_VERSION,
    migrations: {
      2: async (old: unknown): Promise<RequestLog> => {
        const { log, notice } = migrateVersion1Log(old, origin, Date.now());
        if (notice) await noticeItem(origin).setValue(notice);
        return log;
      },
      3: async (old: unknown): Promise<StoredLogHead> => {
        const { log, notice } = parseStoredLog(old, origin, Date.now());
        if (notice) await noticeItem(origin).setValue(notice);
        return migrateToPages(log);
      },
    },
  });
}

function isPageIds(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((id) => Number.isSafeInteger(id) && id >= 0);
}

/** `recent` as stored: JSON text (version 3); an unreadable one is an empty list, not a lost log. */
function readRecent(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return [];
  }
}

/**
 * A stored log put back together from its head and the texts of the pages it lists (in its order),
 * validated as any stored log (`parseStoredLog`). Pages that are missing or unreadable lose only their
 * records, and the notice says so: the counts are in the head.
 */
export function assembleStoredLog(head: unknown, pageTexts: readonly unknown[], origin: string, now: number, limit?: number): ParsedLog {
  // Anything but a version-3 head (a value a failed migration left) is read as a whole log.
  if (!isPlainObject(head) || head.failures !== undefined) return parseStoredLog(head, origin, now, limit);
  const { pages, recent, lost: _lost, ...counted } = head;
  let unreadable = isPageIds(pages) ? 0 : 1;
  const failures = pageTexts.flatMap((text) => {
    try {
      if (typeof text === 'string') return fromPageText(text, origin);
    } catch {
      // Counted below: the page's records are lost, the log is not.
    }
    unreadable += 1;
    return [];
  });
  const parsed = parseStoredLog({ ...counted, failures, recent: readRecent(recent) }, origin, now, limit);
  if (unreadable === 0 || parsed.notice) return parsed;
  return { log: parsed.log, notice: `${unreadable} stored page(s) of failure records for ${origin} were missing or unreadable: the counts are exact, the list of failures lacks their records.` };
}

/** The page ids a stored head lists (none for anything else). */
export function listedPages(head: unknown): number[] {
  return isPlainObject(head) && isPageIds(head.pages) ? head.pages : [];
}

/**
 * Reads a site's stored log back (`assembleStoredLog`), with the ids of the pages it is stored in and
 * what it lost (`StoredLogHead.lost`; none when the log was reset as it was read).
 */
export async function readSiteLog(item: LogItem, origin: string, now: number, limit?: number): Promise<{ parsed: ParsedLog; pageIds: number[]; lost?: string }> {
  const head: unknown = await item.getValue();
  const pageIds = listedPages(head);
  const pages = await storage.getItems(pageIds.map((id) => failurePageKey(origin, id)));
  const parsed = assembleStoredLog(head, pages.map(({ value }) => value), origin, now, limit);
  const lost = isPlainObject(head) && isVisibleText(head.lost, MAX_LOST) && parsed.log.since === head.since ? head.lost : undefined;
  return { parsed, pageIds, ...(lost ? { lost } : {}) };
}

/**
 * A site's summary, as JSON text since version 3. Version 1's report was made by an older engine, in
 * its own shape: the migration drops it (`report: null`) and keeps the log part; the popup, finding no
 * report, asks the background for a new summary. Bump the version and drop the report the same way
 * whenever `DiagnosisReport` changes shape.
 */
export function summaryItem(origin: string): SummaryItem {
  return storage.defineItem<string>(`session:${SUMMARY_KEY_PREFIX}${origin}`, {
    version: SITE_STATE_VERSION,
    migrations: {
      2: (old: unknown): StoredSummary => ({ log: parseStoredLog(isPlainObject(old) ? old.log : old, origin, Date.now()).log, report: null }),
      3: (old: unknown): string => JSON.stringify(old),
    },
  });
}

/** A site's items, defined together (each definition reads its version once, and migrates). */
export interface SiteItems {
  log: LogItem;
  summary: SummaryItem;
  notice: NoticeItem;
  testAgain: TestAgainItem;
  tried: TriedItem;
  checks: ChecksItem;
  unsaved: UnsavedItem;
}

export function siteItems(origin: string): SiteItems {
  return { log: logItem(origin), summary: summaryItem(origin), notice: noticeItem(origin), testAgain: testAgainItem(origin), tried: triedItem(origin), checks: checksItem(origin), unsaved: unsavedItem(origin) };
}

/** Removes a site's log, its pages (those its head lists and `pageIds`), summary, notice, Test again record, ticked steps, last checks and unsaved mark, with their versions. */
export async function removeSiteState(origin: string, items: SiteItems, pageIds: readonly number[] = []): Promise<void> {
  const listed = listedPages(await items.log.getValue().catch(() => null));
  await Promise.all([
    removeFailurePages(origin, [...new Set([...listed, ...pageIds])]),
    ...[items.log, items.summary, items.notice, items.testAgain, items.tried, items.checks, items.unsaved].map((item) => item.removeValue({ removeMeta: true })),
  ]);
}

/** What a raw `storage.session` key holds, in words (the options page's "what is stored"); undefined for another key. */
export function describeStateKey(key: string): string | undefined {
  const version = key.endsWith(META_SUFFIX);
  const base = version ? key.slice(0, -META_SUFFIX.length) : key;
  const what = (() => {
    if (base.startsWith(LOG_KEY_PREFIX)) return `request log of ${base.slice(LOG_KEY_PREFIX.length)} (counters and recent requests, no credentials)`;
    if (base.startsWith(SUMMARY_KEY_PREFIX)) return `summary of ${base.slice(SUMMARY_KEY_PREFIX.length)} shown by the popup (counters, latest failures, diagnosis)`;
    if (base.startsWith(NOTICE_KEY_PREFIX)) return `notice for ${base.slice(NOTICE_KEY_PREFIX.length)}`;
    if (base.startsWith(TEST_AGAIN_KEY_PREFIX)) return `result before Test again on ${base.slice(TEST_AGAIN_KEY_PREFIX.length)} (counts and top cause, for the comparison)`;
    if (base.startsWith(CHECKS_KEY_PREFIX)) return `last Run checks on ${base.slice(CHECKS_KEY_PREFIX.length)} (each check's result and figures; never an API key)`;
    if (base.startsWith(TRIED_KEY_PREFIX)) return `steps ticked as done on ${base.slice(TRIED_KEY_PREFIX.length)} (their titles, for the forum post)`;
    if (base.startsWith(UNSAVED_KEY_PREFIX)) return `since when saving the log of ${base.slice(UNSAVED_KEY_PREFIX.length)} fails (a time)`;
    if (base.startsWith(FAILURES_KEY_PREFIX)) return `failure records of ${base.slice(FAILURES_KEY_PREFIX.length).replace(/#\d+$/, '')} (redacted paths, status, who answered)`;
    return undefined;
  })();
  return what && version ? `format version of the ${what.replace(/ \(.*\)$/, '')}` : what;
}
