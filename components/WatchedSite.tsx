import type { ComponentChildren } from 'preact';
import { useErrorBoundary } from 'preact/hooks';
import { errorMessage } from '../utils/error-message';
import { ClearSiteData } from './ClearSiteData';
import { DiagnosisList } from './DiagnosisList';
import { ExportPanel } from './ExportPanel';
import { OutcomeMatrix } from './OutcomeMatrix';
import { RequestList } from './RequestList';
import { Summary } from './Summary';
import { usePopup } from './use-popup';

const LIST_LENGTH = 30;

/** A watched site: what was recorded (`SiteReport`), and the actions that always work, whatever is stored. */
export function WatchedSite() {
  const report = usePopup((state) => state.report);
  const resetLog = usePopup((state) => state.resetLog);
  const unwatch = usePopup((state) => state.unwatch);
  return (
    <section class="watched" data-state={report ? (report.healthy ? 'healthy' : 'failing') : 'reading'}>
      <RenderedOrExplained>
        <SiteReport />
      </RenderedOrExplained>
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

/**
 * Shows its part, or, when rendering it throws (a stored value this version cannot show), says so
 * instead of a blank popup, so that Reset log and Stop watching stay reachable
 * (https://preactjs.com/guide/v10/hooks/#useerrorboundary).
 */
function RenderedOrExplained({ children }: { children: ComponentChildren }) {
  const [error] = useErrorBoundary((thrown: unknown) => console.error('Immich Doctor: the popup could not show the stored summary', thrown));
  if (error) {
    return (
      <p class="error" role="alert" data-render-error>
        The stored summary of this site could not be shown ({errorMessage(error)}). Reset log starts the log afresh; the next requests are diagnosed as usual.
      </p>
    );
  }
  return <>{children}</>;
}

/** Summary, ranked diagnoses (or the healthy state), the matrix, the recent requests, export and clearing. */
function SiteReport() {
  const log = usePopup((state) => state.log);
  const report = usePopup((state) => state.report);
  const failuresOnly = usePopup((state) => state.failuresOnly);
  const setFailuresOnly = usePopup((state) => state.setFailuresOnly);
  if (!log || !report) return <p class="placeholder">Reading the log…</p>;

  const listed = (failuresOnly ? log.failures : log.recent).slice(-LIST_LENGTH).reverse();
  // When the first cause's remedy is clearing the site's data, offer it first.
  const clearFirst = report.diagnoses[0]?.remedies.includes('clear-site-data') ?? false;
  return (
    <>
      <Summary log={log} report={report} />
      {report.requests > 0 && !report.immichSeen && (
        <p class="warning" role="note">
          No answer from this site looked like Immich yet. If it is Immich, the failures below come from something in front of it.
        </p>
      )}
      {clearFirst && <ClearSiteData suggested />}
      <DiagnosisList report={report} emptyLog="Nothing recorded yet: open or reload your Immich tab, and the requests will show up here." />
      <OutcomeMatrix counters={log.counters} />
      <div class="list-header">
        <h2>{failuresOnly ? 'Recent failures' : 'Recent requests'}</h2>
        <label>
          <input type="checkbox" checked={failuresOnly} onChange={(event) => setFailuresOnly(event.currentTarget.checked)} data-action="failures-only" /> Failures only
        </label>
      </div>
      {listed.length > 0 ? <RequestList requests={listed} /> : <p class="placeholder">None.</p>}
      <ExportPanel />
      {!clearFirst && <ClearSiteData suggested={false} />}
    </>
  );
}
