import { usePopup } from './use-popup';

/**
 * A watched site whose access was taken away in the browser's own menus: nothing is recorded until it
 * is granted again. The button asks the browser again, from the click (the prompt needs the gesture).
 */
export function AccessMissing() {
  const origin = usePopup((state) => state.origin);
  const busy = usePopup((state) => state.busy);
  const watch = usePopup((state) => state.watch);
  return (
    <section class="panel access-missing" data-state="access-missing" role="alert">
      <p>
        <strong>Immich Doctor no longer has access to {origin}</strong>, so it records nothing there. The access was
        removed in the browser's extension settings. The log below is what was recorded before.
      </p>
      <button type="button" class="primary" data-action="grant-access" disabled={busy} onClick={() => void watch()}>
        Grant access again
      </button>
    </section>
  );
}
