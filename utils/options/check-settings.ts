import { storage } from 'wxt/utils/storage';
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
  return { autoRun: value.autoRun === true, diskFullPercent };
}
