/**
 * The export formats and their names, apart from the code that builds them (./export-file.ts): the
 * popup and the options page draw their buttons from this, and importing the builders there would put
 * the whole export code in the scripts every popup opening loads (docs/testing.md, "The popup's size").
 */

/** `forum-post` is copied to the clipboard (the popup's Copy for a forum post), the others are saved as files. */
export type ExportFormat = 'json' | 'har' | 'markdown' | 'forum-post';

/** The formats saved as files. */
export const EXPORT_FORMATS = ['json', 'har', 'markdown'] as const satisfies readonly ExportFormat[];
export type FileExportFormat = (typeof EXPORT_FORMATS)[number];

/** What the buttons call each file, in the popup and on the options page alike. */
export const EXPORT_FORMAT_NAMES: Record<FileExportFormat, string> = {
  json: 'JSON log',
  har: 'HAR',
  markdown: 'Markdown report',
};
