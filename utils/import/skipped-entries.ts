/**
 * What an import says of the HAR entries it could not read: "1 entry without a usable URL or status was
 * skipped". A module of its own: the options page and the command line say it, and the popup, which
 * shares the options page's common chunk (utils/present/labels.ts), must not load it.
 */
export function skippedEntries(count: number): string {
  return count === 1 ? '1 entry without a usable URL or status was skipped' : `${count.toLocaleString('en')} entries without a usable URL or status were skipped`;
}
