import { visibleText } from './visible-text';

/** Immich's versions as the server says them (`v2.7.5`, `2.7.5`, `v3.0.0-rc.1`): compared by major, minor, patch. */

/** Larger than any part of a real version; a server may say any number (found by a review: a 51-character version made the stored Run checks report unreadable). */
const MAX_VERSION_PART = 99_999;
const isVersionPart = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_VERSION_PART;

/** `v2.7.5` from the body of `GET /api/server/version` (`{major, minor, patch}`, immich.md §1), or undefined. */
export function versionOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { major, minor, patch } = body as Record<string, unknown>;
  return isVersionPart(major) && isVersionPart(minor) && isVersionPart(patch) ? `v${major}.${minor}.${patch}` : undefined;
}

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

/** Longer is no version a server gives (`v2.7.5`). */
const MAX_VERSION_CHARS = 40;

/**
 * A version as written in a file or a stored value (an export's `immichVersion`, a stored summary's
 * `serverVersion`), when it is one; its characters shown, not kept (./visible-text.ts). Anything else
 * is no version.
 */
export const readVersion = (value: unknown): string | undefined => (typeof value === 'string' && value.length <= MAX_VERSION_CHARS && versionParts(value) ? visibleText(value) : undefined);
