import type { ParsedLog, RequestLog } from '../log/request-log';
import { FAILURE_TEXT_BUDGET, FailurePages } from './failure-pages';
import { storage } from 'wxt/utils/storage';
import { readSiteLog, removeFailurePages, removeSiteState, siteItems, toStoredHead, withLoss, withVersion, writeFailurePages, type SiteItems } from './site-state';
import { summarize } from './summarize';
import { clockTime, isTime } from '../time';
import type { LogSummary } from './summary';

/** What one save did: the summary written, and how many of the oldest failure records it dropped to fit. */
export interface SaveResult {
  summary: LogSummary;
  trimmed: number;
}

/**
 * A stored log as read: validated (a corrupt one gives a fresh log and a notice), the notice of what
 * it lost as it was read, if anything, and all it lost so far (`StoredLogHead.lost`), that notice included.
 */
export type LoadedLog = ParsedLog & { lost?: string };

/** How one save is made (`LogStore.save`). */
export interface SaveOptions {
  /** The byte budget of the failure records' pages (default `FAILURE_TEXT_BUDGET`). */
  budget?: number;
  /** What the log lost so far, kept with it (`StoredLogHead.lost`). */
  lost?: string;
  /** The site's Immich version, if known: the summary's steps are that version's (./summarize.ts). */
  serverVersion?: string;
}

/** The background's access to the stored state of each site (./site-state.ts). */
export interface LogStore {
  load(origin: string, now: number, limit: number): Promise<LoadedLog>;
  /**
   * Writes the log (its changed pages and its head) and its summary (what the popup reads). Records
   * beyond the site's byte budget are dropped from the log first, oldest first; rejects when storage
   * refuses the write (its quota), and then none of this save's pages or summary is known to be stored
   * (a retry after a refusal may have removed the pages it drops, behind a head that no longer lists them).
   */
  save(log: RequestLog, options?: SaveOptions): Promise<SaveResult>;
  saveNotice(origin: string, notice: string): Promise<void>;
  /**
   * Marks the site's log as not saved since `since`: a background that reads the log while the mark is
   * there (`load`) says in its notice that the one before stopped with counts unsaved. The next save
   * that works removes it.
   */
  markUnsaved(origin: string, since: number): Promise<void>;
  remove(origin: string): Promise<void>;
}

interface Site {
  items: SiteItems;
  pages: FailurePages;
  /**
   * Settles once the migrations of the items written with their version (`withVersion`) are done: they
   * run when the items are defined, and a value written before would be overwritten by them. (WXT's
   * own `setValue` waits the same way; its `getMeta` too.) Asked at the site's first write, not when a
   * woken worker reads its logs: three reads each that a site with nothing to write never needs.
   */
  migrated?: Promise<unknown>;
  /** Whether the site's unsaved mark may be stored (`markUnsaved`): the next save that works removes it… */
  unsaved?: boolean;
  /** …and whether it is known to be: no need to write it again. */
  marked?: boolean;
}

function migrationsDone(site: Site): Promise<unknown> {
  const { log, summary, notice } = site.items;
  site.migrated ??= Promise.all([log.getMeta(), summary.getMeta(), notice.getMeta()]).catch(() => undefined);
  return site.migrated;
}

/**
 * The store over `storage.session`. Each site's items are defined once per store, when first used:
 * a definition reads the item's version and migrates an older value, which must not happen again at
 * every batch. The pages written are remembered per site, so a batch writes only those that changed.
 */
export function sessionLogStore(): LogStore {
  const sites = new Map<string, Site>();
  const siteOf = (origin: string): Site => {
    let site = sites.get(origin);
    if (!site) {
      site = { items: siteItems(origin), pages: new FailurePages() };
      sites.set(origin, site);
    }
    return site;
  };
  return {
    async load(origin, now, limit) {
      const site = siteOf(origin);
      const [{ parsed, pageIds, lost: before }, unsavedSince] = await Promise.all([readSiteLog(site.items.log, origin, now, limit), site.items.unsaved.getValue()]);
      site.pages = new FailurePages(pageIds);
      site.unsaved = site.marked = unsavedSince !== null && unsavedSince !== undefined;
      const unsaved = isTime(unsavedSince)
        ? `Saving this site's log failed from ${clockTime(unsavedSince)}, and the browser stopped Immich Doctor's background before a save worked: the requests it recorded after ${clockTime(parsed.log.updated)} (the last one saved) were lost with it. The counts are those saved before.`
        : undefined;
      const notice = withLoss(unsaved, parsed.notice);
      const lost = withLoss(before, notice);
      return { log: parsed.log, ...(notice ? { notice } : {}), ...(lost ? { lost } : {}) };
    },
    async save(log, { budget = FAILURE_TEXT_BUDGET, lost, serverVersion } = {}) {
      const site = siteOf(log.origin);
      const paging = site.pages.paginate(log, budget);
      const summary = summarize(log, serverVersion);
      try {
        await migrationsDone(site);
        // After a refused save, the pages this one drops go first, once a head no longer lists them:
        // else a full storage refused every write, with the room to make them never made.
        const listed = site.pages.roomFirst(paging);
        if (listed) {
          await storage.setItems(withVersion(site.items.log, toStoredHead(log, listed, lost)));
          await removeFailurePages(log.origin, paging.removed);
          site.pages.madeRoom(paging.removed, listed);
        }
        // Pages first: a head never lists a page that is not stored.
        await writeFailurePages(log.origin, paging.changed);
        const head = toStoredHead(log, paging.pages.map((page) => page.id), lost);
        await storage.setItems([...withVersion(site.items.log, head), ...withVersion(site.items.summary, JSON.stringify(summary))]);
        await removeFailurePages(log.origin, paging.removed);
      } catch (error) {
        site.pages.failed(paging);
        throw error;
      }
      site.pages.written(paging);
      if (site.unsaved) {
        // The log is saved: what the mark warned of is gone. Left, it is removed by a later save.
        await site.items.unsaved.removeValue({ removeMeta: true }).then(
          () => (site.unsaved = site.marked = false),
          (error: unknown) => console.error(`Immich Doctor: removing the unsaved mark of ${log.origin} failed`, error),
        );
      }
      return { summary, trimmed: paging.trimmed };
    },
    async saveNotice(origin, notice) {
      const site = siteOf(origin);
      await migrationsDone(site);
      await storage.setItems(withVersion(site.items.notice, notice));
    },
    async markUnsaved(origin, since) {
      const site = siteOf(origin);
      if (site.marked) return;
      // Taken as maybe stored before the write: one refused after storing the value (its version
      // refused) left a mark no save removed, and the next background said counts were lost (found by
      // a review). Known to be stored only once the write worked: a refused one is tried again.
      site.unsaved = true;
      await migrationsDone(site);
      await site.items.unsaved.setValue(since);
      site.marked = true;
    },
    async remove(origin) {
      const site = siteOf(origin);
      // The next write for this site defines its items afresh: no migration state, no pages known.
      sites.delete(origin);
      await removeSiteState(origin, site.items, site.pages.stored);
    },
  };
}
