import { checksItem } from '../state/site-state';
import { readServerCheckReport } from './read-report';
import type { ServerCheckReport } from './types';

/**
 * A site's last *Run checks* report as stored (`session:checks:<origin>`), if readable: what the popup
 * shows, and what every view of the site's diagnosis weighs it by (the popup's cards, the badge's
 * title, the dashboard's top cause, Test again's "before", the exports), so that they name one cause.
 */
export async function storedChecks(origin: string): Promise<ServerCheckReport | undefined> {
  return readServerCheckReport(await checksItem(origin).getValue(), origin);
}
