import { defineExtensionMessaging, type GetDataType, type GetReturnType } from '@webext-core/messaging';
import type { ExportFormat } from './export/export-format';
import type { RedactionOptions } from './export/redaction';
import type { KindReport } from './clear/clear-report';
import { errorMessage } from './error-message';
import type { LogSummary } from './state/summary';

/**
 * The one protocol between the popup or options page and the background: the user's commands, and
 * the popup's question for a summary it could not read from storage. Declared here only; the
 * background answers each message with one handler (utils/actions/handlers.ts), the pages send with
 * `ask`. Every reply is `{ ok: true, … }` or `{ ok: false, message }`: the message is what the user reads.
 */
export interface ProtocolMap {
  /** Starts the site's log afresh (the popup's Reset log). */
  resetLog(data: { origin: string }): ResetReply;
  /** Builds an export; with `download`, also saves it. The reply carries what was (or would be) written. */
  export(data: ExportRequest): ExportReply;
  /** Clears the site's data in this browser, then checks what is left. */
  clearSiteData(data: { origin: string }): ClearReply;
  /** The background's summary of the site's log as it is now (and stored again). */
  getSummary(data: { origin: string }): SummaryReply;
  /** Test again: keeps the result as "before", starts the log afresh and reloads the site's tabs. */
  testAgain(data: { origin: string }): TestAgainReply;
  /** Ends Test again's comparison (the popup's Dismiss). */
  dismissTestAgain(data: { origin: string }): ResetReply;
  /** Finishes the popup's Watch this site once access is granted: watched, then the site's tabs reloaded. */
  finishWatch(data: { origin: string }): ResetReply;
  /** Run checks stored a report that names the server's version: the site's steps follow it (utils/capture/server-versions.ts). */
  checksStored(data: { origin: string }): ResetReply;
}

export type Failed = { ok: false; message: string };

export interface ExportRequest {
  origin: string;
  format: ExportFormat;
  redaction: RedactionOptions;
  download: boolean;
}

export type ResetReply = { ok: true } | Failed;

/** How a download ended, as far as the export waited for it (utils/actions/download-file.ts). */
export type DownloadEnd = { state: 'complete'; filename: string } | { state: 'interrupted'; error: string } | { state: 'in-progress' } | { state: 'unknown'; reason: string };

/** `download`: present when the file was to be saved. */
export type ExportReply = { ok: true; filename: string; text: string; bytes: number; download?: DownloadEnd } | Failed;

/**
 * What Clear site data did, per kind of data, as checked afterwards (utils/clear/clear-report.ts).
 * `checkedIn`: the address of the tab the storage was read in; `refused`: browsingData's rejection;
 * `access`: whether the extension still had host access to the site (without it nothing could be checked).
 */
export type ClearReply =
  | { ok: true; origin: string; kinds: KindReport[]; checkedIn?: string; refused?: string; reloadedTabs: number; access: boolean }
  | Failed;

export type SummaryReply = { ok: true; summary: LogSummary } | Failed;

/** `reloadedTabs`: how many of the site's tabs reloaded (0: none was open). */
export type TestAgainReply = { ok: true; reloadedTabs: number } | Failed;

export type MessageType = keyof ProtocolMap;
export type MessageData<T extends MessageType> = GetDataType<ProtocolMap[T]>;
export type MessageReply<T extends MessageType> = GetReturnType<ProtocolMap[T]>;

type AllTrue<T extends Record<MessageType, true>> = T;
/** Checked when compiling: every reply has the `Failed` form, so `ask` may answer any message with one. */
export type EveryReplyCanFail = AllTrue<{ [T in MessageType]: Failed extends MessageReply<T> ? true : false }>;

export const messaging = defineExtensionMessaging<ProtocolMap>();

/**
 * Sends one message to the background and gives its reply; when there is none (no background, a
 * handler that threw, a closed channel), a reply that says so.
 */
export async function ask<T extends MessageType>(type: T, data: MessageData<T>): Promise<MessageReply<T>> {
  try {
    return await messaging.sendMessage(type, data);
  } catch (error) {
    const failed: Failed = { ok: false, message: `The background did not answer: ${errorMessage(error)}` };
    return failed as MessageReply<T>;
  }
}

/** What the user reads after asking for a download. */
export function exportStatus(reply: ExportReply): string {
  if (!reply.ok) return reply.message;
  const size = `${Math.ceil(reply.bytes / 1024)} kB`;
  const end = reply.download;
  // Only a preview's reply has none (it was not asked to be saved).
  if (!end) return `Built ${reply.filename} (${size}).`;
  switch (end.state) {
    case 'complete':
      return `Saved ${end.filename} (${size}) in your Downloads folder.`;
    case 'interrupted':
      // USER_CANCELED is the user's own Cancel (downloads list, a save dialog); the other reasons are
      // the browser's codes (FILE_NO_SPACE, FILE_ACCESS_DENIED…), shown as they are.
      return end.error === 'USER_CANCELED' ? `${reply.filename} was not saved: the download was cancelled.` : `${reply.filename} was not saved: the browser stopped the download (${end.error}).`;
    case 'in-progress':
      return `Downloading ${reply.filename} (${size}): the browser's downloads list shows when it is saved.`;
    case 'unknown':
      return `Could not tell whether ${reply.filename} was saved: ${end.reason}. Look in your Downloads folder.`;
  }
}
