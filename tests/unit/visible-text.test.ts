import { describe, expect, it } from 'vitest';
import { isVisibleText, visibleLines, visibleText, visibleTextWithin } from '../../utils/visible-text';

describe('visibleText: text from traffic, a server or a file is shown, never acted on', () => {
  it.each([
    ['a title-setting sequence', '\u001b]0;pwned\u0007', '\\x1b]0;pwned\\x07'],
    ['clear screen', '\u001b[2J', '\\x1b[2J'],
    ['a C1 control', 'a\u009bb', 'a\\x9bb'],
    ['a carriage return', 'ok\rfake', 'ok\\x0dfake'],
    // A line feed in a file's sentence would start a line of the command's output of its own.
    ['a line feed and a tab: each text is one field of a line', 'ok\n1. forged\tline', 'ok\\x0a1. forged\\x09line'],
    ['NUL and DEL', 'a\u0000b\u007f', 'a\\x00b\\x7f'],
    ['a right-to-left override, which shows what follows reversed', '/photos/\u202egnp.exe', '/photos/\\u202egnp.exe'],
    ['the isolates and marks', '\u2066a\u2069\u200e\u200f\u061c', '\\u2066a\\u2069\\u200e\\u200f\\u061c'],
    ['the embeddings', '\u202aa\u202bb\u202c\u202d', '\\u202aa\\u202bb\\u202c\\u202d'],
  ])('%s', (_name, text, shown) => {
    expect(visibleText(text)).toBe(shown);
    expect(isVisibleText(text, 1000)).toBe(false);
    expect(isVisibleText(shown, 1000)).toBe(true);
  });

  it.each([
    ['symbols and accents', '1. Thumbnails ✗ 38 café →'],
    ['right-to-left script itself, which the reader sees as it is', 'صور/\u05e9\u05dc\u05d5\u05dd.jpg'],
    ['a zero-width joiner (an emoji sequence), not a bidirectional control', '👩\u200d💻'],
    ['a product token', 'nginx/1.25.3'],
  ])('keeps %s as it is', (_name, text) => {
    expect(visibleText(text)).toBe(text);
    expect(isVisibleText(text, 1000)).toBe(true);
  });

  it("visibleLines: a text of several lines, the command line's output, keeps its own breaks and tabs", () => {
    expect(visibleLines('1. Thumbnails ✗ 38\n\tcaf\u00e9 \u001b[2J\r\n')).toBe('1. Thumbnails ✗ 38\n\tcaf\u00e9 \\x1b[2J\\x0d\n');
  });

  it.each([
    ['short enough: as visibleText writes it', 'nginx\u202e', 20, 'nginx\\u202e'],
    ['cut before an escape that would not fit whole', `${'a'.repeat(99)}\u202e`, 100, 'a'.repeat(99)],
    ['cut after an escape that fits whole', `${'a'.repeat(94)}\u202ebc`, 101, `${'a'.repeat(94)}\\u202eb`],
    ['cut inside a control escape', `${'a'.repeat(8)}\u001b`, 10, 'a'.repeat(8)],
    ['a long plain text: cut at the limit', 'x'.repeat(300), 120, 'x'.repeat(120)],
  ])('visibleTextWithin: %s', (_name, text, max, shown) => {
    const within = visibleTextWithin(text, max);
    expect(within).toBe(shown);
    expect(within.length).toBeLessThanOrEqual(max);
  });

  it('isVisibleText: text only, within the length', () => {
    expect(isVisibleText('nginx', 5)).toBe(true);
    expect(isVisibleText('nginx', 4)).toBe(false);
    expect(isVisibleText(5, 10)).toBe(false);
    expect(isVisibleText(undefined, 10)).toBe(false);
  });
});
