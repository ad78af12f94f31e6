import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { currentBrowser } from '../browser-name';
import { errorMessage } from '../error-message';
import { originPatterns, parseOrigin, patternsToRemove } from '../origins/origin';
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
function changeDirectAddresses(change: (addresses: Record<string, string>) => Record<string, string> | undefined | Promise<Record<string, string> | undefined>): Promise<Record<string, string>> {
  return changeUnderLock('immich-doctor:direct-addresses', async () => readDirectAddresses(await directAddressesItem.getValue()), (addresses) => directAddressesItem.setValue(addresses), change);
}

export async function directAddressOf(origin: string): Promise<string | undefined> {
  const addresses = readDirectAddresses(await directAddressesItem.getValue());
  return Object.hasOwn(addresses, origin) ? addresses[origin] : undefined;
}

/**
 * Asks for access to the direct address and keeps it for the site; called straight from the click (the
 * browser's prompt needs the gesture). Says why not when the input is no address, is the site itself,
 * or access was refused. With `watched` (read under the addresses' lock): kept only for a site still
 * watched, else its access is given back. Stopping watching while the prompt was open left the
 * address and its access behind, for a site no longer listed (a review).
 */
export async function saveDirectAddress(origin: string, input: string, watched?: () => Promise<readonly string[]>): Promise<{ ok: true; direct: string } | { ok: false; message: string }> {
  const parsed = parseOrigin(input);
  if (!parsed.ok) return parsed;
  if (parsed.origin === origin) return { ok: false, message: 'That is the address you watch: enter the one that reaches Immich without the proxy, e.g. http://192.168.1.10:2283.' };
  try {
    const granted = await browser.permissions.request({ origins: originPatterns(parsed.origin, currentBrowser()) });
    if (!granted) return { ok: false, message: `Access to ${parsed.origin} was not given: the checks cannot ask it.` };
  } catch (error) {
    return { ok: false, message: `The browser did not ask for access to ${parsed.origin}: ${errorMessage(error)}` };
  }
  let sites: readonly string[] | undefined;
  await changeDirectAddresses(async ({ [origin]: _old, ...others }) => {
    sites = watched ? await watched() : undefined;
    return !sites || sites.includes(origin) ? { ...others, [origin]: parsed.origin } : undefined;
  });
  if (sites && !sites.includes(origin)) {
    await giveBackAccess(parsed.origin, await addressesInUse(sites));
    return { ok: false, message: `${origin} is no longer watched: its direct address was not kept.` };
  }
  return { ok: true, direct: parsed.origin };
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
async function giveBackAccess(address: string, needed: readonly string[]): Promise<void> {
  if (needed.includes(address)) return;
  const granted = await browser.permissions.getAll().then(
    (all) => all.origins,
    () => undefined,
  );
  for (const patterns of patternsToRemove(address, needed, currentBrowser(), granted)) await browser.permissions.remove({ origins: patterns }).catch(() => false);
}
