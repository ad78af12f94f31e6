import type { DiagnosisReport } from '../utils/diagnose/diagnose';
import type { RequestLog } from '../utils/log/request-log';

const number = new Intl.NumberFormat('en');
const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

/** One line: requests watched, failures, since when. */
export function Summary({ log, report }: { log: RequestLog; report: DiagnosisReport }) {
  return (
    <p class="summary" data-requests={log.total} data-failures={report.failures}>
      <strong>{number.format(log.total)}</strong> requests watched, <strong class={report.failures ? 'bad' : 'good'}>{number.format(report.failures)}</strong>{' '}
      failed, since {when.format(log.since)}
      {log.dropped > 0 && <span class="dropped"> ({number.format(log.dropped)} older failures dropped from the list; still counted)</span>}
    </p>
  );
}
