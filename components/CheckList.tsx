import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { FilledCheck } from '../utils/diagnose/check';
import { checkText, readableSource, startHereStep, stepLayout } from '../utils/present/check-text';
import { CopyButton } from './CopyButton';

/** A command to paste, with its Copy button: a step's, or one a server check gives (./ServerChecks.tsx). */
export function Command({ text, label, focusable }: { text: string; label: string; focusable: boolean }) {
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

/** The steps ticked as done on a watched site's cards, and how to tick one; none where steps are only read (a HAR's analysis). */
export interface TriedSteps {
  tried: readonly string[];
  setTried(title: string, done: boolean): void;
}
export const TriedStepsContext = createContext<TriedSteps | undefined>(undefined);

/**
 * Ticks a step as done: the user keeps their place while the popup closes and opens between commands,
 * and the forum post says what was already tried.
 */
function TriedBox({ title }: { title: string }) {
  const steps = useContext(TriedStepsContext);
  if (!steps) return null;
  return (
    <label class="step-tried">
      <input type="checkbox" checked={steps.tried.includes(title)} onChange={(event) => steps.setTried(title, event.currentTarget.checked)} aria-label={`Done: ${title}`} data-tried={title} />{' '}
      done
    </label>
  );
}

/** One step: what it changes and where it runs, its command in both forms, what to look for, its source. */
function Step({ check, startHere }: { check: FilledCheck; startHere: boolean }) {
  const text = checkText(check);
  const dockerForm = text.docker && <Command text={text.docker.text} label={`${check.title} (plain docker)`} focusable={false} />;
  return (
    <li class={startHere ? 'start-here' : undefined} data-changes={check.changes} data-verify={check.verify ? '' : undefined} data-start-here={startHere ? '' : undefined}>
      <div class="step-head">
        {startHere && <span class="start-here-label">Start here</span>}
        <span class="check-title">{check.title}</span>
        <TriedBox title={check.title} />
      </div>
      {text.hint && (
        <p class="check-detail" data-part="hint">
          {text.hint}
        </p>
      )}
      {check.detail && <p class="check-detail">{check.detail}</p>}
      {check.command && <Command text={check.command} label={check.title} focusable />}
      {text.docker &&
        (check.command ? (
          // An alternative to the command above, not another step: one click away, so the steps stay short.
          <details class="docker-form" data-details="docker">
            <summary class="check-detail">{text.docker.intro}</summary>
            {dockerForm}
          </details>
        ) : (
          <>
            <p class="check-detail">{text.docker.intro}</p>
            {dockerForm}
          </>
        ))}
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
}

/** Part of a card's steps, numbered on from `from` (0-based) so the folded ones keep their place in the order. */
function Steps({ checks, from, start }: { checks: readonly FilledCheck[]; from: number; start: number }) {
  return (
    <ol class="checks" start={from + 1}>
      {checks.map((check, at) => (
        <Step key={from + at} check={check} startHere={from + at === start} />
      ))}
    </ol>
  );
}

/**
 * The ordered checks of a cause, read-only first, each command filled for this site and ready to copy:
 * what it changes, where to run it, the plain `docker` form beside the `docker compose` one, the log
 * lines to look for, and its source. The last step is Verify. Renders a check stored by an older
 * version (title, detail, command only) too. With `startHere` (the first card), one read-only step is
 * marked as the one to begin with, so a worried user is not left to choose among eight. The first
 * steps and Verify are open; the steps between wait under "N more steps" (`stepLayout`), so a card
 * reads in about one screen.
 */
export function CheckList({ checks, startHere = false }: { checks: readonly FilledCheck[]; startHere?: boolean }) {
  const start = startHere ? startHereStep(checks) : -1;
  const { shown, folded } = stepLayout(checks, start);
  return (
    <>
      <Steps checks={checks.slice(0, shown)} from={0} start={start} />
      {folded > shown && (
        <details class="more-steps" data-details="more-steps">
          <summary>{folded - shown} more steps, in order</summary>
          <Steps checks={checks.slice(shown, folded)} from={shown} start={start} />
        </details>
      )}
      {folded < checks.length && <Steps checks={checks.slice(folded)} from={folded} start={start} />}
    </>
  );
}
