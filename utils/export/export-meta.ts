/** What an export says about where it came from. */
export interface ExportMeta {
  extensionVersion: string;
  /** The browser's user agent string. */
  browser: string;
  /** `v2.7.5`, when the server said (`GET /api/server/version`, public). */
  immichVersion?: string;
  exportedAt: number;
}
