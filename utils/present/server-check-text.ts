import type { ServerCheckId, ServerCheckReport, ServerCheckStatus } from '../server-checks/types';
import { SERVER_CHECK_IDS } from '../server-checks/types';

/** What each check looks at, as the popup and the reports name it. */
export const SERVER_CHECK_NAMES: Record<ServerCheckId, string> = {
  reachability: 'Reachability and version',
  'web-app': 'Web app versus server',
  storage: 'Storage',
  jobs: 'Jobs',
  websocket: 'WebSocket',
  assets: 'Failing assets',
  direct: 'Direct versus through the proxy',
};

export const SERVER_CHECK_STATUS_LABELS: Record<ServerCheckStatus, string> = {
  ok: 'OK',
  problem: 'Problem',
  skipped: 'Skipped',
  // Not an administrator, or an API key without the permission the route needs: the summary says which.
  'needs-admin': 'Needs more access',
  error: 'Error',
};

/** The checks in their order, with each one's result once it came: the popup lists those still running too. */
export function serverCheckRows(report: ServerCheckReport | undefined) {
  return SERVER_CHECK_IDS.map((id) => ({ id, name: SERVER_CHECK_NAMES[id], result: report?.results.find((result) => result.id === id) }));
}

/** The line above the results: when they ran, against which version, and how its routes were chosen. */
export function serverChecksHeading(report: ServerCheckReport, now: number): string {
  const minutes = Math.max(0, Math.round((now - report.ranAt) / 60_000));
  const when = minutes === 0 ? 'just now' : minutes === 1 ? '1 minute ago' : minutes < 120 ? `${minutes} minutes ago` : new Date(report.ranAt).toLocaleString();
  const version = report.serverVersion ? `Immich ${report.serverVersion}` : 'Immich (version unknown)';
  return `Asked ${version} ${when}${report.usedApiKey ? ', with your API key' : ', with your session'}.`;
}
