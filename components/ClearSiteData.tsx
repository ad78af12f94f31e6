import { siteDataPlan } from '../utils/actions/clear-site-data';
import { usePopup } from './use-popup';

/** "Clear site data" for the watched origin, with a confirmation that names what goes and what it means. */
export function ClearSiteData({ suggested }: { suggested: boolean }) {
  const origin = usePopup((state) => state.origin);
  const step = usePopup((state) => state.clearStep);
  const reply = usePopup((state) => state.clearReply);
  const ask = usePopup((state) => state.askClearSiteData);
  const cancel = usePopup((state) => state.cancelClearSiteData);
  const clear = usePopup((state) => state.clearSiteData);
  const plan = siteDataPlan(import.meta.env.FIREFOX);
  return (
    <section class={`panel clear${suggested ? ' suggested' : ''}`} aria-label="Clear site data">
      {suggested && step === 'idle' && <p>This is usually fixed by clearing this site's data in the browser and logging in again.</p>}
      {step === 'idle' && (
        <button type="button" class={suggested ? 'primary' : ''} data-action="clear-site-data" onClick={ask}>
          Clear site data…
        </button>
      )}
      {step === 'confirm' && (
        <div role="alertdialog" aria-label="Confirm clearing site data">
          <p>
            Clear the data of <strong>{origin}</strong> in this browser?
          </p>
          <ul>
            {plan.cleared.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
          {plan.skipped.map((item) => (
            <p key={item} class="why">
              Not cleared: {item}
            </p>
          ))}
          <p class="why">You will have to log in to Immich again; its tabs reload. Other sites keep their data (Chrome clears cookies for the whole domain of this site).</p>
          <button type="button" class="primary" data-action="confirm-clear-site-data" onClick={() => void clear()}>
            Clear and reload
          </button>{' '}
          <button type="button" data-action="cancel-clear-site-data" onClick={cancel}>
            Cancel
          </button>
        </div>
      )}
      {step === 'clearing' && <p role="status">Clearing…</p>}
      {step === 'done' && reply && (
        <p role="status" class={reply.ok ? 'done' : 'error'}>
          {reply.ok ? `Cleared ${reply.cleared.length} kinds of data; ${reply.reloadedTabs} tab(s) reloaded.${reply.skipped.length ? ` Not cleared: ${reply.skipped.join('; ')}.` : ''}` : reply.message}
        </p>
      )}
    </section>
  );
}
