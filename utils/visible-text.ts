import { cutText } from './cut-text';

/** Unicode's bidirectional controls (the whole Bidi_Control set, Unicode TR #9 §2). */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** The C0 controls, DEL, and the C1 controls (`\x9b` starts an escape sequence in many terminals). */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
/** Either of the two: `visibleText`'s one test of a text that has none, as nearly all have. */
export const HIDDEN_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const HIDDEN = new RegExp(HIDDEN_CHARACTERS.source);

const hex = (char: string, digits: number) => char.charCodeAt(0).toString(16).padStart(digits, '0');
/** A character as its escape `\uXXXX`, which JavaScript and JSON alike read back as the character. */
export const unicodeEscape = (char: string) => `\\u${hex(char, 4)}`;

/**
 * A text that came from traffic, a server or a file, as it can be shown anywhere (the popup, the options
 * page, a Markdown report, a HAR, the terminal): control characters as `\x1b` (an escape sequence would
 * set a terminal's title or clear its screen), Unicode's bidirectional controls as `\u202e` (they make a
 * path or a header show its characters in another order than they are: CVE-2021-42574, "Trojan
 * Source"). Line breaks and tabs too: each such text is one field of a line, and a line feed in a
 * file's sentence would start a line of its own in the command's output, as if the command wrote it.
 * A text with none of these is returned as it is.
 */
export function visibleText(text: string): string {
  if (!HIDDEN.test(text)) return text;
  return text.replace(CONTROLS, (char) => `\\x${hex(char, 2)}`).replace(BIDI_CONTROLS, unicodeEscape);
}

/** An escape `visibleText` writes, cut short at the end of a text (`\`, `\u20`): no escape, and no character. */
const CUT_ESCAPE = /\\(?:x[0-9a-f]?|u[0-9a-f]{0,3})?$/;

/**
 * `visibleText`, at most `max` characters long: cut where an escape begins, never inside it (a
 * header's `\u202e` cut to `\u20` read as garbage, and a trailing `\` escaped what a Markdown table
 * wrote next).
 */
export function visibleTextWithin(text: string, max: number): string {
  const shown = visibleText(text);
  if (shown.length <= max) return shown;
  const cut = cutText(shown, max);
  const escape = CUT_ESCAPE.exec(cut);
  return escape ? cut.slice(0, escape.index) : cut;
}

/** Whether a stored or imported value is a text no longer than `max`, whatever its characters. */
export function isTextWithin(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max;
}

/** Whether a stored or imported value is a text `visibleText` would show as it is, and no longer than `max`. */
export function isVisibleText(value: unknown, max: number): value is string {
  return isTextWithin(value, max) && !HIDDEN.test(value);
}

/** A text of several lines (the command line's output) made visible line by line: its own line breaks and tabs stay. */
export function visibleLines(text: string): string {
  return text.replace(/[^\n\t]+/g, visibleText);
}
