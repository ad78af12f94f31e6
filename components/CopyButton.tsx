import { useState } from 'preact/hooks';

/** What the copy said, read out (`role="status"`): the button's own name does not change, so it is not. */
const SAID = { idle: '', copied: 'Copied', failed: 'The browser did not let it be copied: select the command and copy it.' } as const;

/** Copies a command; says so for a moment, and says so when the browser refuses. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<keyof typeof SAID>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
      setTimeout(() => setState('idle'), 1500);
    } catch {
      setState('failed');
    }
  };
  return (
    <>
      <button type="button" class="copy" onClick={copy} aria-label={`Copy: ${label}`} data-action="copy">
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      <span role="status" class={state === 'failed' ? 'error' : 'visually-hidden'} data-copy-status>
        {SAID[state]}
      </span>
    </>
  );
}
