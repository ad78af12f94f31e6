import { parseStoredLog, type ParsedLog, type RequestLog } from '../log/request-log';
import { removeSiteState, siteItems, type SiteItems } from './site-state';
import { summarize } from './summarize';
import type { LogSummary } from './summary';

/** The background's access to the stored state of each site (./site-state.ts). */
export interface LogStore {
  /** The stored log, validated: a corrupt one gives a fresh log and a notice. */
  load(origin: string, now: number, limit: number): Promise<ParsedLog>;
  /** Writes the log and its summary (what the popup reads); returns the summary. */
  save(log: RequestLog): Promise<LogSummary>;
  saveNotice(origin: string, notice: string): Promise<void>;
  remove(origin: string): Promise<void>;
}

/**
 * The store over `storage.session`. Each site's items are defined once per store, when first used:
 * a definition reads the item's version and migrates an older value, which must not happen again at
 * every batch (the log is up to ~1 MB).
 */
export function sessionLogStore(): LogStore {
  const items = new Map<string, SiteItems>();
  const itemsOf = (origin: string): SiteItems => {
    let site = items.get(origin);
    if (!site) {
      site = siteItems(origin);
      items.set(origin, site);
    }
    return site;
  };
  return {
    async load(origin, now, limit) {
      return parseStoredLog(await itemsOf(origin).log.getValue(), origin, now, limit);
    },
    async save(log) {
      const summary = summarize(log);
      const site = itemsOf(log.origin);
      await Promise.all([site.log.setValue(log), site.summary.setValue(summary)]);
      return summary;
    },
    async saveNotice(origin, notice) {
      await itemsOf(origin).notice.setValue(notice);
    },
    async remove(origin) {
      const site = itemsOf(origin);
      // The next write for this site defines its items afresh, so that they write their version again.
      items.delete(origin);
      await removeSiteState(site);
    },
  };
}
