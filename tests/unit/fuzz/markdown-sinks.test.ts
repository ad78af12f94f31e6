import fc from 'fast-check';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../utils/diagnose/diagnose';
import { buildExport } from '../../../utils/export/export-file';
import type { ExportFormat } from '../../../utils/export/export-format';
import { addCount, createLog, type RequestLog } from '../../../utils/log/request-log';
import type { RequestRecord } from '../../../utils/classify/classify-request';
import type { ServerCheckReport } from '../../../utils/server-checks/types';
import { EXPORT_META } from '../../fixtures/two-causes';
import { ASSET } from './arbitraries';
import { fuzz, TEST_TIMEOUT } from './settings';

/**
 * The Markdown sinks (the report and the forum post), rendered by micromark, CommonMark's reference
 * parser, with its GFM extensions (tables, autolinks of bare addresses, strikethrough), raw HTML let
 * through so that any that reaches the output is seen. What a server or a page controls, planted in
 * every field an export prints from traffic and from Run checks, must be shown as it was, never
 * rendered: no image, no link, no HTML, no emphasis made of it. What micromark does not do is
 * modelled (`githubLinks`): cmark-gfm finds e-mail addresses in the text joined back after escapes
 * (github/cmark-gfm#278), and GitHub's own filters find mentions, references, emoji codes and formulas
 * in the rendered text.
 */

const ORIGIN = 'https://photos.example.com';
const MARKDOWN_SINKS = ['markdown', 'forum-post'] as const satisfies readonly ExportFormat[];

/**
 * Text with everything Markdown, HTML and GitHub act on, and words GitHub turns into links or
 * mentions. No `=`: the redaction of credentials in addresses (a `key=` parameter) would rightly change
 * the text.
 */
const hostile = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('`', '``', '*', '_', '[', ']', '(', ')', '<', '>', '!', '|', '~', '#', '\\', '-', '+', ':', '"', "'", ' ', '\n', '\r\n', '\t', '{', '}', '^', '$', '%', '@', '.', '/', '&') },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          '![x](https://attacker.example/p.png)',
          '[x](https://attacker.example)',
          '<img src=https://attacker.example/p>',
          'www.attacker.example',
          'https://attacker.example/x',
          'x@attacker.example',
          'mailto:x@attacker.example',
          '@octocat',
          '#123',
          'GH-123',
          ':+1:',
          ':white_check_mark:',
          '$x$',
          '&lt;',
          '&#64;',
          '&commat;',
          '<details>',
          '</code>',
          '~~x~~',
          '**x**',
          '# x',
          '> x',
          '| a | b |',
        ),
      },
      { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 6 }).filter((text) => !text.includes('=')) },
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => parts.join(''));

/** Every field a record takes from traffic, each with its own markers: what is printed is found by them. */
interface Planted {
  query: string;
  server: string;
  errorText: string;
  contentType: string;
  summary: string;
  figure: string;
  reason: string;
  askedError: string;
}

const planted = fc.record<Planted>({ query: hostile, server: hostile, errorText: hostile, contentType: hostile, summary: hostile, figure: hostile, reason: hostile, askedError: hostile });

/**
 * The text between markers that name the field, `ZqueryZ …  ZqueryZ`: the spaces let an address at the
 * text's very start or end be one (GitHub links `www.` and `https://` only after a space or a line's start).
 */
const marked = (field: keyof Planted, text: string) => `Z${field}Z ${text} Z${field}Z`;

/** The fields each export prints: a field that stops being printed is noticed, not skipped. */
const PRINTED: Record<(typeof MARKDOWN_SINKS)[number], Array<keyof Planted>> = {
  markdown: ['query', 'summary', 'figure', 'reason'],
  'forum-post': ['query', 'server', 'figure'],
};

function failure(planted: Planted, overrides: Partial<RequestRecord>): RequestRecord {
  return {
    time: Date.UTC(2026, 10, 25, 12, 0, 1),
    origin: ORIGIN,
    method: 'GET',
    path: `/api/assets/${ASSET}/thumbnail?size=preview&q${marked('query', planted.query)}`,
    kind: 'thumbnail',
    route: 'assets/{id}/thumbnail',
    assetId: ASSET,
    sharedLink: false,
    outcome: 'http-502',
    failure: true,
    status: 502,
    responder: 'nginx',
    server: marked('server', planted.server),
    contentType: marked('contentType', planted.contentType),
    tabId: 7,
    insecure: false,
    ...overrides,
  };
}

