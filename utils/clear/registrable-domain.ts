/**
 * The registrable domain Chrome clears cookies for: `GetDomainAndRegistry(origin,
 * INCLUDE_PRIVATE_REGISTRIES)` in chromium `browsing_data_api.cc`, which counts unknown top-level names
 * as registries (`INCLUDE_UNKNOWN_REGISTRIES`: `photos.home.lan` → `home.lan`) and gives nothing for an
 * IP address or a one-label name (Chrome then clears that host). tldts answers the same from the Public
 * Suffix List with `allowPrivateDomains` (so `immich.tail1234.ts.net` → `tail1234.ts.net`, not `ts.net`).
 * Loaded on demand: the list weighs ~140 kB and is needed only when the user opens the confirmation.
 */
export async function registrableDomain(hostname: string): Promise<string | null> {
  const { getDomain } = await import('tldts');
  return getDomain(hostname, { allowPrivateDomains: true });
}
