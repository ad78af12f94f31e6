import { describe, expect, it } from 'vitest';
import { buildExport } from '../../../utils/export/export-file';
import type { ExportMeta } from '../../../utils/export/export-meta';
import { browserLabel } from '../../../utils/export/forum-post';
import { plainText } from '../../../utils/export/markdown';
import { diagnose } from '../../../utils/diagnose/diagnose';
import type { RequestLog } from '../../../utils/log/request-log';
import { answers, ASSET, assetId, headers, logOf, ORIGIN, request, times } from '../../fixtures/responses';

const META: ExportMeta = {
  extensionVersion: '0.1.0',
  browser: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  immichVersion: 'v2.7.5',
  exportedAt: Date.UTC(2026, 10, 25, 22, 44, 55),
};
const HOST = 'photos.example.com';
const SECRETS = ['PLANTED-SHARE-KEY-2c8d1e', 'PLANTED-API-KEY-7f3a9b', 'PLANTED-SLUG-5d1e8b'];

/** Thumbnails 500 from Immich while originals load. */
const thumbnailsMissing = () => logOf([...times(20, (i) => request('thumbnail', answers.missingFile, assetId(i))), request('original', answers.originalOk)]);

/**
 * The same, with what an older log might have kept: credentials and the host in its records' paths
 * (recording redacts credentials, so they are written in afterwards), and a path built to break out of
 * its code span.
 */
function planted(): RequestLog {
  const log = thumbnailsMissing();
  log.failures = log.failures.map((record, index) => ({
    ...record,
    path: `/${index % 2 ? '`![x](https://attacker.example/pixel)`' : '`](https://attacker.example)\n# heading'}${record.path}&key=${SECRETS[0]}&apiKey=${SECRETS[1]}&slug=${SECRETS[2]}&next=https://${HOST}/photos`,
  }));
  return log;
}

const post = (log: RequestLog, { hideHost = true, meta = META } = {}) => buildExport('forum-post', log, meta, { hideHost, hideAssetIds: false }).text;

/** The Markdown with every code span removed (CommonMark: a run of N backticks closes only at N). */
const outsideCodeSpans = (markdown: string) => markdown.replace(/(`+)[\s\S]*?\1/g, '');

interface Case {
  name: string;
  text: () => string;
  contains: string[];
  lacks: string[];
}

const CASES: Case[] = [
  {
    name: 'the first cause with its likelihood, a few lines of evidence, the version, who answered, the browser; host hidden',
    text: () => post(thumbnailsMissing()),
    contains: [
      "**Immich photos not loading. Immich Doctor's most likely cause: Media files are missing or unreadable on disk** (",
      ' likelihood)',
      '- ✗ 20 thumbnails failed with 500 from Immich',
      '- ✓ originals load fine: 1/1',
      '- Immich: v2.7.5',
      '- Answered by: Immich itself',
      '- Browser: Chromium 131',
      '- Site: `https://immich.example`',
      '- Requests: 21, failed: 20',
    ],
    lacks: [HOST, 'docker', '<details>', '|', '###'],
  },
  { name: 'the host included when asked', text: () => post(thumbnailsMissing(), { hideHost: false }), contains: [`- Site: \`https://${HOST}\``], lacks: ['immich.example'] },
  {
    name: 'planted secrets and the host in paths: redacted, hidden',
    text: () => post(planted()),
    contains: ['key=REDACTED', 'next=https%3A%2F%2Fimmich.example%2Fphotos'],
    lacks: [...SECRETS, HOST],
  },
  { name: 'unknown version', text: () => post(thumbnailsMissing(), { meta: { ...META, immichVersion: undefined } }), contains: ['- Immich: version unknown'], lacks: ['v2.7.5'] },
  {
    name: 'a proxy answered: named, not Immich',
    text: () => post(logOf([request('usersMe', answers.jsonOk), ...times(3, () => request('upload', answers.nginx(413)))])),
    contains: [
      'The reverse proxy rejects large uploads (413)',
      '- Answered by: nginx, the proxy in front of Immich (by its response headers), not Immich itself',
      '- `Server` header of the failed answers: `nginx/1.22.1`',
    ],
    lacks: ['- Answered by: Immich itself'],
  },
  {
    name: "Immich's own answers carry no Server header: no such line",
    text: () => post(thumbnailsMissing()),
    contains: ['- Answered by: Immich itself'],
    lacks: ['`Server` header'],
  },
  {
    name: 'a CDN in front of the proxy: both Server headers, most frequent first; a hostile one stays in its code span',
    text: () =>
      post(
        logOf([
          ...times(3, () => request('usersMe', { statusCode: 502, responseHeaders: [{ name: 'Server', value: 'cloudflare' }, { name: 'cf-ray', value: '8f1e2d3c4b5a6978-AMS' }] })),
          request('usersMe', { statusCode: 502, responseHeaders: [{ name: 'Server', value: 'nginx/1.27.0 `![x](https://attacker.example/pixel)`' }] }),
        ]),
      ),
    contains: ['header of the failed answers: `cloudflare`, `` nginx/1.27.0 `![x](https://attacker.example/pixel)` ``'],
    lacks: [],
  },
  {
    name: 'nothing failed: the Server header of the latest answers',
    text: () => post(logOf([request('usersMe', { statusCode: 200, responseHeaders: headers.immichViaNginx('application/json') })])),
    contains: ['- `Server` header: `nginx/1.22.1`'],
    lacks: ['of the failed answers'],
  },
  {
    name: 'nothing answered (no proxy header): no "Answered by" line',
    text: () => post(logOf(times(4, () => request('usersMe', answers.network('net::ERR_CONNECTION_REFUSED'))))),
    contains: ['Nothing is listening at the Immich address'],
    lacks: ['Answered by'],
  },
  { name: 'no failure', text: () => post(logOf([request('thumbnail', answers.thumbnailOk)])), contains: ['**Immich Doctor saw no failed request.**', '- Requests: 1, failed: 0'], lacks: ['likelihood'] },
];

