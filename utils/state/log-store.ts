import type { ParsedLog, RequestLog } from '../log/request-log';
import { FAILURE_TEXT_BUDGET, FailurePages } from './failure-pages';
import { readSiteLog, removeFailurePages, removeSiteState, siteItems, toStoredHead, writeFailurePages, type SiteItems } from './site-state';
import { summarize } from './summarize';
import type { LogSummary } from './summary';

/** What one save did: the summary written, and how many of the oldest failure records it dropped to fit. */
export interface SaveResult {
  summary: LogSummary;
  trimmed: number;
}

/** The background's access to the stored state of each site (./site-state.ts). */
export interface LogStore {
  /** The stored log, validated: a corrupt one gives a fresh log and a notice. */
  load(origin: string, now: number, limit: number): Promise<ParsedLog>;
  /**
   * Writes the log (its changed pages and its head) and its summary (what the popup reads). Records
   * beyond the site's byte budget are dropped from the log first, oldest first; rejects when storage
   * refuses the write (its quota), and then nothing of this save is known to be stored.
   */
  save(log: RequestLog, budget?: number): Promise<SaveResult>;
  saveNotice(origin: string, notice: string): Promise<void>;
  remove(origin: string): Promise<void>;
}

interface Site {
  items: SiteItems;
  pages: FailurePages;
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
      const { parsed, pageIds } = await readSiteLog(site.items.log, origin, now, limit);
      site.pages = new FailurePages(pageIds);
      return parsed;
    },
    async save(log, budget = FAILURE_TEXT_BUDGET) {
      const site = siteOf(log.origin);
      const paging = site.pages.paginate(log, budget);
      const summary = summarize(log);
      try {
        // Pages first: a head never lists a page that is not stored.
        await writeFailurePages(log.origin, paging.changed);
        const head = toStoredHead(log, paging.pages.map((page) => page.id));
        await Promise.all([site.items.log.setValue(head), site.items.summary.setValue(JSON.stringify(summary))]);
        await removeFailurePages(log.origin, paging.removed);
      } catch (error) {
        site.pages.failed(paging);
        throw error;
      }
      site.pages.written(paging);
      return { summary, trimmed: paging.trimmed };
    },
    async saveNotice(origin, notice) {
      await siteOf(origin).items.notice.setValue(notice);
    },
    async remove(origin) {
      const site = siteOf(origin);
      // The next write for this site defines its items afresh, so that they write their version again.
      sites.delete(origin);
      await removeSiteState(origin, site.items, site.pages.stored);
    },
  };
}
