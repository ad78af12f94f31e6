import { createHarReader, type HarImport } from './har-reader';
import { JsonEndedEarlyError, JsonLimitError, walkJson } from './json-walk';
import { readChecks, readCounted, type ImportedServerChecks } from './export-fields';
import { readVersion } from '../version';
import type { HarCounted } from '../export/har';
import { createLogReader } from './log-reader';
import type { RequestLog } from '../log/request-log';
import { errorMessage } from '../error-message';

/**
 * Reads a HAR file (Chrome, Firefox, Playwright, or this extension's export) or this extension's JSON
 * log, streamed with bounded memory whatever the file: no value is built whole, only the fields the
 * diagnosis needs are kept, one entry or record at a time, each origin's log bounded; nesting and
 * value length are limited (json-walk.ts). Runs in Node (`npm run diagnose`) and in the options
 * page's import worker alike.
 */
export type ImportResult =
  | {
      ok: true;
      format: 'har' | 'log';
      origin: string;
      log: RequestLog;
      entries: number;
      skipped: number;
      notFollowed: number;
      origins: string[];
      serverChecks?: ImportedServerChecks;
      immichVersion?: string;
      /** An Immich Doctor HAR's: what its log counted, of which the file holds `log.total` (./sampled-har.ts). */
      counted?: HarCounted;
    }
  | { ok: false; message: string };

export interface ImportOptions {
  /** Only this origin's requests; otherwise the one that looks most like Immich. */
  origin?: string;
  now?: number;
}

function harResult(read: HarImport, options: ImportOptions): ImportResult {
  const origins = [...read.logs.keys()];
  if (read.logs.size === 0) {
    if (options.origin) return { ok: false, message: `The HAR file has no request to ${options.origin}.` };
    // Entries all skipped are not "no request": say how many there were (found by a review).
    if (read.skipped === 1) return { ok: false, message: 'The HAR file has 1 entry, without a usable URL or status.' };
    if (read.skipped > 1) return { ok: false, message: `The HAR file has ${read.skipped.toLocaleString('en')} entries, each without a usable URL or status.` };
    return { ok: false, message: 'The HAR file has no web request in it.' };
  }
  // The origin that answered most like Immich; failing that, the one with the most requests.
  const ranked = origins.sort((a, b) => (read.immichAnswers.get(b) ?? 0) - (read.immichAnswers.get(a) ?? 0) || read.logs.get(b)!.total - read.logs.get(a)!.total);
  const origin = ranked[0]!;
  // Immich Doctor's own HAR carries the popup's Run checks and the server's version, as its log does.
  const serverChecks = readChecks(read.serverChecks(), origin);
  const immichVersion = readVersion(read.immichVersion);
  // Of the site the export was for, when every entry read is that site's: with --origin the other
  // sites' entries are not kept, yet they are not its requests (a review).
  const log = read.logs.get(origin)!;
  const onlySite = read.logs.size === 1 && read.entries - read.skipped - read.notFollowed === log.total;
  const counted = onlySite ? readCounted(read.counted, log) : undefined;
  return {
    ok: true,
    format: 'har',
    origin,
    log,
    entries: read.entries,
    skipped: read.skipped,
    notFollowed: read.notFollowed,
    origins: ranked,
    ...(serverChecks ? { serverChecks } : {}),
    ...(immichVersion ? { immichVersion } : {}),
    ...(counted ? { counted } : {}),
  };
}

/**
 * What the first bytes say a file is, when it is not text JSON can be read from: gzip (`1f 8b`,
 * RFC 1952 §2.3.1), or UTF-16 (its byte-order mark, or the zero byte beside each ASCII character).
 */
function notUtf8(first: Uint8Array): string | undefined {
  if (first[0] === 0x1f && first[1] === 0x8b) return 'This file is gzip-compressed: decompress it first (for example `gunzip file.har.gz`), then open the .har file.';
  const bom16 = (first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff);
  if (bom16 || (first.length >= 2 && (first[0] === 0) !== (first[1] === 0))) return 'This file is saved as UTF-16: save it as UTF-8 (any text editor can), then open it again.';
  return undefined;
}

/** The file itself could not be read (not its JSON): moved, changed or deleted since it was chosen, or a folder. */
class FileReadError extends Error {}

/** The chunks, an error in reading them told apart from one in parsing them (`FileReadError`). */
async function* readChunks(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield* chunks;
  } catch (error) {
    throw new FileReadError(errorMessage(error));
  }
}

export async function readImport(chunks: AsyncIterable<Uint8Array>, options: ImportOptions = {}): Promise<ImportResult> {
  const now = options.now ?? Date.now();
  const har = createHarReader(options.origin, now);
  const log = createLogReader(now);
  const walk = walkJson({
    scalar(path, value) {
      har.scalar(path, value);
      log.scalar(path, value);
    },
    close(path) {
      har.close(path);
      log.close(path);
    },
  });
  let bytes = 0;
  try {
    for await (const chunk of readChunks(chunks)) {
      if (bytes === 0) {
        const message = notUtf8(chunk);
        if (message) return { ok: false, message };
      }
      bytes += chunk.byteLength;
      walk.write(chunk);
    }
    if (bytes === 0) return { ok: false, message: 'The file is empty (0 bytes), or is a folder: export the HAR or the log again.' };
    walk.end();
  } catch (error) {
    if (error instanceof JsonLimitError) return { ok: false, message: error.message };
    if (error instanceof FileReadError) {
      return { ok: false, message: `The file could not be read (after ${bytes.toLocaleString('en')} bytes): ${error.message.split('\n')[0]} Was it moved, changed or deleted after it was chosen, or is it a folder?` };
    }
    const message = error instanceof Error ? error.message : String(error);
    // The tokenizer's own words for a file that stops inside a string or literal.
    if (error instanceof JsonEndedEarlyError || /not all the data was received/i.test(message)) {
      const read = har.read.entries + log.records();
      return {
        ok: false,
        message: `The file ends early: it stops after ${bytes.toLocaleString('en')} bytes${read > 0 ? ` and ${read.toLocaleString('en')} entries` : ''}, before its JSON is complete (a download or copy cut short?).`,
      };
    }
    return { ok: false, message: `The file is not valid JSON (after ${bytes.toLocaleString('en')} bytes): ${message.split('\n')[0]}` };
  }
  if (log.isLog()) {
    const result = log.result();
    if (!result.ok) return result;
    // An exported log may carry the popup's Run checks and the server's version (docs/log-format.md).
    return { ok: true, format: 'log', origin: result.log.origin, log: result.log, entries: result.records, skipped: 0, notFollowed: 0, origins: [result.log.origin], serverChecks: result.serverChecks, ...(result.immichVersion ? { immichVersion: result.immichVersion } : {}) };
  }
  if (har.read.isHar || har.read.entries > 0) return harResult(har.read, options);
  return { ok: false, message: 'This file is neither a HAR file (no log.entries) nor an Immich Doctor log.' };
}

/** Reads a string or bytes already in memory (tests, small files). */
export function readImportText(text: string | Uint8Array, options?: ImportOptions): Promise<ImportResult> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return readImport(
    (async function* () {
      yield bytes;
    })(),
    options,
  );
}
