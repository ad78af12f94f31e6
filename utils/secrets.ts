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

/** Whether a parameter's name is one of `names` (lower-case), whatever its case. */
const isNamed = (name: string, names: readonly string[]) => names.includes(name.toLowerCase());

/** A query that has a parameter named one of `names`, whatever its case: the quick check before parsing it. */
function namesOneOf(names: readonly string[]): RegExp {
  return new RegExp(`(^\\?|&)(${names.join('|')})=`, 'i');
}

/**
 * Immich's own parameters that hold data, never an address to follow, on the routes that take them: an
 * asset's thumbhash (`c=`, base64, which may start with `/s/`: the web app's thumbnail, original and
 * playback addresses), and the folder view's path (`GET /api/view/folder?path=`, the SDK's
 * `getAssetsByOriginalPath`) and the web app's Folders page, whose folder names a diagnosis of a missing volume needs: QNAP's volumes
 * are under `/share/<name>` (a review). On any other route they are read as any parameter: a login
 * gateway's `path=` may hold the address it returns to (a later review).
 */
const DATA_QUERY_PARAMS: ReadonlyArray<readonly [name: string, route: RegExp]> = [
  ['c', /^\/api\/assets\//],
  ['path', /^\/api\/view\/folder\/?$/],
  // The web app's Folders page (`/folders?path=<folder>`, its QueryParameter.PATH): a later review.
  ['path', /^\/folders\/?$/],
];

const isDataParam = (name: string, pathname: string) => DATA_QUERY_PARAMS.some(([data, route]) => data === name && route.test(pathname));

/**
 * The names under which login gateways and web apps carry the address to send the user back to:
 * oauth2-proxy's and Authelia's `rd`, Authentik's `next`, Immich's web app's `continue`, OAuth's
 * `redirect_uri`, Vouch Proxy's `url`, and their common variants. Under these a value is an address
 * even relative and without a leading slash (`next=share%2F<key>`), which no shape tells apart from a
 * search for "share/x" under any other name (a review).
 */
const RETURN_ADDRESS_PARAMS: readonly string[] = [
  'rd',
  'next',
  'continue',
  'url',
  'goto',
  'target',
  'callback',
  'redirect',
  'redirect_uri',
  'redirect_url',
  'redirect_to',
  'redirecturi',
  'redirecturl',
  'redirectto',
  'return',
  'returnto',
  'return_to',
  'returnurl',
  'return_url',
  'return_path',
  'back',
  'dest',
  'destination',
];

/**
 * A query that names a return address (`RETURN_ADDRESS_PARAMS`): read whatever its value, which may be
 * a relative address with no slash at all (`next=photos%23access_token%3D…`: a review).
 */
const MAY_HOLD_RETURN_ADDRESS = namesOneOf(RETURN_ADDRESS_PARAMS);

/** A parameter name with a percent sign in it, before its `=` (or a name alone). */
const ENCODED_NAME = /(?:^\?|&)[^=&]*%/;

const MAY_HOLD_SECRET = namesOneOf(SECRET_QUERY_PARAMS);

/**
 * A query with a slash or a second `?` in it, plain or encoded, once or more (`%252F`, `%3F`): a value
 * may be an address of its own (`rd=https://…`, `continue=photos.example.com?key=…`). Scans of the text,
 * linear: a pattern from each `=` to a slash read a page's `?a====…` of 50,000 characters in 7.8 s (a
 * review).
 */
const mayHoldAddress = (search: string) => search.includes('/') || search.includes('?', 1) || /%(?:25)*(?:2f|3f)/i.test(search);

/**
 * A value that is an address or a path: what a login gateway or the web app sends back to afterwards.
 * With a scheme, a path, or a host alone followed by a path or a query
 * (`continue=photos.example.com/share/<key>`, `immich_server:2283/…`, `[fd00::20]:2283/…`,
 * `localhost/…`): a host with a dot, a port, brackets or that name, which base64 never has. As URL
 * parsers read one (https://url.spec.whatwg.org/#concept-basic-url-parser): after leading spaces and
 * controls, which they drop, and with a scheme followed by one slash only (`https:/host/…` is read as
 * `https://host/…`; the mobile app's `app.immich:/oauth-callback`): found by a review.
 */
const ADDRESS_VALUE = /^[\u0000-\u0020]*(?:[/\\]|[a-z][a-z0-9+.-]*:[/\\]|(?:\[[0-9a-f:.]+\]|localhost|[a-z0-9_-]+(?:\.[a-z0-9_-]+)+|[a-z0-9_-]+(?=:\d))(?::\d+)?[/\\?])/i;

/** A run of percent-escapes (`%E2%80%AE`: one character in UTF-8)… */
const ESCAPE_RUN = /(?:%[0-9a-f]{2})+/gi;
/** …and one escape of an ASCII character, which means that character whatever surrounds it. */
const ASCII_ESCAPE = /%[0-7][0-9a-f]/gi;

/** Percent-escapes decoded, as the address's reader would: a run that is no UTF-8 keeps its other bytes escaped. */
function decodeLeniently(value: string): string {
  return value.replace(ESCAPE_RUN, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run.replace(ASCII_ESCAPE, (escape) => String.fromCharCode(parseInt(escape.slice(1), 16)));
    }
  });
}

