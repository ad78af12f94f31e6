/** Response headers as webRequest and HAR give them: a list of name/value pairs, names in any case. */
export type HeaderList = ReadonlyArray<{ readonly name: string; readonly value?: string }>;

/** Header values longer than this are cut: nothing the classifier reads is longer, and logs stay small. */
const MAX_HEADER_VALUE = 512;

/** The first value of a header, case-insensitive; `undefined` when absent or malformed. */
export function headerValue(headers: HeaderList | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const header of headers) {
    if (typeof header?.name === 'string' && header.name.toLowerCase() === wanted) {
      return typeof header.value === 'string' ? header.value.slice(0, MAX_HEADER_VALUE) : '';
    }
  }
  return undefined;
}

/** The media type without parameters, lower-cased: `image/webp; charset=utf-8` → `image/webp`. */
export function mediaType(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type ? type : undefined;
}
