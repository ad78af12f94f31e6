import { browser } from 'wxt/browser';
import { currentBrowser } from '../browser-name';
import { errorMessage } from '../error-message';
import { changeUnderLock } from '../locked-change';
import { originPatterns, parseOrigin } from '../origins/origin';
import { checkSettingsItem, DISK_FULL_PERCENT, readCheckSettings, type CheckSettings } from './check-settings';
import { addressesInUse, changeDirectAddresses, giveBackAccess } from './direct-address';

/**
 * What the options page's *Run checks* fields do when the user saves them: the settings changed, a
 * percentage refused, a direct address asked for and kept. Apart from ./check-settings.ts and
 * ./direct-address.ts, which the popup loads too (it reads the settings, and Stop watching removes a
 * site's key and address): the popup's scripts are shared with the options page's where both import a
 * module, and these are the options page's alone (the popup's weight: docs/testing.md).
 */

/** What is wrong with a percentage entered for a full disk (a number field's `valueAsNumber`: NaN when empty or not a number), if anything. */
export function diskFullPercentProblem(percent: number): string | undefined {
  if (percent >= DISK_FULL_PERCENT.min && percent <= DISK_FULL_PERCENT.max) return undefined;
  return `Enter a percentage from ${DISK_FULL_PERCENT.min} to ${DISK_FULL_PERCENT.max}.`;
}

/**
 * Changes only the given settings, under the settings' own lock (../locked-change.ts), from what is
 * stored now: a page's own copy may be older than another page's change, which writing it whole undid
 * (a review). The settings as they now are.
 */
export function changeCheckSettings(change: Partial<CheckSettings>): Promise<CheckSettings> {
  return changeUnderLock(
    'immich-doctor:check-settings',
    async () => readCheckSettings(await checkSettingsItem.getValue()),
    (settings) => checkSettingsItem.setValue(settings),
    (settings) => readCheckSettings({ ...settings, ...change }),
  );
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
