import { currentBrowser } from '../utils/browser-name';
import { askedLine, cookieScope, KIND_LABELS, planClear } from '../utils/clear/clear-plan';
import { spillOver } from '../utils/clear/spill-over';
import { clearSummary, type KindReport } from '../utils/clear/clear-report';
import type { ClearReply } from '../utils/messages';
import { usePopup } from './use-popup';

const STATUS_WORDS: Record<KindReport['status'], string> = {
  cleared: '✓ cleared',
  none: '✓ none',
  'still-there': '✗ still there',
  'not-checked': '? not checked',
};

/** After clearing: per kind of data, what was found (read back by tests through `data-kind`/`data-status`). */
function ClearResult({ reply }: { reply: Extract<ClearReply, { ok: true }> }) {
  const bad = reply.refused || reply.kinds.some((kind) => kind.status === 'still-there');
  return (
    <div role="status" class={`clear-result ${bad ? 'error' : 'done'}`} data-result={bad ? 'incomplete' : 'complete'}>
      <p class="clear-summary">{clearSummary(reply.kinds, reply)}</p>
      <ul class="clear-kinds">
        {reply.kinds.map((kind) => (
          <li key={kind.kind} data-kind={kind.kind} data-status={kind.status} data-left={kind.left.length}>
            <strong>{kind.label}</strong>: <span class={`clear-status ${kind.status}`}>{STATUS_WORDS[kind.status]}</span> <span class="why">{kind.detail}</span>
          </li>
        ))}
      </ul>
      <p class="why">
        {reply.checkedIn ? `Checked right after clearing, in the open tab ${reply.checkedIn}, before it reloaded (the reloaded web app writes some of it again: that is normal). ` : ''}
        {reply.reloadedTabs} tab(s) reloaded.
        {!reply.access && reply.reloadedTabs === 0 ? ' Without access Immich Doctor cannot find the tabs of this site: reload them yourself.' : ''}
      </p>
    </div>
  );
}

/** "Clear site data" for the watched origin, with a confirmation that names what goes and what it means. */
export function ClearSiteData({ suggested }: { suggested: boolean }) {
  const origin = usePopup((state) => state.origin);
  const step = usePopup((state) => state.clearStep);
  const reply = usePopup((state) => state.clearReply);
  const domain = usePopup((state) => state.clearDomain);
  const access = usePopup((state) => state.access);
  const ask = usePopup((state) => state.askClearSiteData);
  const cancel = usePopup((state) => state.cancelClearSiteData);
  const clear = usePopup((state) => state.clearSiteData);
  const browserName = currentBrowser();
  const plan = origin ? planClear(origin, browserName) : undefined;
  return (
    <section class={`panel clear${suggested ? ' suggested' : ''}`} aria-label="Clear site data">
      {suggested && step === 'idle' && <p>This is usually fixed by clearing this site's data in the browser and logging in again.</p>}
      {step === 'idle' && (
        <button type="button" class={suggested ? 'primary' : ''} data-action="clear-site-data" onClick={ask}>
          Clear site data…
        </button>
      )}
      {step === 'confirm' && origin && plan && (
        <div role="alertdialog" aria-label="Confirm clearing site data">
          <p>
            Clear the data of <strong>{origin}</strong> in this browser?
          </p>
          <ul>
            {plan.asked.map((kind) => (
              <li key={kind} data-asked={kind}>
                {askedLine(kind, plan)}
              </li>
            ))}
          </ul>
          {plan.notAsked.map((entry) => (
            <p key={entry.kind} class="why" data-not-asked={entry.kind}>
              Not cleared: {KIND_LABELS[entry.kind]} ({entry.why}).
            </p>
          ))}
          <p class="why" data-cookie-scope>
            {domain === undefined && browserName === 'chromium' ? 'Cookies: finding out which domain they belong to…' : cookieScope(origin, browserName, domain ?? null)}
          </p>
          {spillOver(origin, browserName).map((spill) => (
            <p key={spill.kinds.join()} class="why" data-spill={spill.kinds.join(' ')}>
              {spill.text}
            </p>
          ))}
          {access === 'missing' ? (
            <p class="why" data-no-access>
              Immich Doctor no longer has access to this site (it was removed in the browser): the browser still clears it, but Immich Doctor cannot check what is left, nor find its tabs to reload them. Grant access again first to have both.
            </p>
          ) : (
            <p class="why">Its tabs reload; then this popup shows what is really gone.</p>
          )}
          <p class="why" data-other-sites>
            Apart from what is named above, other sites keep their data.
          </p>
          <button type="button" class="primary" data-action="confirm-clear-site-data" onClick={() => void clear()}>
            Clear and reload
          </button>{' '}
          <button type="button" data-action="cancel-clear-site-data" onClick={cancel}>
            Cancel
          </button>
        </div>
      )}
      {step === 'clearing' && <p role="status">Clearing…</p>}
      {step === 'done' && reply && (reply.ok ? <ClearResult reply={reply} /> : <p role="status" class="error">{reply.message}</p>)}
    </section>
  );
}
