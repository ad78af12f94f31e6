import { describe, expect, it } from 'vitest';
import { buildExport } from '../../../utils/export/export-file';
import { codeSpan, plainText } from '../../../utils/export/markdown';
import { createLog, recordRaw } from '../../../utils/log/request-log';
import { answers, assetId, logOf, ORIGIN, request, times } from '../../fixtures/responses';

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

/**
 * The addresses' escaped forms were rendered with cmark-gfm 0.29.0.gfm.6 (`-e autolink`), GitHub's
 * parser: no link. Mentions, references and emoji codes are found by GitHub's filters in the rendered
 * text, which the empty comment splits; `<span>$</span>` is what GitHub's help gives for a dollar sign
 * outside a formula.
 */
describe('plainText: a server\'s sentence stays text, on GitHub too', () => {
  it.each([
    ['image syntax', '![x](y)', '\\!\\[x\\](y)'],
    ['a bare address, which GitHub links', 'see https://attacker.example/x', 'see https:<!-- -->//attacker.example/x'],
    ['a www. address', 'www.attacker.example', 'www<!-- -->.attacker.example'],
    ['an e-mail address', 'root@attacker.example', 'root@<!-- -->attacker.example'],
    ['a mailto: address', 'mailto:x@attacker.example', 'mailto:x@<!-- -->attacker.example'],
    ['a mention, which notifies the user', 'cc @octocat', 'cc @<!-- -->octocat'],
    ['an issue reference', 'see #123', 'see \\#<!-- -->123'],
    ['a formula', '$x$', '<span>$</span>x<span>$</span>'],
    ['a GH- reference', 'see GH-123', 'see GH-<!-- -->123'],
    ['an emoji code', 'done :+1: :white_check_mark:', 'done :<!-- -->+1: :<!-- -->white\\_check\\_mark:'],
    ['a time, left as it is', 'at 22:40:00', 'at 22:40:00'],
    ['a character reference', '&#64;', '\\&\\#<!-- -->64;'],
    ['a line break and a heading', 'failed\n# owned', 'failed \\# owned'],
  ])('%s', (_name, text, escaped) => {
    expect(plainText(text)).toBe(escaped);
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

describe('the report\'s checks: what the popup shows, pasteable', () => {
  const report = (hideHost: boolean) => buildExport('markdown', (() => {
    const log = createLog(ORIGIN, 0);
    for (let index = 0; index < 4; index += 1) recordRaw(log, { url: `${ORIGIN}/api/users/me`, type: 'xmlhttprequest', ...answers.nginx(502) });
    return log;
  })(), { ...META, immichVersion: 'v2.7.5' }, { hideHost, hideAssetIds: false }).text;

  it('each step: what it changes, where to run it, both forms, the lines to look for, its source; Verify last', () => {
    const text = report(false);
    expect(text).toContain('### 1. The reverse proxy cannot reach Immich');
    expect(text).toContain('_Changes nothing. Run on the Immich server, in the folder with its docker-compose.yml and .env.');
    expect(text).toContain('   docker compose logs --tail=200 immich-server');
    expect(text).toContain('   Or with plain docker, from any folder (Portainer, Unraid, TrueNAS):');
    expect(text).toContain('   docker logs --tail=200 immich_server');
    expect(text).toContain("   curl -si 'https://photos.example.com/api/server/ping'");
    expect(text).toContain('   Look for: `connect() failed (111: Connection refused) while connecting to upstream`');
    expect(text).toMatch(/Source: \[Immich Doctor's Immich notes, .*\]\(https:\/\/github\.com\/immich-app\/immich\/issues\/13490\)/);
    const steps = text.split('\n').filter((line) => /^\d+\. \*\*/.test(line));
    expect(steps.at(-1)).toMatch(/^\d+\. \*\*Verify: /);
    expect(text).not.toMatch(/<proxy>|IMMICH_HOST|# or:/);
  });

  it('with the host hidden, the filled commands do not name it', () => {
    const text = report(true);
    expect(text).not.toContain('photos.example.com');
    expect(text).toContain("curl -si 'https://immich.example/api/server/ping'");
  });
});

describe('the report pastes the first cause\'s steps only', () => {
  it('two causes: both with their evidence, the checks of the first one alone', () => {
    const log = logOf([
      ...times(20, (i) => request('thumbnail', answers.missingFile, assetId(i))),
      request('original', answers.originalOk),
      ...times(3, () => request('socket', answers.network('net::ERR_CONNECTION_RESET'))),
    ]);
    const text = buildExport('markdown', log, META, { hideHost: false, hideAssetIds: false }).text;
    expect(text).toContain('### 1. Media files are missing or unreadable on disk');
    expect(text).toMatch(/### 2\. /);
    expect(text.match(/<summary>Checks, in order<\/summary>/g)).toHaveLength(1);
    expect(text.indexOf('<summary>Checks')).toBeLessThan(text.indexOf('### 2. '));
  });
});
