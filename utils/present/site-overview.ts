import type { DiagnosisReport } from '../diagnose/diagnose';
import type { LogSummary } from '../state/summary';

/** What the popup and the options page say of a watched site as a whole: `waiting` until a request was seen. */
export type SiteState = 'reading' | 'waiting' | 'healthy' | 'failing';

export function siteState(report: DiagnosisReport | undefined): SiteState {
  if (!report) return 'reading';
  if (report.requests === 0) return 'waiting';
  return report.healthy ? 'healthy' : 'failing';
}

/** One row of the options page's dashboard: a watched site at a glance, from its stored summary. */
export interface SiteOverview {
  origin: string;
  /** `reading`: no readable summary stored (none yet, or corrupt): the dashboard says "no report yet". */
  state: SiteState;
  requests: number;
  failures: number;
  /** What the dashboard says under "Top cause": the first card's title, as the popup shows it, or why there is none. */
  topCause?: string;
  /** When the log last recorded a request (its start while none was). */
  lastActivity?: number;
  /** What that time is, in the dashboard's words: a site that saw no request yet has only its start. */
  activityLabel?: 'Last activity' | 'Watching since';
  /**
   * Whether the browser still gives the extension access to the site: the user can take it away in the
   * browser's own menus while the site stays watched, and then nothing is recorded (as the popup says).
   */
  access: boolean;
}

export function siteOverview(origin: string, summary: LogSummary | undefined, access = true): SiteOverview {
  if (!summary) return { origin, state: 'reading', requests: 0, failures: 0, access };
  const { log, report } = summary;
  const state = siteState(report);
  const topCause = { waiting: 'none yet', healthy: 'none: nothing failed', failing: report.diagnoses[0]?.title ?? 'failures in no known pattern' }[state as Exclude<SiteState, 'reading'>];
  const activityLabel = state === 'waiting' ? 'Watching since' : 'Last activity';
  return { origin, state, requests: report.requests, failures: report.failures, topCause, lastActivity: log.updated, activityLabel, access };
}
