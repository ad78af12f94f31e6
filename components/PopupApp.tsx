import { AccessMissing } from './AccessMissing';
import { ErrorAlert } from './ErrorAlert';
import { usePopup } from './use-popup';
import { WatchedSite } from './WatchedSite';
import { WatchPrompt } from './WatchPrompt';

/** The toolbar popup. */
export function PopupApp() {
  const phase = usePopup((state) => state.phase);
  const notice = usePopup((state) => state.notice);
  const message = usePopup((state) => state.message);
  const access = usePopup((state) => state.access);
  const origin = usePopup((state) => state.origin);
  return (
    <main class="popup" data-phase={phase}>
      <header class="brand">
        <img src="/icon/32.png" alt="" width="20" height="20" />
        <h1>Immich Doctor</h1>
        {origin && (
          <span class="site-origin" title={origin} data-origin={origin}>
            {origin.replace(/^https?:\/\//, '')}
          </span>
        )}
        <a class="options-link" href="/options.html" target="_blank" rel="noreferrer">
          Settings
        </a>
      </header>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorAlert message={message} />
      {phase === 'loading' && <p class="placeholder">Loading…</p>}
      {phase === 'no-site' && <p class="placeholder">Open your Immich web app in this tab, then click Immich Doctor again.</p>}
      {phase === 'not-watched' && <WatchPrompt />}
      {phase === 'watched' && access === 'missing' && <AccessMissing />}
      {phase === 'watched' && <WatchedSite />}
    </main>
  );
}
