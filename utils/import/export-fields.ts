import type { HarCounted } from '../export/har';
import type { RequestLog } from '../log/request-log';
import type { ServerCheckReport } from '../server-checks/types';
import { readServerCheckReport } from '../server-checks/read-report';
import type { JsonPath, JsonScalar } from './json-walk';

/**
 * What an export writes beside its requests, read back from either format: the popup's *Run checks*
 * report (`serverChecks` in a log, `log._immichDoctor.serverChecks` in a HAR) and the server's version
 * (`immichVersion`, `log._immichDoctor.immichVersion`): docs/log-format.md.
 */

/**
 * An exported log's `serverChecks` is a few kB (three checks of a few sentences each); one bigger than
 * this is no report, and is dropped as it grows, so it cannot hold memory whatever the file.
 */
export const MAX_SERVER_CHECKS_CHARS = 50_000;

/** The log's *Run checks*, when it has any: the report, or `unreadable` (damaged, too big, another site's). */
export type ImportedServerChecks = ServerCheckReport | 'unreadable';

/**
 * What an Immich Doctor HAR's log counted (`log._immichDoctor.counted`), when it is a pair of counts that
 * can be, beside the site's requests `read` from the file: whole, and no fewer failures, nor requests
 * that did not fail, than the file holds (a forged "0 failed" beside 20 failing entries is no count).
 */
export function readCounted(counted: { requests?: JsonScalar; failed?: JsonScalar }, read: Pick<RequestLog, 'total' | 'failed'>): HarCounted | undefined {
  if (!Number.isSafeInteger(counted.requests) || !Number.isSafeInteger(counted.failed)) return undefined;
  // `+ 0`: a written -0 is 0 (it would print "-0 failed").
  const [requests, failed] = [(counted.requests as number) + 0, (counted.failed as number) + 0];
  return failed >= read.failed && requests - failed >= read.total - read.failed ? { requests, failed } : undefined;
}

/** Keys that name a prototype rather than a field: never placed (a hostile file's `__proto__`). */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A small value of the file rebuilt whole from the walk (`serverChecks`): its keys and strings are
 * counted as they come, and past `maxChars` the value is dropped for good. The walk does not say
 * whether an empty container was `[]` or `{}`: it is read as `[]`, since in a report only lists may be
 * empty, and readServerCheckReport judges the rest.
 */
export function createValueReader(maxChars: number) {
  let value: unknown;
  let seen = false;
  let chars = 0;
  const container = (key: string | number | undefined) => (typeof key === 'number' ? [] : (Object.create(null) as Record<string, unknown>));
  const isContainer = (node: unknown): node is Record<string | number, unknown> => typeof node === 'object' && node !== null;
  /** A container that holds `key`: an array for an index, a prototype-less object for a name. */
  const holds = (node: unknown, key: string | number | undefined): node is Record<string | number, unknown> => isContainer(node) && Array.isArray(node) === (typeof key === 'number');

  function place(path: JsonPath, leaf: unknown, size: number): void {
    // Each key of the path counted again: shared prefixes over-count, but a file of long keys cannot slip past.
    chars += size + path.reduce<number>((sum, key) => sum + String(key).length, 0);
    // No report has these keys; placed, they would reach a prototype (an array's `__proto__` is Array.prototype).
    if (path.some((key) => typeof key === 'string' && PROTOTYPE_KEYS.has(key))) return;
    if (chars > maxChars) value = undefined;
    else if (path.length === 0) value = leaf;
    else {
      // A key written twice with another kind of value (valid JSON) replaces the first, as JSON.parse does.
      if (!holds(value, path[0])) value = container(path[0]);
      let node = value as Record<string | number, unknown>;
      for (let depth = 0; depth < path.length - 1; depth += 1) {
        if (!holds(node[path[depth]!], path[depth + 1])) node[path[depth]!] = container(path[depth + 1]);
        node = node[path[depth]!] as Record<string | number, unknown>;
      }
      node[path[path.length - 1]!] = leaf;
    }
  }

  function at(path: JsonPath): unknown {
    return path.reduce<unknown>((node, key) => (isContainer(node) ? node[key] : undefined), value);
  }

  return {
    scalar(path: JsonPath, leaf: JsonScalar): void {
      seen = true;
      place(path, leaf, typeof leaf === 'string' ? leaf.length : 8);
    },
    /** A container closed: one with nothing in it was never placed. */
    close(path: JsonPath): void {
      seen = true;
      if (at(path) === undefined) place(path, [], 2);
    },
    /** Undefined when the file has no such field; `{ value: undefined }` when it had one, too big. */
    read: () => (seen ? { value: chars > maxChars ? undefined : value } : undefined),
  };
}

/** A report read whole (`createValueReader`), judged for the file's site: the report, `unreadable`, or none in the file. */
export function readChecks(read: { value: unknown } | undefined, origin: string): ImportedServerChecks | undefined {
  return read && (readServerCheckReport(read.value, origin) ?? 'unreadable');
}
