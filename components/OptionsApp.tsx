import { useState } from 'preact/hooks';
import { RECORD_LIMIT_CHOICES } from '../utils/capture/record-limit';
import { EXPORT_FORMATS, EXPORT_FORMAT_NAMES } from '../utils/export/export-format';
import type { OptionsActions, OptionsStore } from '../utils/options/store';
import type { SiteOverview } from '../utils/present/site-overview';
import { timeAgo } from '../utils/time';
import { CheckSettings } from './CheckSettings';
import { useConfirmation } from './Confirmation';
import { ErrorAlert } from './ErrorAlert';
import { HarAnalysis } from './HarAnalysis';
import { StopWatchingConfirmation } from './StopWatching';
import { useStoreSlice } from './use-store-slice';

const size = new Intl.NumberFormat('en', { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 });

const number = new Intl.NumberFormat('en');
const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A site at a glance: failures, the top cause (the popup's first card), last activity; or that there is no report yet. */
function SiteStats({ site, readAt }: { site: SiteOverview; readAt: number }) {
  if (site.state === 'reading') {
    return (
      <p class="placeholder site-stats" data-stat="no-report">
        No report yet: open Immich Doctor on this site to read its log.
      </p>
    );
  }
  const activity = site.lastActivity ?? readAt;
  return (
    <dl class="site-stats">
      <div>
        <dt>Failures</dt>
        <dd data-stat="failures">
          {site.state === 'waiting' ? (
            'no requests yet'
          ) : (
            <>
              <strong class={site.failures > 0 ? 'bad' : undefined}>{number.format(site.failures)}</strong> of {number.format(site.requests)} {site.requests === 1 ? 'request' : 'requests'}
            </>
          )}
        </dd>
      </div>
      <div>
        <dt>Top cause</dt>
        <dd data-stat="top-cause">{site.topCause}</dd>
      </div>
      <div>
        <dt>{site.activityLabel}</dt>
        <dd data-stat="last-activity">
          <time dateTime={new Date(activity).toISOString()}>{timeAgo(activity, readAt)}</time> ({when.format(activity)})
        </dd>
      </div>
    </dl>
  );
}

interface WatchedOriginProps {
  site: SiteOverview;
  readAt: number;
  /** What became of this site's last export, if it was exported since the page opened. */
  exportStatus: string | undefined;
  exportLog: OptionsActions['exportLog'];
  unwatch: OptionsActions['unwatch'];
  /** Asks the browser for the site's access again (`add`), from the click. */
  grantAgain: OptionsActions['add'];
}

/** One watched site: a link to it, its stats, its exports and what became of them, and Stop watching, which asks first and names what goes. */
function WatchedOrigin({ site, readAt, exportStatus, exportLog, unwatch, grantAgain }: WatchedOriginProps) {
  const { origin } = site;
  const confirm = useConfirmation();
  return (
    <li data-site={origin} data-state={site.state}>
      <a href={origin} target="_blank" rel="noreferrer" aria-label={`Open ${origin}`}>
        <code>{origin}</code>
      </a>
      <span class="origin-actions">
        {EXPORT_FORMATS.map((format) => (
          <button key={format} type="button" data-action={`export-${format}`} onClick={() => void exportLog(origin, format)} aria-label={`Export ${EXPORT_FORMAT_NAMES[format]} of ${origin}`}>
            Export {EXPORT_FORMAT_NAMES[format]}
          </button>
        ))}
        <button ref={confirm.opener} type="button" data-action="unwatch" aria-expanded={confirm.open} onClick={confirm.ask} aria-label={`Stop watching ${origin}…`}>
          Stop watching…
        </button>
      </span>
      {!site.access && (
        <p class="access-missing" data-state="access-missing" role="alert">
          <strong>No access to this site any more</strong>: it was removed in the browser's extension settings, so nothing is recorded here.{' '}
          <button type="button" class="primary" data-action="grant-access" onClick={() => void grantAgain(origin)} aria-label={`Grant access to ${origin} again`}>
            Grant access again
          </button>
        </p>
      )}
      <SiteStats site={site} readAt={readAt} />
      {exportStatus && (
        <p class="export-status" role="status">
          {exportStatus}
        </p>
      )}
      {confirm.open && (
        <StopWatchingConfirmation origin={origin} label={`Confirm stop watching ${origin}`} onConfirm={() => void unwatch(origin)} onCancel={confirm.cancel} />
      )}
    </li>
  );
}

/** The options page: the watched sites at a glance, how much to keep, and exactly what is stored. */
export function OptionsApp({ store }: { store: OptionsStore }) {
  const state = useStoreSlice(store, (whole) => whole);
  const { sites, readAt, recordLimit, stored, message, add, unwatch, stopping, setRecordLimit, redaction, setRedaction, exportLog, exportStatus, analysis, analyse, cancelImport } = state;
  const [input, setInput] = useState('');
  const submit = async (event: Event) => {
    event.preventDefault();
    if (await add(input)) setInput('');
  };
  return (
    <main class="options">
      <header class="brand">
        <img src="/icon/32.png" alt="" width="24" height="24" />
        <h1>Immich Doctor settings</h1>
      </header>

      <section aria-labelledby="sites">
        <h2 id="sites">Watched Immich sites</h2>
        <p class="why">Immich Doctor sees the requests of these sites only. Stop watching one, and its access is given back and its log deleted.</p>
        {sites.length === 0 ? (
          <p class="placeholder" data-state="no-sites">
            No site watched yet. Open your Immich web app, click the Immich Doctor icon and choose Watch this site, or add its address below.
          </p>
        ) : (
          <ul class="origins">
            {sites.map((site) => (
              <WatchedOrigin
                key={site.origin}
                site={site}
                readAt={readAt}
                exportStatus={exportStatus[site.origin]}
                exportLog={exportLog}
                unwatch={unwatch}
                grantAgain={add}
              />
            ))}
          </ul>
        )}
        <p class="why">
          Exports never contain cookies, request bodies, authorization headers or credentials in addresses.{' '}
          <label>
            <input type="checkbox" checked={redaction.hideHost} onChange={(event) => setRedaction({ hideHost: event.currentTarget.checked })} /> Replace the host name with immich.example
          </label>{' '}
          <label>
            <input type="checkbox" checked={redaction.hideAssetIds} onChange={(event) => setRedaction({ hideAssetIds: event.currentTarget.checked })} /> Replace asset ids with pseudonyms
          </label>
        </p>
        <form onSubmit={submit}>
          <label for="origin-input">Add a site </label>
          <input id="origin-input" type="url" placeholder="https://photos.example.com" value={input} onInput={(event) => setInput(event.currentTarget.value)} />{' '}
          <button type="submit" class="primary" data-action="add-origin" disabled={stopping > 0}>
            Watch
          </button>
        </form>
        <ErrorAlert message={message} />
      </section>

      <HarAnalysis analysis={analysis} analyse={analyse} cancel={cancelImport} />

      <section aria-labelledby="keep">
        <h2 id="keep">Failure records to keep per site</h2>
        <p class="why">Counts of every request are always exact; this bounds the list of individual failures (the oldest are dropped first).</p>
        <select aria-labelledby="keep" value={String(recordLimit)} onChange={(event) => void setRecordLimit(Number(event.currentTarget.value))} data-action="record-limit">
          {RECORD_LIMIT_CHOICES.map((choice) => (
            <option key={choice} value={String(choice)}>
              {choice.toLocaleString('en')}
            </option>
          ))}
        </select>
      </section>

      <CheckSettings {...state} />

      <section aria-labelledby="stored">
        <h2 id="stored">What is stored</h2>
        <p class="why">
          Everything stays in this browser. Logs live in session storage and are gone when the browser closes; credentials in
          addresses are replaced by REDACTED before anything is stored; cookies, request bodies and Authorization headers are
          never recorded or stored (Clear site data reads only the names of the cookies it leaves).
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">Where</th>
              <th scope="col">What</th>
              <th scope="col">Size</th>
            </tr>
          </thead>
          <tbody>
            {stored.map((entry) => (
              <tr key={`${entry.area}:${entry.key}`}>
                <td>{entry.area === 'local' ? 'local (kept)' : 'session (until the browser closes)'}</td>
                <td>{entry.what}</td>
                <td>{size.format(entry.bytes / 1000)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
