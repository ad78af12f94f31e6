/**
 * Where Immich requests carry credentials (immich.md §2, "Auth resolution order"). Nothing the extension
 * stores or exports may hold their values.
 */
const SECRET_QUERY_PARAMS: readonly string[] = ['key', 'slug', 'apikey', 'sessionkey', 'token', 'access_token', 'password'];

export const REDACTED = 'REDACTED';

function isSecretQueryParam(name: string): boolean {
  return SECRET_QUERY_PARAMS.includes(name.toLowerCase());
}

const MAY_HOLD_SECRET = new RegExp(`(^\\?|&)(${SECRET_QUERY_PARAMS.join('|')})=`, 'i');

/** The query string (`url.search`) with every credential's value replaced, names kept so the shape stays readable. */
export function redactQuery(search: string): string {
  // Most requests carry no credential: keep their query as it is, without parsing or re-encoding it.
  if (!MAY_HOLD_SECRET.test(search)) return search;
  const params = new URLSearchParams(search);
  const safe = new URLSearchParams();
  for (const [name, value] of params) safe.append(name, isSecretQueryParam(name) ? REDACTED : value);
  return `?${safe.toString()}`;
}
