import fc from 'fast-check';
import { PLANTED_SECRETS } from '../../lab/planted-secrets';

/**
 * Generators shared by the fuzz properties: what a hostile page, server or file can put where the
 * extension reads a value. Each mixes well-formed values (so deep paths are reached) with malformed
 * ones (so every guard is tried).
 */

export const ASSET = '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';

/** A string of `length` copies of one character: huge inputs without generating them one unit at a time. */
const huge = fc.tuple(fc.constantFrom('a', '/', '%', '[', '{', '\u00e9', '\ud83d\ude00'), fc.integer({ min: 1_000, max: 100_000 })).map(([unit, length]) => unit.repeat(length));

/**
 * Any string: short ones of every code unit (lone surrogates, controls), now and then a huge one (rare:
 * a request has a dozen strings, and huge ones make a run a hundred times slower).
 */
export const anyString = fc.oneof({ weight: 30, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) }, { weight: 10, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 40 }) }, { weight: 1, arbitrary: huge });

/** Numbers at every edge a range check can miss. */
export const anyNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, -1, 1, 0.5, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER, 8.64e15, 8.64e15 + 1, -8.64e15 - 1, 1e21, 1e300, Number.MIN_VALUE),
);

/** Values of the wrong type, where a string, number or list is expected. */
export const wrongType = fc.oneof(fc.constantFrom(null, undefined, true, {}, [], () => 'x', Symbol('s'), 10n), anyNumber, fc.object({ maxDepth: 1 }));

/** A percent-encoding of some of the characters of `text`, in either case of hex digit. */
export function percentSome(text: string): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom('keep', 'lower', 'upper'), { minLength: text.length, maxLength: text.length }).map((choices) =>
    [...text]
      .map((char, index) => {
        const hex = char.charCodeAt(0).toString(16).padStart(2, '0');
        return choices[index] === 'keep' ? char : `%${choices[index] === 'lower' ? hex.toLowerCase() : hex.toUpperCase()}`;
      })
      .join(''),
  );
}

/** Any casing of `text`. */
export function anyCase(text: string): fc.Arbitrary<string> {
  return fc.array(fc.boolean(), { minLength: text.length, maxLength: text.length }).map((upper) => [...text].map((char, index) => (upper[index] ? char.toUpperCase() : char.toLowerCase())).join(''));
}

const scheme = fc.constantFrom('http', 'https', 'ws', 'wss', 'HTTP', 'Https', 'ftp', 'file', 'javascript', 'data', 'blob', 'chrome-extension', 'moz-extension', '');
const separator = fc.constantFrom('://', '://', '://', ':', ':/', ':\\\\', '//');
const host = fc.oneof(
  fc.constantFrom('photos.example.com', 'localhost', '127.0.0.1', '[::1]', '192.168.1.20', 'immich', 'Photos.EXAMPLE.com', '127.1', '0x7f.1', 'a.1', '[0:0::1]', 'b\u00fccher.de', 'xn--bcher-kva.de', 'user:pass@photos.example.com', '', '%41', 'a..b', '-'),
  fc.stringMatching(/^[a-z0-9.-]{1,20}$/),
  anyString,
);
const port = fc.constantFrom('', '', '', ':80', ':443', ':2283', ':0', ':65535', ':65536', ':99999', ':080', ':', ':x');

/** A path segment: Immich's own words, ids, dot segments (raw and encoded), separators and anything. */
const segment = fc.oneof(
  fc.constantFrom('api', 'assets', 'asset', 'thumbnail', 'original', 'video', 'playback', 'stream', 'people', 'users', 'profile-image', 'socket.io', 'share', 's', 'photos', '_app', 'auth', 'login', ASSET, ASSET.toUpperCase()),
  fc.constantFrom('.', '..', '%2e', '%2E%2e', '.%2E', '', 'a\\b', '\\', ';x', '%2F', '%'),
  anyString,
);
const pathname = fc.array(segment, { maxLength: 8 }).chain((parts) => fc.constantFrom('/', '\\').map((slash) => `/${parts.join(slash)}`));

const queryName = fc.oneof(fc.constantFrom('key', 'slug', 'apiKey', 'sessionKey', 'code', 'state', 'size', 'isThumb', 'isWeb', 'c', 'edited', '__proto__').chain((name) => fc.oneof(fc.constant(name), anyCase(name), percentSome(name))), anyString);
const queryValue = fc.oneof(fc.constantFrom('preview', 'fullsize', 'thumbnail', 'true', '', 'abc%3D', '%', '%zz'), anyString);
const query = fc.option(
  fc.array(fc.tuple(queryName, fc.option(queryValue, { nil: undefined })), { maxLength: 5 }).map((params) => `?${params.map(([name, value]) => (value === undefined ? name : `${name}=${value}`)).join('&')}`),
  { nil: '' },
);
const fragment = fc.option(anyString.map((text) => `#${text}`), { nil: '' });

