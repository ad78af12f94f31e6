import type { RefObject } from 'preact';
import { useRef } from 'preact/hooks';
import { currentBrowser, type BrowserName } from '../utils/browser-name';
import { askedLine, hostWords, KIND_LABELS, planClear } from '../utils/clear/clear-plan';
import { spillOver } from '../utils/clear/spill-over';
import { clearSummary, type KindReport } from '../utils/clear/clear-report';
import type { ClearReply } from '../utils/messages';
import { Confirmation } from './Confirmation';
import { useTakeLostFocus } from './lost-focus';
import { usePopup } from './use-popup';

const STATUS_WORDS: Record<KindReport['status'], string> = {
  cleared: '✓ cleared',
  none: '✓ none',
  'still-there': '✗ still there',
  'not-checked': '? not checked',
  'not-cleared': '✗ not cleared',
};

/** After clearing: per kind of data, what was found (read back by tests through `data-kind`/`data-status`). */
function ClearResult({ reply, statusRef }: { reply: Extract<ClearReply, { ok: true }>; statusRef: RefObject<HTMLDivElement | null> }) {
  const bad = reply.refused || reply.kinds.some((kind) => kind.status === 'still-there' || kind.status === 'not-cleared');
  return (
    <div ref={statusRef} tabIndex={-1} role="status" class={`clear-result ${bad ? 'error' : 'done'}`} data-result={bad ? 'incomplete' : 'complete'}>
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

/**
 * Whose cookies go, by name, first in the list: Chrome widens cookies to the registrable domain
 * (`domain`: null for an IP address or a one-label name, undefined until known; see
 * utils/clear/clear-plan.ts), Firefox clears them for the host name. Cookies ignore ports in both.
 */
function cookiesLine(origin: string, browserName: BrowserName, domain: string | null | undefined): string {
  const { hostname } = new URL(origin);
  if (browserName === 'chromium' && domain === undefined) return 'Cookies (finding out which domain they belong to…)';
  if (browserName === 'chromium' && domain) {
    const notOnly = domain === hostname ? '' : `, not only ${hostname}`;
    return `Cookies of ${domain} and all its subdomains, whatever the port: you are logged out of every site under ${domain}${notOnly}.`;
  }
  return `Cookies of ${hostWords(hostname)}, whatever the port: you are logged out of this site and of every other site on ${hostname}.`;
}

/**
 * "Clear site data" for the watched origin: in the card whose cause it fixes, after that card's own
 * checks (`inCard`), else plain at the bottom of the popup. The confirmation names exactly what goes in
 * this browser; its destructive button comes after Cancel, which gets the focus.
 */
export function ClearSiteData({ inCard }: { inCard: boolean }) {
  const origin = usePopup((state) => state.origin);
  const step = usePopup((state) => state.clearStep);
  const reply = usePopup((state) => state.clearReply);
  const domain = usePopup((state) => state.clearDomain);
  const access = usePopup((state) => state.access);
  const ask = usePopup((state) => state.askClearSiteData);
  const cancelStore = usePopup((state) => state.cancelClearSiteData);
  const clear = usePopup((state) => state.clearSiteData);
  const opener = useRef<HTMLButtonElement>(null);
  // Clear and reload removes its confirmation: the focus goes to what it says, "Clearing…" then the result.
  const status = useRef<HTMLDivElement>(null);
  useTakeLostFocus(status, { home: 'clear-site-data' });
  const browserName = currentBrowser();
  const plan = origin ? planClear(origin, browserName) : undefined;
  const cancel = () => {
    cancelStore();
    opener.current?.focus();
  };
  return (
    <section data-focus-home="clear-site-data" class={inCard ? 'clear in-card' : 'panel clear'} aria-label="Clear site data">
      {inCard && (step === 'idle' || step === 'confirm') && <p>Clearing this site's data in this browser usually fixes this; you log in again afterwards.</p>}
      {(step === 'idle' || step === 'confirm') && (
        <button ref={opener} type="button" data-action="clear-site-data" aria-expanded={step === 'confirm'} onClick={ask}>
          Clear site data…
        </button>
      )}
      {step === 'confirm' && origin && plan && (
        <Confirmation label="Confirm clearing site data" confirm="Clear and reload" action="clear-site-data" onConfirm={() => void clear()} onCancel={cancel}>
          <p>
            Clear the data of <strong>{origin}</strong> in this browser? This removes:
          </p>
          <ul>
            {plan.asked.map((kind) => (
              <li key={kind} data-asked={kind} data-cookie-scope={kind === 'cookies' ? '' : undefined}>
                {kind === 'cookies' ? <strong>{cookiesLine(origin, browserName, domain)}</strong> : askedLine(kind, plan)}
              </li>
            ))}
          </ul>
          {plan.notAsked.map((entry) => (
            <p key={entry.kind} class="why" data-not-asked={entry.kind}>
              Not cleared: {KIND_LABELS[entry.kind]} ({entry.why}).
            </p>
          ))}
          {spillOver(origin, browserName).map((spill) => (
            <p key={spill.kinds.join()} class="why" data-spill={spill.kinds.join(' ')}>
              {spill.text}
            </p>
          ))}
          {access === 'missing' ? (
            <p class="why" data-no-access>
              Immich Doctor no longer has access to this site (it was removed in the browser): the browser still clears it, but Immich Doctor cannot check what is left, nor find its other tabs to reload them (the tab this popup opened on still reloads). Grant access again first to have both.
            </p>
          ) : (
            <p class="why">Its tabs reload; then this popup shows what is really gone.</p>
          )}
          <p class="why" data-other-sites>
            Apart from what is named above, other sites keep their data.
          </p>
        </Confirmation>
      )}
      {step === 'clearing' && (
        <div ref={status} tabIndex={-1} role="status">
          Clearing…
        </div>
      )}
      {step === 'done' &&
        reply &&
        (reply.ok ? (
          <ClearResult reply={reply} statusRef={status} />
        ) : (
          <div ref={status} tabIndex={-1} role="status" class="error">
            {reply.message}
          </div>
        ))}
    </section>
  );
}
