import { diagnose } from '../diagnose/diagnose';
import type { RequestLog } from '../log/request-log';
import { SUMMARY_FAILURES, type LogSummary } from './summary';

/**
 * The background's summary of its log: the diagnosis of the full log, the latest failures. Apart
 * from ./summary.ts so that the popup, which only reads summaries, never bundles the engine.
 * `serverVersion`: the site's Immich version, as the last Run checks that found one found it: the
 * cards' steps are that version's (routes, pages and containers changed between versions:
 * ../diagnose/check.ts).
 */
export function summarize(log: RequestLog, serverVersion?: string): LogSummary {
  return { log: { ...log, failures: log.failures.slice(-SUMMARY_FAILURES) }, report: diagnose(log, { serverVersion }) };
}
