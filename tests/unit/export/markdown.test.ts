import { describe, expect, it } from 'vitest';
import { buildExport } from '../../../utils/export/export-file';
import { codeSpan } from '../../../utils/export/markdown';
import { createLog, recordRaw } from '../../../utils/log/request-log';
import { answers, ORIGIN } from '../../fixtures/responses';

const META = { extensionVersion: '0', browser: 'test', exportedAt: 0 };

/** The Markdown with every code span removed (CommonMark: a run of N backticks closes only at N). */
function outsideCodeSpans(markdown: string): string {
  return markdown.replace(/(`+)[\s\S]*?\1/g, '');
}

describe('codeSpan: nothing inside can end it', () => {
  it.each([
    ['plain', 'GET /api/users/me', '`GET /api/users/me`'],
    ['one backtick inside', 'GET /x?q=a`b', '``GET /x?q=a`b``'],
    ['a run of three', 'GET /x?q=```', '```` GET /x?q=``` ````'],
    ['a leading backtick', '`x', '`` `x ``'],
    ['a line break', 'GET /x\n# heading', '`GET /x # heading`'],
  ])('%s', (_name, text, span) => {
    expect(codeSpan(text)).toBe(span);
  });
});

describe('the Markdown report shows traffic, never renders it', () => {
  it('a URL with backticks and image syntax stays inside its code span', () => {
    const log = createLog(ORIGIN, 0);
    for (const attack of ['`![x](https://attacker.example/pixel)`', '``<img src=https://attacker.example/p>``', '`](https://attacker.example)']) {
      recordRaw(log, { url: `${ORIGIN}/api/assets/x/thumbnail?size=preview&q=${attack}`, type: 'image', ...answers.missingFile });
    }
    const markdown = buildExport('markdown', log, META, { hideHost: false, hideAssetIds: false }).text;
    expect(markdown).toContain('attacker.example');
    const outside = outsideCodeSpans(markdown);
    expect(outside).not.toContain('attacker.example');
    expect(outside).not.toMatch(/!\[|<img/);
  });
});
