import { redactPath } from '../secrets';

/**
 * What an export hides beyond credentials. Credentials never reach an export: cookies, request bodies
 * and auth headers are never read, and credential query parameters are replaced when a request is
 * recorded (and again here, in case an older log slipped one through).
 */
export interface RedactionOptions {
  /** Write `immich.example` instead of the real host name. */
  hideHost: boolean;
  /** Replace asset ids with stable pseudonyms (still UUID-shaped, so the export diagnoses the same). */
  hideAssetIds: boolean;
}

export const DEFAULT_REDACTION: RedactionOptions = { hideHost: false, hideAssetIds: false };

export const EXAMPLE_HOST = 'immich.example';
/** What another host (an SSO portal, a CDN) becomes when hosts are hidden: it may name the user's domain too. */
const OTHER_EXAMPLE_HOST = 'other-host.example';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** FNV-1a: a short, stable, non-cryptographic fingerprint, enough to keep pseudonyms distinct. */
function fnv1a(text: string, seed: number): number {
  let hash = seed;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The same id always gives the same pseudonym: `00000000-0000-4000-8000-<12 hex>`. */
export function pseudonymousId(id: string): string {
  const key = id.toLowerCase();
  const hex = (fnv1a(key, 0x811c9dc5).toString(16).padStart(8, '0') + fnv1a(key, 0x01000193).toString(16).padStart(8, '0')).slice(0, 12);
  return `00000000-0000-4000-8000-${hex}`;
}

export interface Redactor {
  origin(origin: string): string;
  /** A path with its query: credentials replaced, ids pseudonymised when asked. */
  path(path: string): string;
  assetId(id: string | undefined): string | undefined;
  /** A host name a redirect pointed to. */
  host(name: string): string;
}

/**
 * A host name as a pattern that finds it however a path writes it: any of its characters other than
 * letters, digits and `-` as they are or percent-encoded, once or more, in either case of hex (an
 * address a parameter holds: `back=http%3A%2F%2F%5Bfd00%3A%3A20%5D%3A2283%2F`, or `%5Bfd00::20%5D`
 * from an encoder that leaves colons alone).
 */
function hostPattern(name: string): string {
  return [...name].map((char) => (/[a-z0-9-]/i.test(char) ? char : `(?:\\${char}|%(?:25)*${char.charCodeAt(0).toString(16).padStart(2, '0')})`)).join('');
}

export function createRedactor(origin: string, options: RedactionOptions): Redactor {
  const { host, hostname } = new URL(origin);
  const ids = (text: string) => (options.hideAssetIds ? text.replace(UUID, (id) => pseudonymousId(id)) : text);
  // The host with its port first: the name alone would leave the port behind.
  const hostNames = new RegExp(`${hostPattern(host)}|${hostPattern(hostname)}`, 'gi');
  const hosts = (text: string) => (options.hideHost ? text.replace(hostNames, EXAMPLE_HOST) : text);
  return {
    origin: (value) => hosts(value),
    // A path may name the host too (`?next=http://photos.example.com:2283/photos`).
    path: (path) => ids(hosts(redactPath(path))),
    assetId: (id) => (id === undefined ? undefined : ids(id)),
    host: (name) => (!options.hideHost ? name : name === hostname ? EXAMPLE_HOST : OTHER_EXAMPLE_HOST),
  };
}
