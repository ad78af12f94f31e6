import { EXPORT_FORMATS, type ExportFormat } from './export/export-file';
import type { RedactionOptions } from './export/redaction';
import type { KindReport } from './clear/clear-report';

/** The only messages: user commands from the popup and options page to the background. */
export type Command =
  | { type: 'reset-log'; origin: string }
  /** Builds an export; with `download`, also saves it. The reply carries what was (or would be) written. */
  | { type: 'export'; origin: string; format: ExportFormat; redaction: RedactionOptions; download: boolean }
  | { type: 'clear-site-data'; origin: string };

export type ExportReply = { ok: true; filename: string; text: string; bytes: number; downloaded: boolean } | { ok: false; message: string };

/**
 * What Clear site data did, per kind of data, as checked afterwards (utils/clear/clear-report.ts).
 * `checkedIn`: the address of the tab the storage was read in; `refused`: browsingData's rejection;
 * `access`: whether the extension still had host access to the site (without it nothing could be checked).
 */
export type ClearReply =
  | { ok: true; origin: string; kinds: KindReport[]; checkedIn?: string; refused?: string; reloadedTabs: number; access: boolean }
  | { ok: false; message: string };

function isRedaction(value: unknown): value is RedactionOptions {
  const redaction = value as RedactionOptions;
  return typeof redaction === 'object' && redaction !== null && typeof redaction.hideHost === 'boolean' && typeof redaction.hideAssetIds === 'boolean';
}

export function isCommand(message: unknown): message is Command {
  if (typeof message !== 'object' || message === null) return false;
  const command = message as Record<string, unknown>;
  if (typeof command.origin !== 'string') return false;
  switch (command.type) {
    case 'reset-log':
    case 'clear-site-data':
      return true;
    case 'export':
      return EXPORT_FORMATS.includes(command.format as ExportFormat) && isRedaction(command.redaction) && typeof command.download === 'boolean';
    default:
      return false;
  }
}
