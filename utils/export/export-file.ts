import type { RequestLog } from '../log/request-log';
import { checkedDiagnosis } from '../server-checks/checked-diagnosis';
import type { ServerCheckReport } from '../server-checks/types';
import type { ExportFormat } from './export-format';
import type { ExportMeta } from './export-meta';
import { buildHar } from './har';
import { buildJsonLog, redactServerChecks } from './json-log';
import { buildForumPost } from './forum-post';
import { buildMarkdownReport } from './markdown';
import { createRedactor, EXAMPLE_HOST, type RedactionOptions } from './redaction';

export interface ExportFile {
  filename: string;
  mimeType: string;
  text: string;
}

const EXTENSIONS: Record<ExportFormat, [extension: string, mimeType: string]> = {
  json: ['json', 'application/json'],
  har: ['har', 'application/json'],
  markdown: ['md', 'text/markdown'],
  'forum-post': ['md', 'text/markdown'],
};

/** `immich-doctor-photos.example.com-20261125-224455.har`: the host and the local time of the export. */
function filename(origin: string, format: ExportFormat, meta: ExportMeta, options: RedactionOptions): string {
  const host = options.hideHost ? EXAMPLE_HOST : new URL(origin).host.replace(/[^a-z0-9.-]/gi, '_');
  const stamp = new Date(meta.exportedAt).toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
  return `immich-doctor-${host}-${stamp}.${EXTENSIONS[format][0]}`;
}

/**
 * What the popup keeps beside the log: the steps ticked as done on the cards (utils/state/tried-steps.ts),
 * for the forum post; the site's last *Run checks* (read with `readServerCheckReport`, which keeps only a
 * report's own fields), for every format.
 */
export interface UserNotes {
  triedSteps?: readonly string[];
  serverChecks?: ServerCheckReport;
}

/** Builds one export of one origin's log: what the preview shows is exactly what the download writes. */
export function buildExport(format: ExportFormat, log: RequestLog, meta: ExportMeta, options: RedactionOptions, notes: UserNotes = {}): ExportFile {
  const redactor = createRedactor(log.origin, options);
  // Redacted first: the reasons the checks add to the causes then hide the host too.
  const checks = notes.serverChecks && redactServerChecks(notes.serverChecks, redactor);
  const report = checkedDiagnosis(log, meta.immichVersion, checks);
  const builders: Record<ExportFormat, () => string> = {
    json: () => JSON.stringify(buildJsonLog(log, report, meta, redactor, checks), null, 2),
    har: () => JSON.stringify(buildHar(log, meta, redactor, checks), null, 2),
    markdown: () => buildMarkdownReport(log, report, meta, redactor, checks),
    'forum-post': () => buildForumPost(log, report, meta, redactor, notes.triedSteps, checks),
  };
  return { filename: filename(log.origin, format, meta, options), mimeType: EXTENSIONS[format][1], text: builders[format]() };
}
