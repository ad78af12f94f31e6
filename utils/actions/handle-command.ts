import { browser } from 'wxt/browser';
import { currentBrowser } from '../browser-name';
import { errorMessage } from '../error-message';
import type { Recorder } from '../capture/recorder';
import { buildExport } from '../export/export-file';
import type { ClearReply, Command, ExportReply } from '../messages';
import { clearSiteData } from './clear-site-data';
import { downloadFile } from './download-file';
import { immichVersion } from './immich-version';

/** The preview shows the start of the file; the download writes all of it. */
const PREVIEW_CHARACTERS = 20_000;

async function exportLog(recorder: Recorder, command: Extract<Command, { type: 'export' }>): Promise<ExportReply> {
  await recorder.ready;
  const log = recorder.logOf(command.origin);
  if (!log) return { ok: false, message: `${command.origin} is not watched: there is no log to export.` };
  const meta = {
    extensionVersion: browser.runtime.getManifest().version,
    browser: navigator.userAgent,
    immichVersion: await immichVersion(command.origin),
    exportedAt: Date.now(),
  };
  const file = buildExport(command.format, log, meta, command.redaction);
  if (command.download) await downloadFile(file);
  return { ok: true, filename: file.filename, text: file.text.slice(0, PREVIEW_CHARACTERS), bytes: new TextEncoder().encode(file.text).length, downloaded: command.download };
}

async function clear(origin: string): Promise<ClearReply> {
  try {
    return await clearSiteData(origin, currentBrowser());
  } catch (error) {
    return { ok: false, message: `The browser could not clear the data of ${origin}: ${errorMessage(error)}` };
  }
}

/** The background's answer to each user command from the popup or the options page. */
export async function handleCommand(recorder: Recorder, command: Command): Promise<unknown> {
  switch (command.type) {
    case 'reset-log':
      await recorder.reset(command.origin);
      await recorder.flush();
      return { ok: true };
    case 'export':
      return exportLog(recorder, command).catch((error: unknown) => ({ ok: false, message: `The export failed: ${errorMessage(error)}` }));
    case 'clear-site-data':
      return clear(command.origin);
  }
}