/** URLs as a browser, a HAR writer or an attacker may spell them, and strings that are no URL at all. */
export const hostileUrl = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(scheme, separator, host, port, pathname, query, fragment).map((parts) => parts.join('')) },
  { weight: 1, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
  { weight: 1, arbitrary: anyString },
);

const headerName = fc.oneof(
  fc.constantFrom('Content-Type', 'content-type', 'CONTENT-LENGTH', 'Content-Length', 'Server', 'server', 'cf-ray', 'x-immich-cid', 'X-Powered-By', 'access-control-allow-origin', 'X-Content-Type-Options', '__proto__', 'constructor', 'toString', 'hasOwnProperty'),
  anyString,
);
const headerValue = fc.oneof(fc.constantFrom('image/webp', 'text/html; charset=utf-8', 'application/json', 'nginx/1.22.1', 'Caddy', 'cloudflare', 'Express', '8722', '-1', '1e3', '9007199254740993', ' 12 ', ''), anyString);
const header = fc.oneof({ weight: 6, arbitrary: fc.record({ name: headerName, value: headerValue }, { requiredKeys: ['name'] }) }, { weight: 1, arbitrary: fc.record({ name: wrongType, value: wrongType }) }, { weight: 1, arbitrary: wrongType });
const headers = fc.oneof({ weight: 6, arbitrary: fc.array(header, { maxLength: 8 }) }, { weight: 1, arbitrary: wrongType });

