/** Immich's versions as the server says them (`v2.7.5`, `2.7.5`, `v3.0.0-rc.1`): compared by major, minor, patch. */

/** `[2, 7, 5]` from `v2.7.5` or `2.7.5` (anything after the patch is ignored); undefined when it is no version. */
export function versionParts(version: string): number[] | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  return match ? match.slice(1).map(Number) : undefined;
}

/** Negative, zero or positive as `a` is before, the same as or after `b`. */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < 3; index += 1) if (a[index] !== b[index]) return a[index]! - b[index]!;
  return 0;
}

/** Whether the server's version is at least `since`; `undefined` when the version is unknown or unreadable. */
export function atLeast(serverVersion: string | undefined, since: string): boolean | undefined {
  const server = serverVersion === undefined ? undefined : versionParts(serverVersion);
  return server ? compareVersions(server, versionParts(since)!) >= 0 : undefined;
}
