/**
 * Where Immich requests carry credentials (immich.md §2, "Auth resolution order"), and where its web
 * app's addresses do: nothing the extension stores or exports may hold their values. The one place
 * that knows them; every path is redacted here before it is stored, and again before it is exported.
 */
const SECRET_QUERY_PARAMS: readonly string[] = [
  // Shared links (`key`, `slug`), session and API keys, passwords.
  'key',
  'slug',
  'apikey',
  'sessionkey',
  'token',
  'access_token',
  'password',
  // OAuth returns land on the web app (`/auth/login?code=…&state=…`, `/user-settings?…`).
  'code',
  'state',
  'id_token',
  'refresh_token',
];

/**
 * The web app's shared-link pages carry the link's key or slug in the path: `/share/<key>`, `/s/<slug>`
 * (immich.md §1); also behind doubled slashes (`//share/<key>`: a base URL ending in `/` joined to the
 * link's path), which the URL parser keeps as they are.
 */
const SECRET_PATH_SEGMENT = /^(\/+(?:share|s)\/+)([^/]+)/;

export const REDACTED = 'REDACTED';

function isSecretQueryParam(name: string): boolean {
  return SECRET_QUERY_PARAMS.includes(name.toLowerCase());
}

/** A parameter name with a percent sign in it, before its `=` (or a name alone). */
const ENCODED_NAME = /(?:^\?|&)[^=&]*%/;

const MAY_HOLD_SECRET = new RegExp(`(^\\?|&)(${SECRET_QUERY_PARAMS.join('|')})=`, 'i');

/** The query string (`url.search`) with every credential's value replaced, names kept so the shape stays readable. */
export function redactQuery(search: string): string {
  // Most requests carry no credential: keep their query as it is, without parsing or re-encoding it.
  // A percent-encoded name (`?%6Bey=`) is a credential's name too once decoded: parse those. Encoded
  // values are common (each thumbnail's `c=` thumbhash) and need no parsing.
  if (!MAY_HOLD_SECRET.test(search) && !ENCODED_NAME.test(search)) return search;
  const params = new URLSearchParams(search);
  if (![...params.keys()].some(isSecretQueryParam)) return search;
  const safe = new URLSearchParams();
  for (const [name, value] of params) safe.append(name, isSecretQueryParam(name) ? REDACTED : value);
  return `?${safe.toString()}`;
}

/** A path (no query) with a shared link's key or slug replaced. */
export function redactPathname(pathname: string): string {
  return pathname.replace(SECRET_PATH_SEGMENT, `$1${REDACTED}`);
}

/** A request's path with its query, as the log keeps it: every credential replaced, in the path and in the query. */
export function redactPath(path: string): string {
  const query = path.indexOf('?');
  return query === -1 ? redactPathname(path) : redactPathname(path.slice(0, query)) + redactQuery(path.slice(query));
}