describe('Copy for a forum post', () => {
  it.each(CASES)('$name', ({ text, contains, lacks }) => {
    const markdown = text();
    for (const part of contains) expect(markdown).toContain(part);
    for (const part of lacks) expect(markdown).not.toContain(part);
  });

  it("lists the first card's steps the user ticked, in the card's order; steps of other cards and unknown titles are not listed", () => {
    const log = thumbnailsMissing();
    const titles = diagnose(log, { serverVersion: META.immichVersion }).diagnoses[0]!.checks.map((check) => check.title);
    expect(titles.length).toBeGreaterThan(2);
    const triedSteps = [titles[2]!, 'A step of another card', titles[0]!];
    const markdown = buildExport('forum-post', log, META, { hideHost: true, hideAssetIds: false }, { triedSteps }).text;
    expect(markdown).toContain(`- Already tried (Immich Doctor's steps): ${plainText(titles[0]!)}; ${plainText(titles[2]!)}\n`);
    expect(markdown).not.toContain('A step of another card');
    expect(post(log)).not.toContain('Already tried');
  });

  it('a ticked step whose title names the site hides the host with the rest of the post', () => {
    const log = logOf(times(5, (i) => request('thumbnail', answers.network('net::ERR_BLOCKED_BY_CLIENT'), assetId(i))));
    const [first] = diagnose(log, { serverVersion: META.immichVersion }).diagnoses;
    const title = first!.checks.find((check) => check.title.includes(ORIGIN))?.title;
    expect(title, `a step of ${first!.cause} names the site`).toBeDefined();
    const markdown = buildExport('forum-post', log, META, { hideHost: true, hideAssetIds: false }, { triedSteps: [title!] }).text;
    expect(markdown).toContain(`- Already tried (Immich Doctor's steps): ${plainText(title!.replace('photos.example.com', 'immich.example'))}`);
    expect(markdown).not.toContain('photos.example.com');
    // As plain text: the address is no link a forum would make of it.
    const tried = markdown.split('\n').find((line) => line.startsWith('- Already tried'));
    expect(tried).toContain('https:<!-- -->//immich.example');
    expect(tried).not.toContain('https://');
  });

  it('traffic-derived text stays inside its code span: no link, image, heading or line break it could add', () => {
    const markdown = post(planted());
    expect(markdown).toContain('attacker.example');
    const outside = outsideCodeSpans(markdown);
    expect(outside).not.toContain('attacker.example');
    expect(outside).not.toMatch(/!\[|\]\(|<img/);
    expect(markdown.split('\n').filter((line) => line.startsWith('#'))).toEqual([]);
  });

  it('is short: a few evidence lines and one example, whatever the log holds', () => {
    const log = logOf([
      ...times(30, (i) => request('thumbnail', answers.missingFile, assetId(i))),
      ...times(30, (i) => request('preview', answers.missingFile, assetId(i))),
      ...times(30, (i) => request('person', answers.missingFile, assetId(i))),
      ...times(30, (i) => request('profile', answers.missingFile, assetId(i))),
      request('original', answers.originalOk, ASSET),
    ]);
    const markdown = post(log);
    expect(markdown.split('\n').filter((line) => line.startsWith('- ✗ ')).length).toBeLessThanOrEqual(3);
    expect(markdown.split('\n').filter((line) => line.startsWith('- e.g. '))).toHaveLength(1);
    expect(markdown.length).toBeLessThan(1200);
  });
});

describe('browserLabel', () => {
  it.each([
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Chromium 131'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36', 'Chromium 156'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86', 'Edge 131'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0', 'Firefox 140'],
    ['some `odd` agent', '``some `odd` agent``'],
  ])('%s → %s', (userAgent, label) => {
    expect(browserLabel(userAgent)).toBe(label);
  });
});
