/**
 * The steps a user ticked as done on a site's cards (`session:tried:<origin>`, ./site-state.ts), by
 * their title: the popup closes each time the user goes to a terminal, so what was done must outlive
 * it, and the forum post lists it ("Steps already tried"). Titles come from the catalog; a stored
 * value is still not trusted.
 */

/** More than any card has steps, all causes together. */
const MAX_TRIED = 100;
/** Longer than any step title of the catalog. */
const MAX_TITLE = 200;

/** The ticked titles, or none when the stored value is missing or unreadable: nothing else breaks. */
export function readTriedSteps(stored: unknown): string[] {
  if (!Array.isArray(stored)) return [];
  const titles = stored.filter((title): title is string => typeof title === 'string' && title.length > 0 && title.length <= MAX_TITLE);
  return [...new Set(titles)].slice(0, MAX_TRIED);
}

/** The ticked titles after ticking (`done`) or unticking one. */
export function withStepTried(tried: readonly string[], title: string, done: boolean): string[] {
  const others = tried.filter((step) => step !== title);
  return readTriedSteps(done ? [...others, title] : others);
}
