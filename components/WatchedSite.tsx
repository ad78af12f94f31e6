import type { ComponentChildren } from 'preact';
import { useErrorBoundary } from 'preact/hooks';
import { errorMessage } from '../utils/error-message';
import type { Remedy } from '../utils/diagnose/cause';
import type { Diagnosis } from '../utils/diagnose/diagnose';
import { siteState } from '../utils/present/site-overview';
import { ClearSiteData } from './ClearSiteData';
import { useConfirmation } from './Confirmation';
import { RemedyOffer } from './DiagnosisCard';
import { TriedStepsContext } from './CheckList';
import { DiagnosisList } from './DiagnosisList';
import { ExportPanel } from './ExportPanel';
import { ServerChecks } from './ServerChecks';
import { SiteDetails } from './SiteDetails';
import { StopWatchingConfirmation } from './StopWatching';
import { Summary } from './Summary';
import { TestAgain } from './TestAgain';
import { usePopup } from './use-popup';

/** A watched site: what was recorded (`SiteReport`), and the actions that always work, whatever is stored. */
export function WatchedSite() {
  const report = usePopup((state) => state.report);
  const resetLog = usePopup((state) => state.resetLog);
  const unwatch = usePopup((state) => state.unwatch);
  const origin = usePopup((state) => state.origin);
  const stop = useConfirmation();
  return (
    <section class="watched" data-state={siteState(report)}>
      <RenderedOrExplained>
        <SiteReport />
      </RenderedOrExplained>
      <footer class="actions">
        <button type="button" data-action="reset-log" onClick={() => void resetLog()}>
          Reset log
        </button>
        <button ref={stop.opener} type="button" data-action="unwatch" aria-expanded={stop.open} onClick={stop.ask}>
          Stop watching…
        </button>
        {stop.open && (
          <StopWatchingConfirmation origin={origin} label="Confirm stop watching" onConfirm={() => void unwatch()} onCancel={stop.cancel} />
        )}
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

/** Summary, ranked diagnoses (or the healthy state), Details (the matrix, the recent requests), export and clearing. */
function SiteReport() {
  const log = usePopup((state) => state.log);
  const report = usePopup((state) => state.report);
  const tried = usePopup((state) => state.triedSteps);
  const setTried = usePopup((state) => state.setStepTried);
  if (!log || !report) return <p class="placeholder">Reading the log…</p>;

  // Clearing the site's data is offered in the first card whose cause it fixes, after that card's
  // gentler checks; when no card offers it, plainly at the bottom.
  const clearIn = report.diagnoses.find((diagnosis) => diagnosis.remedies.includes('clear-site-data'));
  const offer = (_remedy: Remedy, diagnosis: Diagnosis) =>
    diagnosis.cause === clearIn?.cause ? <ClearSiteData inCard /> : <p>Clear site data is offered in “{clearIn?.title}” above.</p>;
  return (
    <>
      <Summary log={log} report={report} />
      <TestAgain />
      <ServerChecks />
      {report.requests > 0 && !report.immichSeen && (
        <p class="warning" role="note">
          No answer from this site looked like Immich yet. If it is Immich, the failures below come from something in front of it.
        </p>
      )}
      <RemedyOffer.Provider value={offer}>
        <TriedStepsContext.Provider value={{ tried, setTried: (title, done) => void setTried(title, done) }}>
          <DiagnosisList report={report} emptyLog="Nothing recorded yet: open or reload your Immich tab, and the requests will show up here." />
        </TriedStepsContext.Provider>
      </RemedyOffer.Provider>
      <SiteDetails log={log} />
      <ExportPanel />
      {!clearIn && <ClearSiteData inCard={false} />}
    </>
  );
}
