import type { CauseVerdict, ServerCheckReport, ServerCheckResult } from '../server-checks/types';
import { SERVER_CHECK_NAMES, SERVER_CHECK_STATUS_LABELS } from './server-check-text';

/**
 * *Run checks* as text read later, by someone else: the Markdown report, the forum post, the CLI. The
 * popup's own words (./server-check-text.ts) speak to the user now ("5 minutes ago", "your session").
 */

/** "Run at 2026-11-25T22:40:00.000Z against Immich v2.7.5, with the user's session (no API key)." */
export function serverChecksRanSentence(report: ServerCheckReport): string {
  const version = report.serverVersion ? `Immich ${report.serverVersion}` : 'Immich (version unknown)';
  // Only whether a key was sent: the key itself is never stored, so never written.
  const credential = report.usedApiKey ? "with an API key from the extension's options" : "with the user's session (no API key)";
  return `Run at ${new Date(report.ranAt).toISOString()} against ${version}, ${credential}.`;
}

/** Marks a check's verdict on a cause: it raised the cause's likelihood, or lowered it. */
export const VERDICT_MARKS: Record<CauseVerdict['verdict'], string> = { supports: '↑', against: '↓' };

/**
 * How a format writes what the server said: `quote` a raw figure (a code span in Markdown), `prose` a
 * sentence that may carry the server's own words (escaped in Markdown). Each format brings its own, so
 * nothing the server sent is read as markup there.
 */
export interface ServerTextStyle {
  quote(text: string): string;
  prose(text: string): string;
}

/** For text that is no markup (the terminal, once made visible; a page's text node): figures in brackets, sentences as they are. */
export const PLAIN_STYLE: ServerTextStyle = { quote: (text) => `[${text}]`, prose: (text) => text };

/** One check in full: "Problem · Storage: The library disk is 97% full… `97.5% of 252.0 GiB used` (120 ms)". */
export function serverCheckLine(result: ServerCheckResult, style: ServerTextStyle): string {
  const figure = result.figure ? ` ${style.quote(result.figure)}` : '';
  return `${SERVER_CHECK_STATUS_LABELS[result.status]} · ${SERVER_CHECK_NAMES[result.id]}: ${style.prose(result.summary)}${figure} (${result.ms} ms)`;
}

/** One check in brief, for a public post: "Storage: Problem — `97.5% of 252.0 GiB used`". */
export function serverCheckBrief(result: ServerCheckResult, style: ServerTextStyle): string {
  return `${SERVER_CHECK_NAMES[result.id]}: ${SERVER_CHECK_STATUS_LABELS[result.status]}${result.figure ? ` — ${style.quote(result.figure)}` : ''}`;
}