/**
 * In an address held by a parameter: a shared link's page wherever it is, after a host or any
 * slashes. Broader than the path's own rule (SECRET_PATH_SEGMENT): this address is only shown, never
 * classified, and a segment taken for a link's hides nothing the diagnosis needs.
 */
const NESTED_SECRET_SEGMENT = /(\/(?:share|s)\/+)([^/?#]+)/g;

/**
 * How deep addresses held by parameters are followed (`rd=/login?next=/share/<key>`: two), and how many
 * extra encodings of one are read through (`rd=https%253A%252F%252F…`: a gateway encoding an address it
 * got already encoded; one). An address beyond either is replaced whole: it is not read, so it may hold
 * anything.
 */
const MAX_NESTING = 3;
const MAX_EXTRA_ENCODINGS = 3;

/** Text encoded deeper than is read (`decodedUntil`), or an address nested deeper than is followed (`redactValue`). */
const TOO_DEEP = Symbol('too deep');

/**
 * The first of `text` and its decodings (`decodeLeniently`, up to MAX_EXTRA_ENCODINGS) that `found`
 * accepts; undefined when none is and decoding changes nothing more; TOO_DEEP when decoding would
 * still change it past the limit.
 */
function decodedUntil(text: string, found: (decoded: string) => boolean): string | typeof TOO_DEEP | undefined {
  let decoded = text;
  for (let extra = 0; !found(decoded); extra += 1) {
    const next = decoded.includes('%') ? decodeLeniently(decoded) : decoded;
    if (next === decoded) return undefined;
    if (extra === MAX_EXTRA_ENCODINGS) return TOO_DEEP;
    decoded = next;
  }
  return decoded;
}

/**
 * The address a parameter's value holds: as it is, or once its extra encodings are decoded (which do
 * not count as nesting: the same address is then followed as deep whether it came encoded or not, and
 * redacting it again changes nothing). Undefined for a value that is no address.
 */
const addressIn = (value: string) => decodedUntil(value, (decoded) => ADDRESS_VALUE.test(decoded));

/**
 * A credential left in sight in an address: a link's page with its key, or a credential parameter with
 * its value, in the query, the fragment (an OAuth implicit return's `#access_token=`) or after a `;`.
 */
const CREDENTIAL_IN_SIGHT = new RegExp(
  // A backslash is a slash to URL parsers in web addresses, once decoded too (`share%5C<key>`).
  `[/\\\\](?:share|s)[/\\\\]+(?!${REDACTED}(?:[/\\\\?#&;]|$))[^/\\\\?#&;]|(?:^|[?&#;])(?:${SECRET_QUERY_PARAMS.join('|')})=(?!${REDACTED}(?:[&#;]|$))[^&#;]` +
    // A relative return address's link page (`next=share/<key>`): a review found one left encoded inside another.
    `|(?:^|[?&#;])(?:${RETURN_ADDRESS_PARAMS.join('|')})=(?:\\.{1,2}[/\\\\])*(?:share|s)[/\\\\]+(?!${REDACTED}(?:[/\\\\?#&;]|$))[^/\\\\?#&;]`,
  'i',
);

/**
 * Whether an address, redacted, may still hold a credential: one in sight once decoded as far as extra
 * encodings are read, or a part encoded deeper than that. Such a part (`/login%253Frd%253D%25252Fshare
 * %25252F<key>`, from a gateway that leaves slashes alone) is no address of its own to follow, yet
 * holds one.
 */
const mayShowCredential = (address: string) => decodedUntil(address, (decoded) => CREDENTIAL_IN_SIGHT.test(decoded)) !== undefined;

/** An address URL parsers read otherwise than its text (`parsedShowsCredential`): dot segments, `\`, tabs, newlines, leading spaces or controls. */
const readsOtherwise = (address: string) => /[\\\t\n\r]|(?:^|[/\\])(?:\.|%2e){1,2}(?=[/\\?#]|$)|^[\u0000-\u0020]/i.test(address);

/**
 * Whether an address, read as URL parsers read it, shows a credential its text hid: they drop leading
 * and trailing spaces and controls, remove tabs and newlines anywhere, take `\` for `/` in web
 * addresses, and resolve `.` and `..` segments, `%2e` too (https://url.spec.whatwg.org/#concept-basic-url-parser).
 * So `share/./<key>`, `share\<key>`, `sh<tab>are/<key>` and `share/REDACTED/../<key>` are the link's page
 * (a review). Read against a web base, as the page that follows it would.
 */
function parsedShowsCredential(address: string): boolean {
  const parsed = asParsed(address);
  return parsed !== address && CREDENTIAL_IN_SIGHT.test(parsed);
}

/** The web base a relative address is read against: a host that cannot exist (RFC 6761 `.invalid`). */
const PARSE_BASE = 'http://base.invalid';

/** An address as URL parsers read it (`parsedShowsCredential`): whole, or from its path when relative; as it is if it does not parse. */
function asParsed(address: string): string {
  try {
    const parsed = new URL(address, `${PARSE_BASE}/`);
    return parsed.origin === PARSE_BASE ? parsed.pathname + parsed.search + parsed.hash : parsed.href;
  } catch {
    return address;
  }
}

/**
 * A parameter's value with the credentials of the address it holds replaced: a login gateway in front
 * of Immich (oauth2-proxy's `rd=`, Authelia's `rd=`, Authentik's `next=`) carries the address it sends
 * the user back to, a shared link's page or a request with its key included
 * (`rd=https://photos.example.com/share/<key>`). As it was when nothing in it changed.
 */
function redactValue(value: string, depth: number): string {
  const found = addressIn(value);
  if (found === undefined) return value;
  if (found === TOO_DEEP || depth >= MAX_NESTING) return REDACTED;
  // Text a parser reads otherwise (`share/./<key>`, `share\<key>`) is redacted as the parser reads it:
  // redacting its text took the `.` for the key (a review).
  const address = readsOtherwise(found) ? asParsed(found) : found;
  const query = address.indexOf('?');
  const path = query === -1 ? address : address.slice(0, query);
  const routed = routedPath(path);
  const redacted = routed.replace(NESTED_SECRET_SEGMENT, `$1${REDACTED}`);
  const head = redacted === routed ? path : redacted;
  const whole = query === -1 ? head : head + redactQueryAt(address.slice(query), '', depth + 1);
  if (mayShowCredential(whole) || parsedShowsCredential(whole)) return REDACTED;
  // Nothing replaced: the value as it was, not as parsed.
  return whole === address ? value : whole;
}

/**
 * The query string (`url.search`) of a request to `pathname` with every credential's value replaced,
 * names kept so the shape stays readable, and the credentials of any address a value holds
 * (`redactValue`) but Immich's own data on its routes (`DATA_QUERY_PARAMS`).
 */
export function redactQuery(search: string, pathname: string): string {
  return redactQueryAt(search, pathname, 0);
}

/** A return address's value (`RETURN_ADDRESS_PARAMS`): one that is no address by its shape is read as a path from the site's root. */
function redactReturnAddress(value: string, depth: number): string {
  if (addressIn(value) !== undefined) return redactValue(value, depth);
  const rooted = fromRoot(value);
  const redacted = redactValue(rooted, depth);
  const relative = redacted === rooted ? value : redacted === REDACTED ? REDACTED : redacted.slice(1);
  // What that left, decoded as far as extra encodings are read and read from the root as URL parsers
  // read it: a link page encoded once more after a space (`%2520share%252F<key>`) slipped past (fuzz).
  return relative !== REDACTED && relativeShowsCredential(relative) ? REDACTED : relative;
}

/** Whether a relative address shows a link page with its key, or a credential parameter, once decoded and read from the site's root. */
const relativeShowsCredential = (relative: string) => decodedUntil(relative, (decoded) => CREDENTIAL_IN_SIGHT.test(asParsed(fromRoot(decoded)))) !== undefined;

/** A relative address as a path from the site's root, as URL parsers read it: leading spaces and controls dropped (`+share/<key>`, `%20share/<key>`). */
const fromRoot = (relative: string) => `/${relative.replace(/^[\u0000-\u0020]+/, '')}`;

/** `redactQuery`, for a query `depth` addresses deep: an address's own parameters are never Immich's data. */
function redactQueryAt(search: string, pathname: string, depth: number): string {
  // Most requests carry no credential: keep their query as it is, without parsing or re-encoding it.
  // A percent-encoded name (`?%6Bey=`) is a credential's name too once decoded: parse those. Encoded
  // values are common (each thumbnail's `c=` thumbhash) and need no parsing unless they hold a slash.
  if (!MAY_HOLD_SECRET.test(search) && !ENCODED_NAME.test(search) && !mayHoldAddress(search) && !MAY_HOLD_RETURN_ADDRESS.test(search)) return search;
  const safe = new URLSearchParams();
  let changed = false;
  for (const [name, value] of new URLSearchParams(search)) {
    const kept = isNamed(name, SECRET_QUERY_PARAMS)
      ? REDACTED
      : depth === 0 && isDataParam(name, pathname)
        ? value
        : isNamed(name, RETURN_ADDRESS_PARAMS)
          ? redactReturnAddress(value, depth)
          : redactValue(value, depth);
    changed ||= kept !== value;
    safe.append(name, kept);
  }
  return changed ? `?${safe.toString()}` : search;
}

/** A percent-escape of an unreserved character (RFC 3986 §2.3: letters, digits, `-._~`), which means the character itself. */
const ENCODED_UNRESERVED = /%(?:4[1-9a-f]|5[0-9a]|6[1-9a-f]|7[0-9a]|3[0-9]|2[de]|5f|7e)/gi;

/**
 * A path as it is routed: a page's path is decoded first, so `/%73hare/<key>` is the shared link's page.
 * Only unreserved escapes are read as their characters, which they mean wherever they are (RFC 3986
 * §6.2.2.2); an encoded slash is no separator.
 */
function routedPath(path: string): string {
  return path.includes('%') ? path.replace(ENCODED_UNRESERVED, (escape) => decodeURIComponent(escape)) : path;
}

/** A path (no query) with a shared link's key or slug replaced, in whichever spelling it is routed. */
export function redactPathname(pathname: string): string {
  const routed = routedPath(pathname);
  return SECRET_PATH_SEGMENT.test(routed) ? routed.replace(SECRET_PATH_SEGMENT, `$1${REDACTED}`) : pathname;
}

/** A request's path and its query (`url.pathname`, `url.search`), every credential replaced, as one path. */
export function redactPathAndQuery(pathname: string, search: string): string {
  return redactPathname(pathname) + redactQuery(search, pathname);
}

/** A request's path with its query, as the log keeps it: every credential replaced, in the path and in the query. */
export function redactPath(path: string): string {
  const query = path.indexOf('?');
  return query === -1 ? redactPathname(path) : redactPathAndQuery(path.slice(0, query), path.slice(query));
}
