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
 * How a path may write a host name: as it is, and percent-encoded once or twice with either case of hex
 * (an address a parameter holds: `back=http%3A%2F%2F%5Bfd00%3A%3A20%5D%3A2283%2F`, an IPv6 address's
 * brackets and colons and a port's colon escaped).
 */
function hostSpellings(name: string): string[] {
  const once = encodeURIComponent(name);
  const twice = encodeURIComponent(once);
  return [name, once, once.toLowerCase(), twice, twice.toLowerCase()];
}

export function createRedactor(origin: string, options: RedactionOptions): Redactor {
  const { host, hostname } = new URL(origin);
  const ids = (text: string) => (options.hideAssetIds ? text.replace(UUID, (id) => pseudonymousId(id)) : text);
  // The longest first: the host with its port before the name alone.
  const spellings = [...new Set([...hostSpellings(host), ...hostSpellings(hostname)])].sort((a, b) => b.length - a.length);
  const hosts = (text: string) => (options.hideHost ? spellings.reduce((hidden, spelling) => hidden.split(spelling).join(EXAMPLE_HOST), text) : text);
  return {
    origin: (value) => hosts(value),
    // A path may name the host too (`?next=http://photos.example.com:2283/photos`).
    path: (path) => ids(hosts(redactPath(path))),
    assetId: (id) => (id === undefined ? undefined : ids(id)),
    host: (name) => (!options.hideHost ? name : name === hostname ? EXAMPLE_HOST : OTHER_EXAMPLE_HOST),
  };
}