/** Thumbnails failing at nginx, a connection reset, the records carrying what was planted. */
function logWith(planted: Planted): RequestLog {
  const log = createLog(ORIGIN, Date.UTC(2026, 10, 25, 12, 0, 0));
  const records = [
    ...Array.from({ length: 8 }, () => failure(planted, {})),
    failure(planted, { outcome: 'net-connection-reset', status: undefined, error: 'connection-reset', errorText: marked('errorText', planted.errorText), responder: 'unknown', server: undefined }),
  ];
  for (const record of records) {
    addCount(log, record.kind, record.outcome, record.responder);
    log.failures.push(record);
  }
  log.failed = records.length;
  addCount(log, 'thumbnail', 'ok', 'immich', 20);
  log.updated = Date.UTC(2026, 10, 25, 12, 5, 0);
  return log;
}

/** Harmless text in every planted field: what the exports' own template renders to. */
const HARMLESS: Planted = { query: 'x', server: 'x', errorText: 'x', contentType: 'x', summary: 'x', figure: 'x', reason: 'x', askedError: 'x' };
const CAUSES = diagnose(logWith(HARMLESS)).diagnoses.map(({ cause }) => cause);

function checksWith(planted: Planted): ServerCheckReport {
  return {
    origin: ORIGIN,
    ranAt: Date.UTC(2026, 10, 25, 12, 6, 0),
    serverVersion: 'v2.7.5',
    routesBasis: 'version',
    usedApiKey: false,
    results: [
      {
        id: 'storage',
        status: 'problem',
        summary: marked('summary', planted.summary),
        figure: marked('figure', planted.figure),
        ms: 30,
        asked: [{ path: '/api/server/storage', error: marked('askedError', planted.askedError) }],
        // A reason for each cause the log gives: the cards print those of their own cause.
        verdicts: CAUSES.map((cause) => ({ cause, verdict: 'supports' as const, reason: marked('reason', planted.reason) })),
        link: `${ORIGIN}/admin/queues`,
      },
    ],
  };
}

const render = (markdown: string) => micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] });

/** The text a reader sees: tags dropped, the parser's entities decoded. */
const visibleText = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

const tags = (html: string) => Array.from(html.matchAll(/<([a-z][a-z0-9]*)\b[^>]*>/gi), (match) => match[0]);

/**
 * What GitHub makes of text beyond Markdown, outside code and outside a link (the template's own
 * sources): an e-mail address, a mention or a reference (an `@`, or a `#` or `GH-` before a digit,
 * with no break after it), an emoji code (`:+1:`) and a formula's edge (a `$` not written
 * `<span>$</span>`). Stricter than GitHub: any `@` counts.
 */
const githubLinks = (html: string) =>
  html
    .replace(/<code\b[^>]*>[\s\S]*?<\/code>/g, '')
    .replace(/<a\b[^>]*>[\s\S]*?<\/a>/g, '')
    // An element splits the text as a comment does.
    .replaceAll('<span>$</span>', '<!-- -->')
    .match(/@(?!<!-- -->)|(?:#|\bGH-)(?=\d)|:[a-z+-][\w+-]*:|\$/gi) ?? [];

describe('fuzz: the Markdown exports show what traffic and the server said, never render it', () => {
  it.each(MARKDOWN_SINKS)('%s', { timeout: TEST_TIMEOUT }, (format) => {
    const build = (what: Planted) => render(buildExport(format, logWith(what), EXPORT_META, { hideHost: false, hideAssetIds: false }, { serverChecks: checksWith(what) }).text);
    const harmless = build(HARMLESS);
    // And `<span>`, in which plainText writes a dollar sign (GitHub's math).
    const template = new Set([...tags(harmless), '<span>']);
    expect((Object.keys(HARMLESS) as Array<keyof Planted>).filter((field) => visibleText(harmless).includes(`Z${field}Z`))).toEqual(PRINTED[format]);
    expect(githubLinks(harmless)).toEqual([]);
    fc.assert(
      fc.property(planted, (what) => {
        const html = build(what);
        // No tag the template itself does not make: no image, link, emphasis or raw HTML from the text.
        expect(tags(html).filter((tag) => !template.has(tag))).toEqual([]);
        expect(githubLinks(html)).toEqual([]);
        // Each field the export prints is there whole, as it was (its line breaks flattened to spaces).
        const text = visibleText(html);
        for (const field of PRINTED[format]) expect(text).toContain(marked(field, what[field].replace(/[\r\n]+/g, ' ')));
      }),
      fuzz(),
    );
  });
});
