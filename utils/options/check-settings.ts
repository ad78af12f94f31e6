import { storage } from 'wxt/utils/storage';
import { changeUnderLock } from '../locked-change';
import { DEFAULT_SERVER_CHECK_SETTINGS, type ServerCheckSettings } from '../server-checks/checks/context';
import { isPlainObject } from '../plain-object';

/**
 * The options of *Run checks* (issue 11), kept in `storage.local`: whether the popup runs them by
 * itself when it opens on a failing site (off by default: the extension asks the server only when the
 * user chose to), and from which share of the disk used the storage check calls it full.
 */
export interface CheckSettings extends ServerCheckSettings {
  autoRun: boolean;
}

export const DEFAULT_CHECK_SETTINGS: CheckSettings = { ...DEFAULT_SERVER_CHECK_SETTINGS, autoRun: false };

/** The disk-full threshold's bounds, in percent: below half full no disk is "full". */
export const DISK_FULL_PERCENT = { min: 50, max: 100 } as const;

export const checkSettingsItem = storage.defineItem<unknown>('local:serverCheckSettings', { fallback: null });

/** The stored settings, each field falling back to its default when missing or unreadable. */
export function readCheckSettings(stored: unknown): CheckSettings {
  const value = isPlainObject(stored) ? stored : {};
  const percent = value.diskFullPercent;
  const diskFullPercent = typeof percent === 'number' && percent >= DISK_FULL_PERCENT.min && percent <= DISK_FULL_PERCENT.max ? percent : DEFAULT_CHECK_SETTINGS.diskFullPercent;
  const settings: CheckSettings = { autoRun: value.autoRun === true, diskFullPercent };
  if (typeof value.hostMediaPath === 'string' && hostPathProblem(value.hostMediaPath) === undefined) settings.hostMediaPath = value.hostMediaPath;
  return settings;
}

/** Why a host folder cannot be one (an absolute path, no line breaks), or undefined when it can. */
export function hostPathProblem(path: string): string | undefined {
  if (/^\/[^\0\n\r]{0,299}$/.test(path)) return undefined;
  return "Enter the folder as an absolute path on the Immich host, e.g. /srv/immich/library (your .env's UPLOAD_LOCATION).";
}

/**
 * Immich API keys the user entered for *Run checks*, by site: kept in `storage.local` on this machine,
 * sent only to their own site (and its direct address, ./direct-address.ts) in `x-api-key`
 * (../server-checks/ask.ts), never exported, logged or shown
 * again, and removed with the site. Only for when the session is not enough (jobs need an admin; a
 * browser that keeps the session from the extension).
 */
export const apiKeysItem = storage.defineItem<unknown>('local:serverCheckKeys', { fallback: null });

/** Immich's keys are URL-safe base64 of a few dozen characters; anything with spaces or control characters is a paste gone wrong. */
const API_KEY_PATTERN = /^[\x21-\x7e]{8,200}$/;

/** Why a pasted key cannot be one, or undefined when it can. */
export function apiKeyProblem(key: string): string | undefined {
  if (API_KEY_PATTERN.test(key)) return undefined;
  return key.length < 8 ? 'An Immich API key is longer: paste the whole key (Account settings → API keys).' : 'An Immich API key has no spaces or special characters: paste only the key.';
}

/** The stored keys by site, only those that still look like keys. */
export function readApiKeys(stored: unknown): Record<string, string> {
  if (!isPlainObject(stored)) return {};
  return Object.fromEntries(Object.entries(stored).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && apiKeyProblem(entry[1]) === undefined));
}

/** The site's key, if the user entered one. */
export async function apiKeyOf(origin: string): Promise<string | undefined> {
  const keys = readApiKeys(await apiKeysItem.getValue());
  return Object.hasOwn(keys, origin) ? keys[origin] : undefined;
}

/**
 * Saves (a key) or removes (undefined) the site's key, under the keys' own lock (../locked-change.ts).
 * With `watched` (the watched sites, read under that lock), a key is saved only for a site still
 * watched: Stop watching removes the list's entry first and then the key, so a key saved meanwhile
 * would otherwise stay behind for a site no longer listed (a review). Whether it was saved.
 */
export async function setApiKey(origin: string, key: string | undefined, watched?: () => Promise<readonly string[]>): Promise<boolean> {
  let saved = true;
  await changeUnderLock(
    'immich-doctor:api-keys',
    async () => readApiKeys(await apiKeysItem.getValue()),
    (keys) => apiKeysItem.setValue(keys),
    async ({ [origin]: _old, ...others }) => {
      if (key === undefined) return others;
      saved = !watched || (await watched()).includes(origin);
      return saved ? { ...others, [origin]: key } : undefined;
    },
  );
  return saved;
}
