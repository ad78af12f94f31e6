import { BIDI_CONTROLS, unicodeEscape } from '../utils/visible-text';

/**
 * `JSON.stringify`'s text, made as safe for a terminal as `visibleText` makes plain text: it escapes the
 * controls below U+0020 only, and writes DEL, the C1 controls (U+0080-U+009F, `\x9b` starts an escape
 * sequence in many terminals) and the bidirectional controls as they are. Each becomes its `\uXXXX`
 * escape, which JSON reads back as the same character.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, unicodeEscape).replace(BIDI_CONTROLS, unicodeEscape);
}
