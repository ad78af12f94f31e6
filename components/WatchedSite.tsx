import { DiagnosisCard } from './DiagnosisCard';
import { OutcomeMatrix } from './OutcomeMatrix';
import { RequestList } from './RequestList';
import { Summary } from './Summary';
import { usePopup } from './use-popup';

const LIST_LENGTH = 30;

/** A watched site: summary, ranked diagnoses (or the healthy state), the matrix and the recent requests. */
export function WatchedSite() {
  const log = usePopup((state) => state.log);
  const report = usePopup((state) => state.report);
  const failuresOnly = usePopup((state) => state.failuresOnly);
  const setFailuresOnly = usePopup((state) => state.setFailuresOnly);
  const resetLog = usePopup((state) => state.resetLog);
  const unwatch = usePopup((state) => state.unwatch);
  if (!log || !report) return <p class="placeholder">Reading the log…</p>;

  const listed = (failuresOnly ? log.failures : log.recent).slice(-LIST_LENGTH).reverse();
  return (
    <section class="watched" data-state={report.healthy ? 'healthy' : 'failing'}>
      <Summary log={log} report={report} />
      {report.requests > 0 && !report.immichSeen && (
        <p class="warning" role="note">
          No answer from this site looked like Immich yet. If it is Immich, the failures below come from something in front of it.
        </p>
      )}
      {report.healthy ? (
        <p class="healthy-state">
          {log.total === 0
            ? 'Nothing recorded yet: open or reload your Immich tab, and the requests will show up here.'
            : 'No failures: every request of this site succeeded. If photos still do not show, reload the Immich tab.'}
        </p>
      ) : report.diagnoses.length === 0 ? (
        <p class="unexplained">Some requests failed, but they match no known pattern. The list below shows them.</p>
      ) : (
        <div class="diagnoses">
          <h2>Most likely causes</h2>
          {report.diagnoses.map((diagnosis, rank) => (
            <DiagnosisCard key={diagnosis.cause} diagnosis={diagnosis} rank={rank} />
          ))}
        </div>
      )}
      <OutcomeMatrix counters={log.counters} />
      <div class="list-header">
        <h2>{failuresOnly ? 'Recent failures' : 'Recent requests'}</h2>
        <label>
          <input type="checkbox" checked={failuresOnly} onChange={(event) => setFailuresOnly(event.currentTarget.checked)} data-action="failures-only" /> Failures only
        </label>
      </div>
      {listed.length > 0 ? <RequestList requests={listed} /> : <p class="placeholder">None.</p>}
      <footer class="actions">
        <button type="button" data-action="reset-log" onClick={() => void resetLog()}>
          Reset log
        </button>
        <button type="button" data-action="unwatch" onClick={() => void unwatch()}>
          Stop watching
        </button>
      </footer>
    </section>
  );
}
