import { useEffect, useRef, useState } from 'preact/hooks';
import type { RunCounts } from '../utils/state/test-again';
import { usePopup } from './use-popup';

/** One side of the comparison: its counts in words and the cause ranked first. */
function Side({ label, counts, text, cause }: { label: string; counts: RunCounts; text: string; cause: string }) {
  return (
    <div class={`side side-${label.toLowerCase()}`} data-side={label.toLowerCase()} data-requests={counts.requests} data-failures={counts.failures}>
      <h2>{label}</h2>
      <p>{text}</p>
      <p class={counts.topCause ? 'cause' : 'cause none'} data-cause={counts.topCause?.cause}>
        {cause}
      </p>
    </div>
  );
}

/**
 * Test again, for "did my change work?": the button, and once pressed the result before the change
 * beside the requests since (utils/present/before-after.ts made both; this only shows them).
 */
export function TestAgain() {
  const comparison = usePopup((state) => state.comparison);
  const testAgain = usePopup((state) => state.testAgain);
  const dismiss = usePopup((state) => state.dismissTestAgain);
  const openSite = usePopup((state) => state.openSite);
  const recorded = usePopup((state) => (state.report?.requests ?? 0) > 0);
  // Where the keyboard goes after a click: the button pressed is replaced (the offer becomes the
  // comparison, Dismiss goes with it), and focus fell back to the page's top (a review). The verdict
  // is read next, the offer's button after Dismiss.
  const [focusNext, setFocusNext] = useState<'verdict' | 'offer'>();
  const verdictLine = useRef<HTMLParagraphElement>(null);
  const offer = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const target = focusNext === 'verdict' ? verdictLine.current : focusNext === 'offer' ? offer.current : null;
    if (!target) return;
    target.focus();
    setFocusNext(undefined);
  });
  const button = (
    // Not while the reload's requests are still being counted: "before" would be a half-loaded page.
    <button
      type="button"
      ref={comparison ? undefined : offer}
      class={comparison ? undefined : 'primary'}
      data-action="test-again"
      disabled={comparison?.verdict === 'checking'}
      onClick={() => {
        setFocusNext('verdict');
        void testAgain();
      }}
    >
      Test again
    </button>
  );
  if (!comparison) {
    // Nothing recorded yet: there is no result for a change to be compared with.
    if (!recorded) return null;
    return (
      <section class="test-again" data-test-again="offer">
        {button}
        <p class="why">After you changed something: reloads this site's tabs and compares what fails now with before.</p>
      </section>
    );
  }
  const { verdict } = comparison;
  return (
    <section class="test-again" data-test-again={verdict} aria-busy={verdict === 'checking'} aria-labelledby="test-again-verdict">
      <p id="test-again-verdict" ref={verdictLine} tabIndex={-1} class={`verdict-line verdict-${verdict}`} role="status">
        {comparison.headline}
      </p>
      <div class="before-after">
        <Side label="Before" counts={comparison.before} text={comparison.beforeText} cause={comparison.beforeCause} />
        <Side label="After" counts={comparison.after} text={comparison.afterText} cause={comparison.afterCause} />
      </div>
      <div class="test-again-buttons">
        {verdict === 'no-requests' && (
          <button type="button" class="primary" data-action="open-site" onClick={() => void openSite()}>
            Open the site
          </button>
        )}
        {button}
        <button
          type="button"
          data-action="dismiss-test-again"
          onClick={() => {
            setFocusNext('offer');
            void dismiss();
          }}
        >
          Dismiss
        </button>
      </div>
    </section>
  );
}
