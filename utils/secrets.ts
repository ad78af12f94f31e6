/**
 * Where Immich requests carry credentials (immich.md §2, "Auth resolution order"). Nothing the extension
 * stores or exports may hold their values.
 */
export const SECRET_QUERY_PARAMS: readonly string[] = ['key', 'slug', 'apikey', 'sessionkey', 'token', 'access_token', 'password'];

export const REDACTED = 'REDACTED';

export function isSecretQueryParam(name: string): boolean {
  return SECRET_QUERY_PARAMS.includes(name.toLowerCase());
}

/** The query string with every credential's value replaced, names kept so the shape stays readable. */
export function redactQuery(params: URLSearchParams): string {
  if ([...params.keys()].length === 0) return '';
  const safe = new URLSearchParams();
  for (const [name, value] of params) safe.append(name, isSecretQueryParam(name) ? REDACTED : value);
  return `?${safe.toString()}`;
}
