import { describe, expect, it } from 'vitest';
import { terminalSafe, terminalSafeJson } from '../../../scripts/terminal-safe';

describe('terminalSafe: the CLI shows control characters, never runs them', () => {
  it.each([
    ['a title-setting sequence', '\u001b]0;pwned\u0007', '\\x1b]0;pwned\\x07'],
    ['clear screen', '\u001b[2J', '\\x1b[2J'],
    ['a C1 control', 'a\u009bb', 'a\\x9bb'],
    ['a carriage return', 'ok\rfake', 'ok\\x0dfake'],
    ['a right-to-left override, which shows what follows reversed', '/photos/\u202egnp.exe', '/photos/\\u202egnp.exe'],
    ['the isolates and marks', '\u2066a\u2069\u200e\u200f\u061c', '\\u2066a\\u2069\\u200e\\u200f\\u061c'],
  ])('%s', (_name, text, shown) => {
    expect(terminalSafe(text)).toBe(shown);
  });

  it('keeps line breaks, tabs and any printable text', () => {
    expect(terminalSafe('1. Thumbnails ✗ 38\n\tcaf\u00e9 →')).toBe('1. Thumbnails ✗ 38\n\tcaf\u00e9 →');
  });
});

describe('terminalSafeJson: --json output acts on no terminal, and reads back the same', () => {
  it.each([
    ['a C1 control sequence introducer', 'a\u009b2Jb'],
    ['DEL', 'a\u007fb'],
    ['a right-to-left override in a path', '/photos/\u202egnp.exe'],
    ['the isolates and marks', '\u2066a\u2069\u200e\u200f\u061c'],
  ])('%s', (_name, value) => {
    const json = terminalSafeJson(JSON.stringify({ path: value }));
    expect(json).toMatch(/^[\u0020-\u007e]*$/);
    expect(JSON.parse(json)).toEqual({ path: value });
  });

  it('leaves any other text as JSON.stringify wrote it', () => {
    const json = JSON.stringify({ text: 'caf\u00e9 → ✗ "quoted"\n' });
    expect(terminalSafeJson(json)).toBe(json);
  });
});
