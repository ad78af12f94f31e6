import { describe, expect, it } from 'vitest';
import { terminalSafeJson } from '../../../scripts/terminal-safe';

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
