import type { HarCounted } from '../export/har';

/**
 * What an import says of an Immich Doctor HAR that holds fewer requests than its log counted: the
 * export keeps every count, but a HAR lists requests, and the extension keeps only the newest failures
 * and the latest requests of any outcome (../export/har.ts). Read back, the counts are the entries'
 * (`requests`: the site's, as read), and without this they passed for the site's. Undefined when the
 * file holds every request, or is not the extension's. A module of its own, like ./skipped-entries.ts: the options page and the command
 * line say it, and the popup must not load it.
 */
export function sampledHar(counted: HarCounted | undefined, requests: number): string | undefined {
  if (!counted || counted.requests <= requests) return undefined;
  const failed = counted.failed.toLocaleString('en');
  return `this HAR holds ${requests.toLocaleString('en')} of the ${counted.requests.toLocaleString('en')} requests Immich Doctor counted (${failed} failed): the counts here are of its entries; the extension's JSON export keeps every count`;
}
