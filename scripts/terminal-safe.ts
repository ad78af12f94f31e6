/**
 * What reaches the terminal from a file: control characters (escape sequences that set the title or
 * clear the screen) are shown as `\x1b`, never interpreted. JSON output is escaped by JSON itself.
 */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
