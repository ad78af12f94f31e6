import { useRef } from 'preact/hooks';
import { useTakeLostFocus } from './lost-focus';
import { usePopup } from './use-popup';

const VERDICT = {
  unchecked: '',
  checking: 'Checking whether this site is Immich…',
  immich: 'This site answers like Immich.',
  'not-immich': 'This site does not answer like Immich (no /api/server/ping, no /.well-known/immich).',
  unreachable: 'Immich Doctor could not reach this site to check it.',
} as const;

/** On a site that is not watched: is it Immich, and one click to watch it. */
export function WatchPrompt() {
  const origin = usePopup((state) => state.origin);
  const immich = usePopup((state) => state.immich);
  const busy = usePopup((state) => state.busy);
  const watch = usePopup((state) => state.watch);
  const checkImmich = usePopup((state) => state.checkImmich);
  // After Stop watching, its confirmation is gone: Watch this site takes the focus, once it is enabled.
  // After Check, which goes while it checks: the verdict does (Enter again must not Watch: a review).
  const watchButton = useRef<HTMLButtonElement>(null);
  const verdict = useRef<HTMLParagraphElement>(null);
  useTakeLostFocus(watchButton, { notHome: 'watch-prompt' });
  useTakeLostFocus(verdict, { home: 'watch-prompt' });
  return (
    <section class="watch" data-state="not-watched" data-focus-home="watch-prompt">
      <h2>{origin}</h2>
      <p ref={verdict} tabIndex={-1} class={`verdict verdict-${immich}`} role="status">
        {VERDICT[immich]}
        {(immich === 'unchecked' || immich === 'unreachable') && (
          <button type="button" class="link" data-action="check-immich" onClick={() => void checkImmich()}>
            Check
          </button>
        )}
      </p>
      <button ref={watchButton} type="button" class="primary" data-action="watch" disabled={busy} onClick={() => void watch({ reloadTabs: true })}>
        Watch this site
      </button>
      <p class="why">
        Immich Doctor needs access to this site to see which of its requests fail. Once you allow it, the
        site's open tabs reload, so that their requests show here. Nothing leaves your browser.
      </p>
    </section>
  );
}
