import type { FilledCheck } from '../utils/diagnose/check';
import { checkText, readableSource } from '../utils/present/check-text';
import { CopyButton } from './CopyButton';

function Command({ text, label, focusable }: { text: string; label: string; focusable: boolean }) {
  return (
    <div class="command">
      {/* Commands wrap (theme.css); the first form stays focusable so the keyboard reaches each step's command. */}
      <pre tabIndex={focusable ? 0 : undefined} aria-label={`Command: ${label}`}>
        <code>{text}</code>
      </pre>
      <CopyButton text={text} label={label} />
    </div>
  );
}

/**
 * The ordered checks of a cause, read-only first, each command filled for this site and ready to copy:
 * what it changes, where to run it, the plain `docker` form beside the `docker compose` one, the log
 * lines to look for, and its source. The last step is Verify. Renders a check stored by an older
 * version (title, detail, command only) too.
 */
export function CheckList({ checks }: { checks: readonly FilledCheck[] }) {
  return (
    <ol class="checks">
      {checks.map((check, index) => {
        const text = checkText(check);
        return (
          <li key={index} data-changes={check.changes} data-verify={check.verify ? '' : undefined}>
            <span class="check-title">{check.title}</span>
            {text.hint && (
              <p class="check-detail" data-part="hint">
                {text.hint}
              </p>
            )}
            {check.detail && <p class="check-detail">{check.detail}</p>}
            {check.command && <Command text={check.command} label={check.title} focusable />}
            {text.docker && (
              <>
                <p class="check-detail">{text.docker.intro}</p>
                <Command text={text.docker.text} label={`${check.title} (plain docker)`} focusable={false} />
              </>
            )}
            {text.config && (
              <>
                <p class="check-detail">{text.config.intro}</p>
                <Command text={text.config.text} label={`${check.title} (configuration)`} focusable={!check.command} />
              </>
            )}
            {check.lookFor && check.lookFor.length > 0 && (
              <p class="check-detail" data-part="look-for">
                Look for:{' '}
                {check.lookFor.map((line, at) => (
                  <span key={line}>
                    {at > 0 && ', '}
                    <code>{line}</code>
                  </span>
                ))}
              </p>
            )}
            {check.source && (
              <p class="check-detail" data-part="source">
                Source:{' '}
                {check.url ? (
                  <a href={check.url} target="_blank" rel="noreferrer">
                    {readableSource(check.source)}
                  </a>
                ) : (
                  readableSource(check.source)
                )}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
