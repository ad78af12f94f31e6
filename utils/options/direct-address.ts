import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { currentBrowser } from '../browser-name';
import { parseOrigin, patternsToRemove } from '../origins/origin';
import { isPlainObject } from '../plain-object';
import { changeUnderLock } from '../locked-change';

/**
 * A site's second, direct address (the server's LAN IP and port, bypassing the proxy) for *Run checks*'
 * comparison (../server-checks/checks/direct.ts), by site, in `storage.local`. The extension may
 * only ask an address it has access to, so entering one asks the browser for it, in the click.
 */
export const directAddressesItem = storage.defineItem<unknown>('local:serverCheckDirect', { fallback: null });

/** The stored direct addresses by site, only those that are still origins. */
export function readDirectAddresses(stored: unknown): Record<string, string> {
  if (!isPlainObject(stored)) return {};
  return Object.fromEntries(Object.entries(stored).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && parseOrigin(entry[1]).ok));
}

/** Changes the stored direct addresses under their own lock (../locked-change.ts); `undefined`: no change. */
export function changeDirectAddresses(change: (addresses: Record<string, string>) => Record<string, string> | undefined | Promise<Record<string, string> | undefined>): Promise<Record<string, string>> {
  return changeUnderLock('immich-doctor:direct-addresses', async () => readDirectAddresses(await directAddressesItem.getValue()), (addresses) => directAddressesItem.setValue(addresses), change);
}

export async function directAddressOf(origin: string): Promise<string | undefined> {
  const addresses = readDirectAddresses(await directAddressesItem.getValue());
  return Object.hasOwn(addresses, origin) ? addresses[origin] : undefined;
}

/** The addresses the extension still needs access to: the watched sites, and their direct addresses. */
export async function addressesInUse(watched: readonly string[]): Promise<string[]> {
  const direct = readDirectAddresses(await directAddressesItem.getValue());
  return [...new Set([...watched, ...watched.flatMap((site) => (Object.hasOwn(direct, site) ? [direct[site]!] : []))])];
}

/**
 * Forgets the site's direct address and gives its access back, unless something still needs it
 * (`watched`, the watched sites after this change, and their own direct addresses): nothing of a site
 * stays once it is removed.
 */
export async function removeDirectAddress(origin: string, watched: readonly string[]): Promise<void> {
  let removed: string | undefined;
  await changeDirectAddresses(({ [origin]: old, ...others }) => {
    removed = old;
    return others;
  });
  if (removed !== undefined) await giveBackAccess(removed, await addressesInUse(watched));
}

/** Gives back the access to an address, unless it is `needed`: as Stop watching does, a grant another address on the same host needs stays. */
export async function giveBackAccess(address: string, needed: readonly string[]): Promise<void> {
  if (needed.includes(address)) return;
  const granted = await browser.permissions.getAll().then(
    (all) => all.origins,
    () => undefined,
  );
  for (const patterns of patternsToRemove(address, needed, currentBrowser(), granted)) await browser.permissions.remove({ origins: patterns }).catch(() => false);
}
