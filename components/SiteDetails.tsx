import type { RequestLog } from '../utils/log/request-log';
import { OutcomeMatrix } from './OutcomeMatrix';
import { RequestList } from './RequestList';
import { usePopup } from './use-popup';

const LIST_LENGTH = 30;

/**
 * The site's raw numbers, folded under "Details" (closed at first): the kind × outcome table and the
 * recent requests. The cards already say what failed; shown open, the same failures read three times
 * and one cause took three screens.
 */
export function SiteDetails({ log }: { log: RequestLog }) {
  const failuresOnly = usePopup((state) => state.failuresOnly);
  const setFailuresOnly = usePopup((state) => state.setFailuresOnly);
  const listed = (failuresOnly ? log.failures : log.recent).slice(-LIST_LENGTH).reverse();
  return (
    <details class="panel site-details" data-details="site">
      <summary>Details: requests by kind, recent {failuresOnly ? 'failures' : 'requests'}</summary>
      <OutcomeMatrix counters={log.counters} />
      <div class="list-header">
        <h2>{failuresOnly ? 'Recent failures' : 'Recent requests'}</h2>
        <label>
          <input type="checkbox" checked={failuresOnly} onChange={(event) => setFailuresOnly(event.currentTarget.checked)} data-action="failures-only" /> Failures only
        </label>
      </div>
      {listed.length > 0 ? <RequestList requests={listed} /> : <p class="placeholder">None.</p>}
    </details>
  );
}
