import { browser } from 'wxt/browser';
import { parseStoredLog, type ParsedLog, type RequestLog } from '../log/request-log';
import { summarize, type LogSummary } from '../present/log-summary';

/**
 * Where the background keeps each origin's log: `storage.session`, so a restarted service worker loses
 * nothing while the browser runs, and nothing outlives the browser session. Beside each log: its
 * summary (what the popup reads) and a notice (e.g. "the stored log was corrupt and was reset").
 */
export const LOG_KEY_PREFIX = 'log:';
export const SUMMARY_KEY_PREFIX = 'summary:';
export const NOTICE_KEY_PREFIX = 'notice:';

export const logKey = (origin: string) => `${LOG_KEY_PREFIX}${origin}`;
export const summaryKey = (origin: string) => `${SUMMARY_KEY_PREFIX}${origin}`;
export const noticeKey = (origin: string) => `${NOTICE_KEY_PREFIX}${origin}`;

export interface LogStore {
  load(origin: string, now: number, limit: number): Promise<ParsedLog>;
  /** Writes the log and its summary in one operation; returns the summary. */
  save(log: RequestLog): Promise<LogSummary>;
  saveNotice(origin: string, notice: string): Promise<void>;
  remove(origin: string): Promise<void>;
}

export function sessionLogStore(): LogStore {
  const area = browser.storage.session;
  return {
    async load(origin, now, limit) {
      const stored = await area.get(logKey(origin));
      return parseStoredLog(stored[logKey(origin)], origin, now, limit);
    },
    async save(log) {
      const summary = summarize(log);
      await area.set({ [logKey(log.origin)]: log, [summaryKey(log.origin)]: summary });
      return summary;
    },
    async saveNotice(origin, notice) {
      await area.set({ [noticeKey(origin)]: notice });
    },
    async remove(origin) {
      await area.remove([logKey(origin), summaryKey(origin), noticeKey(origin)]);
    },
  };
}
