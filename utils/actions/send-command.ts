import { browser } from 'wxt/browser';
import type { ExportFormat } from '../export/export-file';
import type { RedactionOptions } from '../export/redaction';
import type { ClearReply, Command, ExportReply } from '../messages';

/** The popup's and options page's side of the commands: one place that sends them and reads the replies. */
const NO_ANSWER = { ok: false as const, message: 'The background did not answer.' };

export function sendCommand(command: Extract<Command, { type: 'reset-log' }>): Promise<unknown>;
export function sendCommand(command: Extract<Command, { type: 'export' }>): Promise<ExportReply>;
export function sendCommand(command: Extract<Command, { type: 'clear-site-data' }>): Promise<ClearReply>;
export async function sendCommand(command: Command): Promise<unknown> {
  return ((await browser.runtime.sendMessage(command)) as unknown) ?? NO_ANSWER;
}

export function requestExport(origin: string, format: ExportFormat, redaction: RedactionOptions, download: boolean): Promise<ExportReply> {
  return sendCommand({ type: 'export', origin, format, redaction, download });
}

/** What the user reads after asking for a download. */
export function exportStatus(reply: ExportReply): string {
  return reply.ok ? `Saved ${reply.filename} (${Math.ceil(reply.bytes / 1024)} kB) in your Downloads folder.` : reply.message;
}
