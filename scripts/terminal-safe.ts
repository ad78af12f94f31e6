/** Unicode's bidirectional controls (the whole Bidi_Control set, Unicode TR #9 §2). */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const hex = (char: string, digits: number) => char.charCodeAt(0).toString(16).padStart(digits, '0');
/** A character as its escape `\uXXXX`, which JavaScript and JSON alike read back as the character. */
const unicodeEscape = (char: string) => `\\u${hex(char, 4)}`;

/**
 * What reaches the terminal from a file: control characters (escape sequences that set the title or
 * clear the screen) are shown as `\x1b`, never interpreted; so are Unicode's bidirectional controls,
 * which make a terminal show a path's characters in another order than they are (CVE-2021-42574,
 * "Trojan Source"), as `\u202e`.
 */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (char) => `\\x${hex(char, 2)}`).replace(BIDI_CONTROLS, unicodeEscape);
}

/**
 * `JSON.stringify`'s text, made as safe: it escapes the controls below U+0020 only, and writes DEL, the
 * C1 controls (U+0080-U+009F, `\x9b` starts an escape sequence in many terminals) and the bidirectional
 * controls as they are. Each becomes its `\uXXXX` escape, which JSON reads back as the same character.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, unicodeEscape).replace(BIDI_CONTROLS, unicodeEscape);
}
