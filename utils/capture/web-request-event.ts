import type { HeaderList } from '../classify/headers';

/**
 * The fields of webRequest event details the recorder reads. Chrome and Firefox both provide them;
 * `initiator` is Chrome's, `originUrl`/`documentUrl` Firefox's.
 */
export interface WebRequestEvent {
  requestId: string;
  url: string;
  method: string;
  type: string;
  timeStamp: number;
  tabId: number;
  initiator?: string;
  originUrl?: string;
  documentUrl?: string;
  statusCode?: number;
  /** Only in `onHeadersReceived`: the other listeners do not ask for them (./listeners.ts). */
  responseHeaders?: HeaderList;
  redirectUrl?: string;
  error?: string;
}
