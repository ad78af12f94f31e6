import { useState } from 'preact/hooks';
import type { Analysis } from '../utils/options/store';
import { sampledHar } from '../utils/import/sampled-har';
import { skippedEntries } from '../utils/import/skipped-entries';
import { PLAIN_STYLE, serverCheckLine, serverChecksRanSentence } from '../utils/present/server-check-lines';
import { DiagnosisList } from './DiagnosisList';
import { OutcomeMatrix } from './OutcomeMatrix';
import { RequestList } from './RequestList';

const count = (value: number) => value.toLocaleString('en');
/** "1 request", "2,000 requests". */
const counted = (value: number, noun: string) => `${count(value)} ${noun}${value === 1 ? '' : 's'}`;
const megabytes = (bytes: number) => (bytes / 1e6).toLocaleString('en', { maximumFractionDigits: 1 });

/** "Diagnose the HAR file a friend sent me": drop or pick a file, see the same diagnosis as the popup. */
export function HarAnalysis({ analysis, analyse, cancel }: { analysis?: Analysis; analyse: (file: File) => void; cancel: () => void }) {
  const [dragging, setDragging] = useState(false);
  const take = (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (file) analyse(file);
  };
  const result = analysis?.result;
  const sample = result?.ok ? sampledHar(result.counted, result.log.total) : undefined;
  return (
    <section aria-labelledby="analyse">
      <h2 id="analyse">Diagnose a HAR file</h2>
      <p class="why">
        A HAR from Chrome or Firefox DevTools (Network → Export HAR), from Playwright, or a log exported by Immich Doctor. It is read
        here, in this page; nothing is sent anywhere.
      </p>
      <label
        class={`drop-zone${dragging ? ' dragging' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          take(event.dataTransfer?.files);
        }}
      >
        Drop a .har or .json file here, or <span class="link">choose one</span>
        <input
          type="file"
          accept=".har,.json,application/json"
          data-action="analyse-file"
          onChange={(event) => {
            take(event.currentTarget.files);
            // Emptied, so that choosing the same file again (after Cancel, or once fixed) is a change too.
            event.currentTarget.value = '';
          }}
          class="visually-hidden"
        />
      </label>
      {analysis?.reading && (
        <p role="status" data-analysis="reading">
          Reading {analysis.name}… {megabytes(analysis.read)} of {megabytes(analysis.size)} MB{' '}
          <progress value={analysis.read} max={analysis.size || 1} aria-label={`Reading ${analysis.name}`} />{' '}
          <button type="button" data-action="cancel-import" onClick={cancel}>
            Cancel
          </button>
        </p>
      )}
      {analysis?.cancelled && (
        <p role="status" data-analysis="cancelled">
          Stopped reading {analysis.name} after {megabytes(analysis.read)} of {megabytes(analysis.size)} MB: nothing was diagnosed.
        </p>
      )}
      {result && !result.ok && (
        <p class="error" role="alert" data-analysis="error">
          {analysis?.name}: {result.message}
        </p>
      )}
      {result?.ok && analysis?.report && (
        <div class="analysis" data-analysis="done" data-origin={result.origin}>
          <p class="summary">
            <strong>{analysis.name}</strong>: {result.origin}, {counted(result.log.total, 'request')}, {count(analysis.report.failures)} failed
            {result.origins.length > 1 && <span class="why"> (the file also has {counted(result.origins.length - 1, 'other site')}; the one most like Immich is shown)</span>}
            {result.notFollowed > 0 && <span class="why"> ({result.notFollowed} entries of more sites were not read: too many sites in one file)</span>}
            {result.skipped > 0 && <span class="why"> ({skippedEntries(result.skipped)})</span>}
            {sample && <span class="why" data-analysis="sample"> ({sample})</span>}
          </p>
          <DiagnosisList report={analysis.report} emptyLog="The file has no request to this site." />
          <ImportedChecks checks={result.serverChecks} />
          <OutcomeMatrix counters={result.log.counters} />
          {result.log.failures.length > 0 && (
            <>
              <h2>Failures</h2>
              <RequestList requests={result.log.failures.slice(-30).reverse()} />
            </>
          )}
        </div>
      )}
    </section>
  );
}

/** The *Run checks* report an exported log brought from its popup, as the command line prints it; the diagnosis above is weighed by it. */
function ImportedChecks({ checks }: { checks: Extract<NonNullable<Analysis['result']>, { ok: true }>['serverChecks'] }) {
  if (checks === undefined) return null;
  if (checks === 'unreadable') return <p class="why">The log's Run checks results could not be read (damaged, too long, or another site's): they are not used.</p>;
  const report = checks;
  return (
    <div data-analysis-checks>
      <h2>Run checks (from the popup, in the log)</h2>
      <p class="why">{serverChecksRanSentence(report)}</p>
      <ul>
        {report.results.map((result) => (
          <li key={result.id}>{serverCheckLine(result, PLAIN_STYLE)}</li>
        ))}
      </ul>
    </div>
  );
}
