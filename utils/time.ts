/** The latest time a `Date` can hold (ECMA-262 §21.4.1.1): a later one is "Invalid time value" wherever it is shown. */
const MAX_TIME = 8.64e15;

/** A time the views can show: milliseconds since 1970 that a `Date` can hold. */
export function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_TIME;
}

/** A date written in a file (an ISO string) as a time the views can show, or undefined. */
export function parseTime(text: unknown): number | undefined {
  const time = typeof text === 'string' ? Date.parse(text) : Number.NaN;
  return isTime(time) ? time : undefined;
}

/** A time of today as the user's clock shows it (`14:02:11`), for a notice. */
export const clockTime = (time: number) => new Date(time).toLocaleTimeString();

const ago = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "just now", "5 minutes ago", "yesterday": the largest whole unit, as a dashboard reads at a glance. */
export function timeAgo(time: number, now: number): string {
  const elapsed = Math.max(0, now - time);
  for (const [unit, size] of UNITS) if (elapsed >= size) return ago.format(-Math.floor(elapsed / size), unit);
  return 'just now';
}
