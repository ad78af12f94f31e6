import { browser } from 'wxt/browser';
import type { Severity } from '../diagnose/cause';
import { worstSeverity } from '../diagnose/diagnose';
import { failedMediaCount } from '../log/request-log';
import type { LogSummary } from '../state/summary';
import { weighByServerChecks } from '../server-checks/evidence';
import { storedChecks } from '../server-checks/stored-checks';
import type { ServerCheckReport } from '../server-checks/types';
import { originOf } from '../origins/origin';

const COLOURS: Record<Severity, string> = { critical: '#c5221f', warning: '#b06000', info: '#1a73e8' };
/** Chrome's own green (#188038): white text on it passes WCAG AA. */
const HEALTHY_COLOUR = '#188038';

export interface BadgeState {
  text: string;
  colour: string;
  title: string;
}

/**
 * What the toolbar shows for one origin: the number of failed media requests (only four characters
 * fit), coloured by the worst diagnosis; "!" when only non-media requests fail (an expired session
 * fails a few API calls, not hundreds of thumbnails); a green ✓ once requests were seen and none failed
 * (the confirmation a fix worked); nothing while nothing was seen yet.
 */
export function badgeFor({ log, report: engineReport }: LogSummary, checks?: ServerCheckReport): BadgeState {
  // Its "Most likely" is the popup's first card: the diagnosis weighed by the site's last Run checks.
  const report = weighByServerChecks(engineReport, checks);
  if (log.total === 0) return { text: '', colour: COLOURS.info, title: 'Immich Doctor: watching this site, no requests seen yet' };
  if (report.healthy) return { text: '✓', colour: HEALTHY_COLOUR, title: `Immich Doctor: ${log.total} ${log.total === 1 ? 'request' : 'requests'} watched, no failures` };
  const media = failedMediaCount(log);
  const text = media === 0 ? '!' : media > 999 ? '999+' : String(media);
  const severity = worstSeverity(report) ?? 'info';
  const top = report.diagnoses[0];
  return {
    text,
    colour: COLOURS[severity],
    title: `Immich Doctor: ${report.failures} failed ${report.failures === 1 ? 'request' : 'requests'}${top ? `. Most likely: ${top.title}` : ''}`,
  };
}

async function paint(tabId: number, badge: BadgeState): Promise<void> {
  await Promise.all([
    browser.action.setBadgeText({ tabId, text: badge.text }),
    browser.action.setBadgeBackgroundColor({ tabId, color: badge.colour }),
    browser.action.setTitle({ tabId, title: badge.title }),
  ]);
}

/** A summary's badge now: with its site's stored Run checks report, as the popup weighs its cards. */
async function currentBadge(summary: LogSummary): Promise<BadgeState> {
  return badgeFor(summary, await storedChecks(summary.log.origin));
}

/** Paints the badge on every open tab of these summaries' origins. */
export async function paintBadges(summaries: LogSummary[]): Promise<void> {
  const badges = new Map(await Promise.all(summaries.map(async (summary) => [summary.log.origin, await currentBadge(summary)] as const)));
  const tabs = await browser.tabs.query({});
  await Promise.all(
    tabs.map(async (tab) => {
      const badge = badges.get(originOf(tab.url) ?? '');
      if (badge && tab.id !== undefined) await paint(tab.id, badge).catch(() => undefined);
    }),
  );
}

/** Browsers clear a tab's badge when it navigates; paint it again once the tab shows its origin. */
export async function repaintTab(tabId: number, url: string | undefined, summaryOf: (origin: string) => LogSummary | undefined): Promise<void> {
  const origin = originOf(url);
  const summary = origin ? summaryOf(origin) : undefined;
  if (summary) await paint(tabId, await currentBadge(summary)).catch(() => undefined);
}
