import { browser } from 'wxt/browser';
import { parseStoredLog, type ParsedLog, type RequestLog } from '../log/request-log';

/**
 * Where the background keeps each origin's log: `storage.session`, so a restarted service worker loses
 * nothing while the browser runs, and nothing outlives the browser session. The popup reads the same
 * keys. A notice (e.g. "the stored log was corrupt and was reset") sits beside the log it concerns.
 */
export const LOG_KEY_PREFIX = 'log:';
export const NOTICE_KEY_PREFIX = 'notice:';

export const logKey = (origin: string) => `${LOG_KEY_PREFIX}${origin}`;
export const noticeKey = (origin: string) => `${NOTICE_KEY_PREFIX}${origin}`;

export interface LogStore {
  load(origin: string, now: number, limit: number): Promise<ParsedLog>;
  save(log: RequestLog): Promise<void>;
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
      await area.set({ [logKey(log.origin)]: log });
    },
    async saveNotice(origin, notice) {
      await area.set({ [noticeKey(origin)]: notice });
    },
    async remove(origin) {
      await area.remove([logKey(origin), noticeKey(origin)]);
    },
  };
}
