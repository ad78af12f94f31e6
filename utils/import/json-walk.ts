import { Tokenizer, TokenType, type ParsedTokenInfo } from '@streamparser/json';

/**
 * Walks a JSON document streamed in chunks and reports each scalar with its path, and each object or
 * array as it closes, without building any value: memory stays O(depth), whatever the file. Its
 * readers keep only the fields they need.
 *
 * @streamparser/json's tokenizer does the lexing (UTF-8, escapes, numbers). Its TokenParser is not
 * used: it builds every value under a selected path whole (a HAR entry with its response body),
 * offers no depth limit, and scans its whole stack on every value (`emit` → `stack.every`), so 5 MB
 * of `[` cost 1.48 GB and half a minute. The grammar below is RFC 8259 §2-5's.
 */

/** Where a value sits: object keys and array indexes from the root. Live: copy it to keep it. */
export type JsonPath = ReadonlyArray<string | number>;
export type JsonScalar = string | number | boolean | null;

export interface JsonWalkHandlers {
  /** A string, number, true, false or null, complete. */
  scalar(path: JsonPath, value: JsonScalar): void;
  /** An object or array just closed; `path` is its own. */
  close(path: JsonPath): void;
}

/**
 * Deeper than any HAR or log: a HAR entry's deepest field is Chrome's `_initiator.stack`, one level
 * per async parent, and DevTools keeps 32 of them (`setAsyncCallStackDepth(32)`); 128 is also
 * serde_json's default recursion limit. Each level costs a few bytes here.
 */
export const MAX_DEPTH = 128;

/**
 * Longer than any string a HAR or log holds: Chromium keeps at most 20 MB of one response body for
 * DevTools (`kDefaultResourceBufferSize`, inspector_network_agent.cc), 26.7 MB once base64-encoded in
 * a HAR's `content.text`. The tokenizer holds a string whole until it ends: this bounds it. Measured
 * as the bytes since the last token began, after each chunk, so it also bounds a number's digits and
 * a string whose escapes end every chunk mid-sequence (where the tokenizer reports no partial token).
 */
export const MAX_VALUE_BYTES = 32 * 1024 * 1024;

/**
 * Object keys longer than this are kept in the path as '' (no reader looks for such a key), so a
 * path of MAX_DEPTH long keys cannot hold MAX_DEPTH × MAX_VALUE_BYTES.
 */
const MAX_KEY_CHARS = 256;

/** The file breaks a limit above: not a HAR or log, and reading on would only cost memory. */
export class JsonLimitError extends Error {}

/** The file ends before its JSON does (a download or copy cut short). */
export class JsonEndedEarlyError extends Error {}

/** What may come next: RFC 8259's grammar as a state per position. */
type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

export interface JsonWalk {
  write(chunk: Uint8Array): void;
  /** Throws JsonEndedEarlyError when the document is incomplete. */
  end(): void;
}

export function walkJson(handlers: JsonWalkHandlers): JsonWalk {
  const tokenizer = new Tokenizer();
  const path: Array<string | number> = [];
  const inArray: boolean[] = [];
  let expect: Expect = 'value';
  let started = false;
  let consumed = 0;
  /** Where the last token began (the tokenizer's byte offsets, exact through escapes and UTF-8). */
  let lastToken = 0;

  const fail = (what: string): never => {
    throw new Error(`Unexpected ${expect === 'end' ? 'data after the end of the JSON document' : what} (at byte ${consumed.toLocaleString('en')}).`);
  };
  const afterValue = () => {
    expect = path.length === 0 ? 'end' : 'comma-or-close';
  };
  const open = (array: boolean) => {
    if (expect !== 'value' && expect !== 'value-or-close') fail(array ? '"["' : '"{"');
    if (path.length >= MAX_DEPTH) {
      throw new JsonLimitError(
        `The file is nested deeper than ${MAX_DEPTH} levels (at byte ${consumed.toLocaleString('en')}): this is not a HAR or an Immich Doctor log, which nest far less. Check that you chose the right file.`,
      );
    }
    path.push(array ? 0 : '');
    inArray.push(array);
    expect = array ? 'value-or-close' : 'key-or-close';
  };
  const close = (array: boolean) => {
    const allowed = array ? expect === 'value-or-close' || expect === 'comma-or-close' : expect === 'key-or-close' || expect === 'comma-or-close';
    if (!allowed || inArray[inArray.length - 1] !== array) fail(array ? '"]"' : '"}"');
    path.pop();
    inArray.pop();
    handlers.close(path);
    afterValue();
  };
  const checkValueLength = () => {
    if (consumed - lastToken > MAX_VALUE_BYTES) {
      throw new JsonLimitError(
        `The file holds a single value longer than ${megabytes(MAX_VALUE_BYTES)} (at byte ${consumed.toLocaleString('en')}): no HAR or Immich Doctor log needs one (browsers keep at most 20 MB of a response body). If it is a HAR with very large response bodies, record it again without them (Playwright: recordHar with content: 'omit').`,
      );
    }
  };

  tokenizer.onToken = ({ token, value, offset }: ParsedTokenInfo) => {
    started = true;
    lastToken = offset;
    switch (token) {
      case TokenType.LEFT_BRACE:
        return open(false);
      case TokenType.LEFT_BRACKET:
        return open(true);
      case TokenType.RIGHT_BRACE:
        return close(false);
      case TokenType.RIGHT_BRACKET:
        return close(true);
      case TokenType.COLON:
        if (expect !== 'colon') fail('":"');
        expect = 'value';
        return;
      case TokenType.COMMA:
        if (expect !== 'comma-or-close') fail('","');
        if (inArray[inArray.length - 1]) {
          (path[path.length - 1] as number) += 1;
          expect = 'value';
        } else {
          expect = 'key';
        }
        return;
      default:
        // A string where a key goes is the key; anywhere else it is a scalar like the others.
        if (token === TokenType.STRING && (expect === 'key' || expect === 'key-or-close')) {
          path[path.length - 1] = (value as string).length <= MAX_KEY_CHARS ? (value as string) : '';
          expect = 'colon';
          return;
        }
        // Named by its type, never quoted: a damaged HAR's string may be a cookie or a shared link's
        // address, and the message is shown and printed (found by a review).
        if (expect !== 'value' && expect !== 'value-or-close') fail(typeof value === 'string' ? 'a string' : String(value));
        handlers.scalar(path, value as JsonScalar);
        afterValue();
    }
  };

  return {
    write(chunk) {
      consumed += chunk.byteLength;
      tokenizer.write(chunk);
      checkValueLength();
    },
    end() {
      tokenizer.end();
      if (started && expect !== 'end') throw new JsonEndedEarlyError('The JSON document is not complete.');
    },
  };
}
