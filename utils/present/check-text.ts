import type { Changes } from '../diagnose/cause';
import type { FilledCheck } from '../diagnose/check';

/** What a step changes, in the words the popup, the report and the CLI show beside it. */
export const CHANGES_LABEL: Record<Changes, string> = {
  nothing: 'Changes nothing',
  browser: 'Changes this browser only',
  config: 'Changes config',
  data: 'Starts work on the server',
};

/** `guide: <section>` reads as the guide's section; `immich.md: …` as the project's notes on Immich. */
export function readableSource(source: string): string {
  return source.replace(/(^|; )guide: /g, '$1Immich image troubleshooting guide, ').replace(/(^|; )immich\.md: /g, "$1Immich Doctor's Immich notes, ");
}

/** The muted line under a step's title: what it changes and where its command runs ("" for a check an older version stored). */
export function checkHint(check: Pick<FilledCheck, 'changes' | 'where'>): string {
  const changes = check.changes && CHANGES_LABEL[check.changes] ? `${CHANGES_LABEL[check.changes]}.` : '';
  return [changes, check.where ?? ''].filter(Boolean).join(' ');
}

/** One text block per step part, for plain-text renderings (the CLI, the Markdown report). */
export interface CheckText {
  hint: string;
  detail?: string;
  command?: string;
  docker?: { intro: string; text: string };
  config?: { intro: string; text: string };
  lookFor?: string;
  source: string;
}

export function checkText(check: FilledCheck): CheckText {
  const text: CheckText = { hint: checkHint(check), source: `Source: ${readableSource(check.source)}${check.url ? ` (${check.url})` : ''}` };
  if (check.detail) text.detail = check.detail;
  if (check.command) text.command = check.command;
  if (check.docker) text.docker = { intro: check.command ? 'Or with plain docker, from any folder (Portainer, Unraid, TrueNAS):' : 'With plain docker:', text: check.docker };
  if (check.config) text.config = { intro: `Add to ${check.configFile ?? 'the configuration'}:`, text: check.config };
  if (check.lookFor && check.lookFor.length > 0) text.lookFor = `Look for: ${check.lookFor.join(', ')}`;
  return text;
}

/**
 * The step the first card marks "Start here": the first that only looks (read-only, safe whatever the
 * cause turns out to be), else the first step; never the closing Verify step. -1 when there is none.
 */
export function startHereStep(checks: ReadonlyArray<Pick<FilledCheck, 'changes' | 'verify'>>): number {
  const steps = checks.map((check, index) => ({ check, index })).filter(({ check }) => !check.verify);
  return (steps.find(({ check }) => check.changes === 'nothing') ?? steps[0])?.index ?? -1;
}

/** Steps a card shows before "more steps": with the closing Verify step, about one screen. */
const OPEN_STEPS = 3;

/**
 * How a card's steps are laid out: `checks.slice(0, shown)` open (at least through the Start here
 * step), `checks.slice(shown, folded)` under "N more steps", the rest (the Verify step) open at the end,
 * so how to confirm the fix is always in sight. One step alone is never folded: that saves nothing.
 */
export function stepLayout(checks: ReadonlyArray<Pick<FilledCheck, 'verify'>>, start: number): { shown: number; folded: number } {
  let closing = checks.length;
  while (closing > 0 && checks[closing - 1]!.verify) closing -= 1;
  const shown = Math.min(closing, Math.max(OPEN_STEPS, start + 1));
  return closing - shown >= 2 ? { shown, folded: closing } : { shown: closing, folded: closing };
}