const status = fc.oneof(fc.constantFrom(0, -1, 100, 101, 200, 204, 206, 301, 302, 304, 307, 400, 401, 403, 404, 413, 500, 502, 503, 504, 520, 599, 600, 999, 1000, 200.5), anyNumber, wrongType);
const browserError = fc.oneof(
  fc.constantFrom('net::ERR_ABORTED', 'net::ERR_CONNECTION_REFUSED', 'net::ERR_HTTP_RESPONSE_CODE_FAILURE', 'net::ERR_CERT_AUTHORITY_INVALID', 'NS_ERROR_CONNECTION_REFUSED', 'NS_BINDING_ABORTED', 'NS_ERROR_MODULE_SECURITY', 'net::', 'NS_', 'ERR_', 'unknown error', ''),
  anyString,
  wrongType,
);
const redirect = fc.oneof(hostileUrl, fc.constantFrom('/photos', '//other.example/x', '/oauth2/start?rd=/', '?a', '', 'https://photos.example.com/api/assets/x/original'), wrongType);
const resourceType = fc.oneof(fc.constantFrom('main_frame', 'sub_frame', 'image', 'media', 'xmlhttprequest', 'websocket', 'script', 'other', 'font', '__proto__'), anyString, wrongType);
const method = fc.oneof(fc.constantFrom('GET', 'get', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', ''), anyString, wrongType);

/**
 * A request as `classify` is handed it, in type only: every field may be missing, malformed or of
 * another type, as in a HAR entry that `harEntryRequest` passed through or a browser event.
 */
export const rawRequest = fc.record(
  {
    url: fc.oneof({ weight: 9, arbitrary: hostileUrl }, { weight: 1, arbitrary: wrongType }),
    method,
    type: resourceType,
    statusCode: status,
    error: fc.option(browserError, { nil: undefined, freq: 2 }),
    responseHeaders: headers,
    redirectUrl: fc.option(redirect, { nil: undefined, freq: 2 }),
    timeStamp: fc.oneof(fc.integer({ min: 0, max: 4_102_444_800_000 }), anyNumber, wrongType),
    tabId: fc.oneof(fc.integer({ min: -1, max: 100 }), anyNumber, wrongType),
    initiator: fc.oneof(fc.constantFrom('https://photos.example.com', 'http://photos.example.com', 'https:', 'null'), anyString, wrongType),
  },
  { requiredKeys: ['url'] },
);

/**
 * Immich's credential carriers (immich.md §2) as a browser may deliver them: the name in any case or
 * percent-encoded, among other parameters; a shared link's page behind any slashes. `§` stands for the
 * secret.
 */
const SECRET_QUERY_NAMES = ['key', 'slug', 'apiKey', 'sessionKey', 'code', 'state', 'token', 'access_token', 'id_token', 'refresh_token', 'password'];
export const queryCarrier = fc
  .tuple(fc.constantFrom(...SECRET_QUERY_NAMES).chain((name) => fc.oneof(fc.constant(name), anyCase(name), percentSome(name))), fc.array(fc.constantFrom('size=preview', 'c=abc%3D', 'edited=true', 'x', '', 'a=%', 'key'), { maxLength: 3 }), fc.array(fc.constantFrom('size=thumbnail', 'y=1', '', 'slug'), { maxLength: 2 }))
  .map(([name, before, after]) => `?${[...before, `${name}=§`, ...after].join('&')}`);
export const pathCarrier = fc
  .tuple(fc.constantFrom('/', '//'), fc.constantFrom('share', 's').chain((page) => fc.oneof(fc.constant(page), percentSome(page))), fc.constantFrom('/', '//'), fc.constantFrom('', '/', `/photos/${ASSET}`))
  .map(([lead, page, slashes, rest]) => `${lead}${page}${slashes}§${rest}`);
/**
 * How a gateway may percent-encode an address it carries: all of it (`encodeURIComponent`), leaving its
 * slashes (Python's `quote`, Django's `redirect_to_login`) or its colons (Go's `url.PathEscape`). The
 * secret's `§` is kept as it is, to be replaced later.
 */
const gatewayEncoding = fc.constantFrom(
  (text: string) => encodeURIComponent(text),
  (text: string) => encodeURIComponent(text).replaceAll('%2F', '/'),
  (text: string) => encodeURIComponent(text).replaceAll('%3A', ':'),
);
const encodedBy = (text: string, encode: (text: string) => string, times: number): string => (times === 0 ? text : encodedBy(encode(text).replaceAll('%C2%A7', '§'), encode, times - 1));

/** An address on the site that carries a credential, or a credential's page. */
const addressCarrier = fc.oneof(pathCarrier, fc.tuple(fc.constantFrom('/api/assets/x/original', '/photos', '/auth/login'), queryCarrier).map(([path, search]) => path + search));

/**
 * A login gateway's return address (oauth2-proxy's `rd=`, Authentik's `next=`…) holding a carrier, on
 * the site or as a path, as written or percent-encoded whole, once or twice:
 * `?rd=https://photos.example.com/share/§`.
 */
export const returnCarrier = fc
  .tuple(
    fc.constantFrom('rd', 'next', 'redirect_uri', 'continue'),
    // With a scheme, without one, or without even the slashes (`continue=photos.example.com/share/…`).
    fc.constantFrom('', 'https://photos.example.com', '//photos.example.com', 'photos.example.com', '192.168.1.20:2283', 'immich_server:2283', '[fd00::20]:2283', 'localhost'),
    addressCarrier,
    gatewayEncoding,
    fc.integer({ min: 0, max: 2 }),
  )
  .map(([name, site, address, encode, times]) => `?${name}=${encodedBy(site + address, encode, times)}`);

/**
 * A return address relative to the site, without its leading slash (`next=share%2F§`), as URL parsers
 * also read one: after `./` or `../`, a space, with backslashes for slashes, under any return
 * address's name; as written or encoded up to twice.
 */
export const relativeReturnCarrier = fc
  .tuple(
    fc.constantFrom('rd', 'next', 'continue', 'url', 'redirect_to', 'returnTo', 'goto'),
    fc.constantFrom('', './', '../', ' ', './/'),
    addressCarrier.map((address) => address.replace(/^\/+/, '')),
    fc.boolean(),
    gatewayEncoding,
    fc.integer({ min: 0, max: 2 }),
  )
  .map(([name, lead, address, backslashes, encode, times]) => `?${name}=${encodedBy(lead + (backslashes ? address.replaceAll('/', '\\') : address), encode, times)}`);

/**
 * Return addresses held by return addresses, each as written or encoded up to three times (a gateway
 * sending to a portal that sends back to the site…), deeper than redaction follows too: the secret must
 * go whatever the depth.
 */
export const nestedReturnCarrier = fc
  .tuple(
    addressCarrier,
    fc.array(fc.tuple(fc.constantFrom('rd', 'next', 'continue'), fc.constantFrom('/login', '/oauth2/start', 'https://auth.example.com/', 'photos.example.com/auth'), gatewayEncoding, fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 5 }),
  )
  .map(([address, wrappers]) => wrappers.reduce((inner, [name, page, encode, times]) => `${page}?${name}=${encodedBy(inner, encode, times)}`, address))
  .map((address) => `/oauth2/sign_in?rd=${encodeURIComponent(address).replaceAll('%C2%A7', '§')}`);
/** A secret as Immich makes them (URL-safe), or one the lab plants. */
export const secret = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{12,40}$/), fc.constantFrom(...PLANTED_SECRETS));

/** Object keys that reach Object.prototype when a reader assigns them (`obj[key] = …`) carelessly. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'] as const;

const pristinePrototype = new Map(Object.getOwnPropertyNames(Object.prototype).map((name) => [name, Object.getOwnPropertyDescriptor(Object.prototype, name)!.value]));

/** Whether Object.prototype is as it was when this module loaded: nothing added, nothing replaced. */
export function prototypeIsClean(): boolean {
  const names = Object.getOwnPropertyNames(Object.prototype);
  return names.length === pristinePrototype.size && names.every((name) => pristinePrototype.has(name) && Object.is(Object.getOwnPropertyDescriptor(Object.prototype, name)!.value, pristinePrototype.get(name)));
}
