import type { ComponentChildren } from 'preact';
import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';

/**
 * The question before a destructive action (Clear site data, Stop watching), shown in place
 * under the button that opened it: focus moves to Cancel, which comes before the destructive button,
 * and Escape is Cancel (https://www.w3.org/WAI/ARIA/apg/patterns/alertdialog/). `onCancel` returns focus
 * to the opener (`useConfirmation`).
 */
export function Confirmation({ label, confirm, action, onConfirm, onCancel, children }: { label: string; confirm: string; action: string; onConfirm(): void; onCancel(): void; children: ComponentChildren }) {
  const cancel = useRef<HTMLButtonElement>(null);
  const description = useId();
  // Focus moves in the same task as the question appears (a layout effect, not useEffect's next frame):
  // an Escape pressed before then would reach the opener, outside this handler, and Chrome would close
  // the whole popup (https://preactjs.com/guide/v10/hooks/#uselayouteffect).
  useLayoutEffect(() => cancel.current?.focus(), []);
  const escape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    // Handled here: Chrome would otherwise close the whole popup. (Firefox closes its popup on Escape
    // before the page sees the key: tests/browser/firefox/toolbar-popup.spec.ts.)
    event.preventDefault();
    event.stopPropagation();
    onCancel();
  };
  return (
    <div role="alertdialog" class="confirmation" aria-label={label} aria-describedby={description} onKeyDown={escape} data-confirm={action}>
      <div id={description}>{children}</div>
      <div class="confirmation-buttons">
        <button ref={cancel} type="button" data-action={`cancel-${action}`} onClick={onCancel}>
          Cancel
        </button>
        <button type="button" class="danger" data-action={`confirm-${action}`} onClick={onConfirm}>
          {confirm}
        </button>
      </div>
    </div>
  );
}

/** Open state of a `Confirmation` kept by its component, and the opener that gets the focus back on Cancel. */
export function useConfirmation() {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  return {
    open,
    opener,
    ask: () => setOpen(true),
    cancel: () => {
      setOpen(false);
      opener.current?.focus();
    },
    close: () => setOpen(false),
  };
}
