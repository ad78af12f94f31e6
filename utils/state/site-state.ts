import { storage, type WxtStorageItem } from 'wxt/utils/storage';
import { createLog, parseStoredLog, type ParsedLog, type RequestLog } from '../log/request-log';
import type { StoredSummary } from './summary';
import { isPlainObject } from '../plain-object';

/**
 * What the extension keeps per watched site, in `storage.session` (a restarted service worker loses
 * nothing while the browser runs; nothing outlives the browser session), as typed, versioned WXT
 * storage items:
 *
 * | item                      | value                                    | written by                  |
 * |---------------------------|------------------------------------------|-----------------------------|
 * | `session:log:<origin>`     | the full `RequestLog`                    | the background, per batch   |
 * | `session:summary:<origin>` | `StoredSummary`: what the popup reads    | the background, same batch  |
 * | `session:notice:<origin>`  | a sentence the popup shows (a reset log) | the background, migrations  |
 *
 * WXT keeps each item's version beside it, under the same key with `$` appended (`log:<origin>$` =
 * `{ v: 2 }`). Version 1 is what versions before this one wrote: the same keys and shapes, without a
 * version. Defining an item migrates a value of an older version once, in place.
 */
export const SITE_STATE_VERSION = 2;

export const LOG_KEY_PREFIX = 'log:';
export const SUMMARY_KEY_PREFIX = 'summary:';
export const NOTICE_KEY_PREFIX = 'notice:';

/** Where WXT keeps an item's version: its key with `$` appended. */
const META_SUFFIX = '$';

export type LogItem = WxtStorageItem<RequestLog | null, { v: number }>;
export type SummaryItem = WxtStorageItem<StoredSummary | null, { v: number }>;
export type NoticeItem = WxtStorageItem<string | null, { v: number }>;

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

/** Version 1 marked its own shape inside the log (`schema: 1`): only that shape is carried over. */
function migrateVersion1Log(old: unknown, origin: string, now: number): ParsedLog {
  const schema = isPlainObject(old) ? old.schema : 1;
  if (schema === 1) return parseStoredLog(old, origin, now);
  return { log: createLog(origin, now), notice: `The stored log for ${origin} was written by another version (schema ${String(schema)}, expected 1), so it was reset on ${new Date(now).toISOString()}.` };
}

/**
 * A site's full log. Version 1 is the log as older versions stored it (`schema: 1`, no item version):
 * read with the same validation as any stored log (`parseStoredLog`), it is carried over unchanged
 * when it is readable; anything else (corrupt, another schema, another site's) is replaced by a fresh
 * log, and the site's notice says so, for the popup to show.
 */
export function logItem(origin: string): LogItem {
  return storage.defineItem<RequestLog>(`session:${LOG_KEY_PREFIX}${origin}`, {
    version: SITE_STATE_VERSION,
    migrations: {
      2: async (old: unknown): Promise<RequestLog> => {
        const { log, notice } = migrateVersion1Log(old, origin, Date.now());
        if (notice) await noticeItem(origin).setValue(notice);
        return log;
      },
    },
  });
}

/**
 * A site's summary. Version 1's report was made by an older engine, in its own shape: the migration
 * drops it (`report: null`) and keeps the log part; the popup, finding no report, asks the background
 * for a new summary. Bump the version and drop the report the same way whenever `DiagnosisReport`
 * changes shape.
 */
export function summaryItem(origin: string): SummaryItem {
  return storage.defineItem<StoredSummary>(`session:${SUMMARY_KEY_PREFIX}${origin}`, {
    version: SITE_STATE_VERSION,
    migrations: {
      2: (old: unknown): StoredSummary => ({ log: parseStoredLog(isPlainObject(old) ? old.log : old, origin, Date.now()).log, report: null }),
    },
  });
}

/** A site's three items, defined together (each definition reads its version once, and migrates). */
export interface SiteItems {
  log: LogItem;
  summary: SummaryItem;
  notice: NoticeItem;
}

export function siteItems(origin: string): SiteItems {
  return { log: logItem(origin), summary: summaryItem(origin), notice: noticeItem(origin) };
}

/** Removes a site's log, summary and notice, with their versions. */
export async function removeSiteState(items: SiteItems): Promise<void> {
  await Promise.all([items.log, items.summary, items.notice].map((item) => item.removeValue({ removeMeta: true })));
}

/** What a raw `storage.session` key holds, in words (the options page's "what is stored"); undefined for another key. */
export function describeStateKey(key: string): string | undefined {
  const version = key.endsWith(META_SUFFIX);
  const base = version ? key.slice(0, -META_SUFFIX.length) : key;
  const what = (() => {
    if (base.startsWith(LOG_KEY_PREFIX)) return `request log of ${base.slice(LOG_KEY_PREFIX.length)} (counters and recent failures, no credentials)`;
    if (base.startsWith(SUMMARY_KEY_PREFIX)) return `summary of ${base.slice(SUMMARY_KEY_PREFIX.length)} shown by the popup (counters, latest failures, diagnosis)`;
    if (base.startsWith(NOTICE_KEY_PREFIX)) return `notice for ${base.slice(NOTICE_KEY_PREFIX.length)}`;
    return undefined;
  })();
  return what && version ? `format version of the ${what.replace(/ \(.*\)$/, '')}` : what;
}
