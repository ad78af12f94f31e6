import type { Check } from '../utils/diagnose/check';
import { CopyButton } from './CopyButton';

/** The ordered checks of a cause, safest first, each command ready to copy. */
export function CheckList({ checks }: { checks: readonly Check[] }) {
  return (
    <ol class="checks">
      {checks.map((check) => (
        <li key={check.title}>
          <span class="check-title">{check.title}</span>
          {check.detail && <p class="check-detail">{check.detail}</p>}
          {check.command && (
            <div class="command">
              {/* Focusable so keyboard users can scroll a long command. */}
              <pre tabIndex={0} aria-label={`Command: ${check.title}`}>
                <code>{check.command}</code>
              </pre>
              <CopyButton text={check.command} label={check.title} />
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
