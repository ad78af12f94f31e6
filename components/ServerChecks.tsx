import { serverCheckRows, serverChecksHeading, SERVER_CHECK_STATUS_LABELS } from '../utils/present/server-check-text';
import { Command } from './CheckList';
import { usePopup } from './use-popup';

/**
 * *Run checks*: asks the watched Immich itself (utils/server-checks/), only when the user clicks (or
 * chose auto-run in the options). Each check is one row, `data-check` and `data-status` for tests and
 * for the user's eye: the plain result, the raw figure, how long it took.
 */
export function ServerChecks() {
  const report = usePopup((state) => state.serverChecks);
  const running = usePopup((state) => state.checksRunning);
  const runChecks = usePopup((state) => state.runChecks);
  const rows = serverCheckRows(report);
  return (
    <section class="server-checks" aria-labelledby="server-checks-title" data-running={running || undefined} data-ran-at={report?.ranAt}>
      <div class="server-checks-head">
        <h2 id="server-checks-title">Ask Immich</h2>
        {/* aria-disabled, not disabled: a disabled button loses the keyboard's focus (to the page's top) while the checks run; the store ignores a click meanwhile. */}
        <button type="button" data-action="run-checks" aria-disabled={running} onClick={() => void runChecks()}>
          {running ? 'Checking…' : report ? 'Run checks again' : 'Run checks'}
        </button>
      </div>
      {!report && !running && <p class="why">Asks your server, with your session: is it up, does this tab run its web app, its disk space, its job queues (as an admin), the WebSocket, and what the failing photos have in common.</p>}
      {report && (
        <>
          <p class="why" aria-live="polite">
            {running ? 'Asking your server…' : serverChecksHeading(report, Date.now())}
          </p>
          <ul class="server-check-list">
            {rows.map(({ id, name, result }) => (
              <li key={id} data-check={id} data-status={result?.status ?? (running ? 'running' : 'skipped')}>
                <span class={`check-status status-${result?.status ?? (running ? 'running' : 'skipped')}`}>{result ? SERVER_CHECK_STATUS_LABELS[result.status] : running ? '…' : SERVER_CHECK_STATUS_LABELS.skipped}</span>{' '}
                <strong>{name}</strong>
                {!result && !running && ': not finished (the popup closed while it ran): run the checks again.'}
                {result && (
                  <>
                    : {result.summary}
                    <span class="check-figures">
                      {result.figure && <span class="figure">{result.figure}</span>}
                      <span class="ms">{result.ms} ms</span>
                      {result.link && (
                        <a href={result.link} target="_blank" rel="noreferrer">
                          Open the queues page
                        </a>
                      )}
                    </span>
                    {result.detail && (
                      <span class="check-detail" data-detail>
                        {result.detail}
                      </span>
                    )}
                    {result.command && <Command text={result.command} label={`${name}: ${result.command}`} focusable />}
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
