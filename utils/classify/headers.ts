import { cutText } from '../cut-text';
/** Response headers as webRequest and HAR give them: a list of name/value pairs, names in any case. */
export type HeaderList = ReadonlyArray<{ readonly name: string; readonly value?: string }>;

/**
 * The few response headers the classifier reads, picked out in one pass (the hot path: a Map or
 * repeated scans per request cost more than the rest of classification).
 */
export interface KnownHeaders {
  /** Whether any well-formed header was present at all. */
  any: boolean;
  contentType?: string;
  contentLength?: string;
  server?: string;
  cfRay?: string;
  immichCid?: string;
  poweredBy?: string;
  allowOrigin?: string;
  contentTypeOptions?: string;
}

/** Header values longer than this are cut: nothing the classifier reads is longer, and logs stay small. */
const MAX_HEADER_VALUE = 512;

const FIELDS: Record<string, keyof Omit<KnownHeaders, 'any'>> = {
  'content-type': 'contentType',
  'content-length': 'contentLength',
  server: 'server',
  'cf-ray': 'cfRay',
  'x-immich-cid': 'immichCid',
  'x-powered-by': 'poweredBy',
  'access-control-allow-origin': 'allowOrigin',
  'x-content-type-options': 'contentTypeOptions',
};

/**
 * Header names as servers spell them ("Content-Type", "content-type") → the field they fill, or null.
 * The same few spellings repeat on every response, so lower-casing each name once is enough.
 */
const FIELD_BY_SPELLING = new Map<string, keyof Omit<KnownHeaders, 'any'> | null>();
const MAX_SPELLINGS = 1000;

function fieldOf(name: string): keyof Omit<KnownHeaders, 'any'> | null {
  let field = FIELD_BY_SPELLING.get(name);
  if (field === undefined) {
    field = FIELDS[name.toLowerCase()] ?? null;
    // Bounded: a server inventing header names cannot grow it without limit.
    if (FIELD_BY_SPELLING.size < MAX_SPELLINGS) FIELD_BY_SPELLING.set(name, field);
  }
  return field;
}

/** Picks the known headers out of a list (first value wins), skipping malformed entries. */
export function readHeaders(headers: HeaderList | undefined): KnownHeaders {
  const known: KnownHeaders = {
    any: false,
    contentType: undefined,
    contentLength: undefined,
    server: undefined,
    cfRay: undefined,
    immichCid: undefined,
    poweredBy: undefined,
    allowOrigin: undefined,
    contentTypeOptions: undefined,
  };
  if (!Array.isArray(headers)) return known;
  for (const header of headers as HeaderList) {
    if (typeof header?.name !== 'string') continue;
    known.any = true;
    const field = fieldOf(header.name);
    if (field === null || known[field] !== undefined) continue;
    known[field] = typeof header.value === 'string' ? cutText(header.value, MAX_HEADER_VALUE) : '';
  }
  return known;
}

/** The media type without parameters, lower-cased: `image/webp; charset=utf-8` → `image/webp`. */
export function mediaType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const semicolon = contentType.indexOf(';');
  const type = (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return type || undefined;
}
