import { useState } from 'preact/hooks';

/** Copies a command; says so for a moment. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };
  return (
    <button type="button" class="copy" onClick={copy} aria-label={`Copy: ${label}`} data-action="copy">
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}
