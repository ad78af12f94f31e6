import type { DiagnosisReport } from '../utils/diagnose/diagnose';
import type { RequestLog } from '../utils/log/request-log';

const number = new Intl.NumberFormat('en');
const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** One line: requests watched, failures, since when; or that none were seen yet. */
export function Summary({ log, report }: { log: RequestLog; report: DiagnosisReport }) {
  // Nothing seen is not "healthy": it is waiting for the Immich tab to make requests.
  if (log.total === 0) {
    return (
      <p class="summary waiting" data-requests={0} data-failures={0}>
        Watching since {when.format(log.since)}: no requests from this site yet.
      </p>
    );
  }
  return (
    <p class="summary" data-requests={log.total} data-failures={report.failures}>
      <strong>{number.format(log.total)}</strong> {log.total === 1 ? 'request' : 'requests'} watched, <strong class={report.failures ? 'bad' : 'good'}>{number.format(report.failures)}</strong>{' '}
      failed, since {when.format(log.since)}
      {log.dropped > 0 && <span class="dropped"> ({number.format(log.dropped)} older failures dropped from the list; still counted)</span>}
    </p>
  );
}
