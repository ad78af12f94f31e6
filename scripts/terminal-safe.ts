/**
 * What reaches the terminal from a file: control characters (escape sequences that set the title or
 * clear the screen) are shown as `\x1b`, never interpreted; so are Unicode's bidirectional controls,
 * which make a terminal show a path's characters in another order than they are (CVE-2021-42574,
 * "Trojan Source"; Unicode TR #9 §2), as `\u202e`. JSON output is escaped by JSON itself.
 */
export function terminalSafe(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
