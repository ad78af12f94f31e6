import { storage } from 'wxt/utils/storage';
import { DEFAULT_RECORD_LIMIT } from '../log/request-log';

/** How many failure records each site's log keeps (the counters are always exact). Set on the options page. */
export const RECORD_LIMIT_CHOICES = [500, 1000, 2000, 5000] as const;

export const recordLimitItem = storage.defineItem<number>('local:recordLimit', { fallback: DEFAULT_RECORD_LIMIT });

/** The stored limit, or the default when the stored value is not one of the choices (corrupt or old). */
export async function readRecordLimit(): Promise<number> {
  const value: unknown = await recordLimitItem.getValue();
  return RECORD_LIMIT_CHOICES.includes(value as (typeof RECORD_LIMIT_CHOICES)[number]) ? (value as number) : DEFAULT_RECORD_LIMIT;
}
