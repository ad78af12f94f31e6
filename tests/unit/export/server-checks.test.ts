import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../../utils/diagnose/diagnose';
import { buildExport } from '../../../utils/export/export-file';
import { EXPORT_FORMATS, type ExportFormat } from '../../../utils/export/export-format';
import { readServerCheckReport } from '../../../utils/server-checks/read-report';
import type { ServerCheckReport } from '../../../utils/server-checks/types';
import { logFormatErrors } from '../../fixtures/log-format';
import { ORIGIN } from '../../fixtures/responses';
import { EXPORT_META, twoCauses } from '../../fixtures/two-causes';

const SHOWN = { hideHost: false, hideAssetIds: false };
const HIDDEN = { hideHost: true, hideAssetIds: false };
const HOST = 'photos.example.com';
const ALL_FORMATS: ExportFormat[] = [...EXPORT_FORMATS, 'forum-post'];


/**
 * A run whose storage check speaks against the first cause (0.9 → 0.45, below the WebSocket's 0.55),
 * with the site's address in a summary, a reason and a link, as the checks write them.
 */
const CHECKS: ServerCheckReport = {
  origin: ORIGIN,
  ranAt: Date.UTC(2026, 10, 25, 22, 40, 0),
  serverVersion: 'v2.7.5',
  routesBasis: 'version',
  usedApiKey: false,
  results: [
    { id: 'reachability', status: 'ok', summary: 'Immich v2.7.5 answers.', figure: 'v2.7.5', ms: 42, asked: [{ path: '/api/server/ping', status: 200 }], verdicts: [] },
    {
      id: 'storage',
      status: 'ok',
      summary: 'The library disk has room: 40% used.',
      figure: '40.0% of 252.0 GiB used',
      ms: 35,
      asked: [{ path: '/api/server/storage', status: 200 }],
      verdicts: [{ cause: 'media-file-unreadable', verdict: 'against', reason: `${HOST} reads its library disk` }],
    },
    {
      id: 'jobs',
      status: 'problem',
      summary: `Background jobs failed or are held up: see ${ORIGIN}/admin/queues.`,
      figure: '12 thumbnail jobs failed',
      ms: 80,
      asked: [{ path: '/api/queues', status: 200 }, { path: '/api/jobs', error: 'timeout' }],
      verdicts: [],
      link: `${ORIGIN}/admin/queues`,
    },
  ],
};

/** The Markdown with every code span removed (CommonMark: a run of N backticks closes only at N). */
const outsideCodeSpans = (markdown: string) => markdown.replace(/(`+)[\s\S]*?\1/g, '');

const exported = (format: ExportFormat, checks: ServerCheckReport | undefined, options = SHOWN) => buildExport(format, twoCauses(), EXPORT_META, options, { serverChecks: checks }).text;

interface Case {
  name: string;
  format: ExportFormat;
  checks?: ServerCheckReport;
  contains: string[];
  lacks: string[];
}

const CASES: Case[] = [
  { name: 'JSON with checks: the report', format: 'json', checks: CHECKS, contains: ['"serverChecks": {', '"ranAt": 1795646400000', '"checkEvidence": ['], lacks: [] },
  { name: 'JSON without: no field', format: 'json', contains: ['"diagnoses"'], lacks: ['serverChecks', 'checkEvidence'] },
  { name: 'HAR with checks: under log._immichDoctor', format: 'har', checks: CHECKS, contains: ['"serverChecks": {', '"usedApiKey": false'], lacks: [] },
  { name: 'HAR without: no field', format: 'har', contains: ['"entries"'], lacks: ['serverChecks'] },
  {
    name: 'Markdown with checks: the section, one line per check, the verdict on its cause',
    format: 'markdown',
    checks: CHECKS,
    contains: [
      '### Run checks',
      "Run at 2026-11-25T22:40:00.000Z against Immich v2.7.5, with the user's session (no API key).",
      '- OK · Reachability and version: Immich v2.7.5 answers. `v2.7.5` (42 ms)',
      '- OK · Storage: The library disk has room: 40% used. `40.0% of 252.0 GiB used` (35 ms)',
      // The summary's address is not linked (broken by an empty comment, as GitHub would link it): the link is the code span after it.
      `- Problem · Jobs: Background jobs failed or are held up: see ${ORIGIN.replace('://', ':<!-- -->//')}/admin/queues. \`12 thumbnail jobs failed\` (80 ms), see \`${ORIGIN}/admin/queues\``,
      `- ↓ Storage check: ${HOST} reads its library disk, which speaks against this cause.`,
    ],
    lacks: ['Run checks was not run'],
  },
  { name: 'Markdown without: one line saying so', format: 'markdown', contains: ["_Run checks was not run: the popup's **Run checks** asks the server itself"], lacks: ['### Run checks', '↓'] },
  {
    name: 'forum post with checks: name, status, figure; no summary',
    format: 'forum-post',
    checks: CHECKS,
    contains: ["**Immich's own answers (Immich Doctor's Run checks):**", '- Reachability and version: OK — `v2.7.5`', '- Storage: OK — `40.0% of 252.0 GiB used`', '- Jobs: Problem — `12 thumbnail jobs failed`'],
    lacks: ['Background jobs failed or are held up', '(35 ms)'],
  },
  { name: 'forum post without: nothing', format: 'forum-post', contains: ['- Immich: v2.7.5'], lacks: ['Run checks', "Immich's own answers"] },
];

describe('every export carries Run checks, or says it did not run', () => {
  it.each(CASES)('$name', ({ format, checks, contains, lacks }) => {
    const text = exported(format, checks);
    for (const part of contains) expect(text).toContain(part);
    for (const part of lacks) expect(text).not.toContain(part);
  });

  it('JSON: the report as stored, the diagnoses weighed as the popup weighs them, valid against the schema', () => {
    const parsed = JSON.parse(exported('json', CHECKS));
    expect(logFormatErrors(parsed)).toEqual([]);
    expect(parsed.serverChecks).toEqual(CHECKS);
    // 0.9 halved by the storage check: below the WebSocket's 0.55 and the network's 0.46.
    expect(parsed.diagnoses.map((diagnosis: Diagnosis) => `${diagnosis.cause} ${diagnosis.confidence}`)).toEqual(['websocket-blocked 0.55', 'network-unreachable 0.46', 'media-file-unreadable 0.45']);
    expect(parsed.diagnoses[2].checkEvidence).toEqual([{ check: 'storage', verdict: 'against', reason: `${HOST} reads its library disk` }]);
    const without = JSON.parse(exported('json', undefined));
    expect(without.diagnoses[0].cause).toBe('media-file-unreadable');
  });

  it('HAR: the report under log._immichDoctor, beside the entries, with the server version', () => {
    const har = JSON.parse(exported('har', CHECKS));
    expect(har.log._immichDoctor).toEqual({ counted: { requests: expect.any(Number), failed: expect.any(Number) }, immichVersion: 'v2.7.5', serverChecks: CHECKS });
    expect(har.log.entries).toHaveLength(JSON.parse(exported('har', undefined)).log.entries.length);
  });

  it.each<[ExportFormat, string]>([
    ['markdown', '### 1. '],
    ['forum-post', "Immich Doctor's most likely cause: "],
  ])('%s: the causes ranked by the checks, as the popup ranks them', (format, before) => {
    const rankFirst = (text: string) => text.split(before)[1]!.split(/[\n*]/)[0];
    expect(rankFirst(exported(format, CHECKS))).not.toBe(rankFirst(exported(format, undefined)));
  });

  it("without the server's version (Immich down at export), the steps are those of the version Run checks found, as the popup's", () => {
    const old = { ...CHECKS, serverVersion: 'v1.118.0' };
    const steps = (immichVersion: string | undefined, checks: ServerCheckReport | undefined) =>
      JSON.parse(buildExport('json', twoCauses(), { ...EXPORT_META, immichVersion }, SHOWN, { serverChecks: checks }).text).diagnoses.flatMap((diagnosis: Diagnosis) => diagnosis.checks.map((step) => step.command ?? ''));
    expect(steps(undefined, old)).toContain('docker compose exec immich-server ls -lah /usr/src/app/upload/thumbs');
    expect(steps(undefined, undefined)).not.toContain('docker compose exec immich-server ls -lah /usr/src/app/upload/thumbs');
    // The server's own answer at export is newer than the checks: it decides.
    expect(steps('v2.7.5', old)).not.toContain('docker compose exec immich-server ls -lah /usr/src/app/upload/thumbs');
  });

  it('API key or session: only whether a key was sent', () => {
    expect(exported('markdown', { ...CHECKS, usedApiKey: true })).toContain("with an API key from the extension's options.");
  });
});

describe('the checks in an export hide the host when asked', () => {
  it.each(ALL_FORMATS)('%s: not in a summary, a figure, a link, a reason, the Server header of an answer', (format) => {
    const text = exported(format, { ...CHECKS, results: CHECKS.results.map((result) => ({ ...result, figure: `${result.figure} at ${HOST}`, asked: result.asked.map((asked) => ({ ...asked, server: HOST })) })) }, HIDDEN);
    expect(text).not.toContain(HOST);
    expect(text).toContain('immich.example');
  });

  it('JSON: every text field hidden, the report still readable for the hidden origin', () => {
    const parsed = JSON.parse(exported('json', CHECKS, HIDDEN));
    expect(parsed.serverChecks.origin).toBe('https://immich.example');
    expect(parsed.serverChecks.results[2].link).toBe('https://immich.example/admin/queues');
    expect(parsed.diagnoses[2].checkEvidence[0].reason).toBe('immich.example reads its library disk');
    expect(readServerCheckReport(parsed.serverChecks, parsed.origin)).toEqual(parsed.serverChecks);
  });
});

describe('nothing but a report’s own fields reaches an export', () => {
  const SECRET = 'PLANTED-API-KEY-9c41e7';
  const stored = {
    ...CHECKS,
    apiKey: SECRET,
    results: CHECKS.results.map((result) => ({ ...result, headers: { 'x-api-key': SECRET }, asked: result.asked.map((asked) => ({ ...asked, key: SECRET })) })),
  };

  it.each(ALL_FORMATS)('%s: a string planted in extra fields of the stored report is absent', (format) => {
    const serverChecks = readServerCheckReport(stored, ORIGIN);
    expect(serverChecks).toBeDefined();
    const text = exported(format, serverChecks);
    expect(text).not.toContain(SECRET);
    expect(text).toContain('thumbnail jobs failed');
  });
});

describe('a stored report reads back whatever the checks wrote', () => {
  // The checks keep the status fetch gave (Chromium passes a proxy's 600-999) and cut an error to what
  // the reader takes: one status out of the reader's range made the whole report unreadable.
  it.each([
    ['a status of 999', { path: '/api/server/ping', status: 999 }, true],
    ['an error of 300 characters', { path: '/api/server/ping', error: 'x'.repeat(300) }, true],
    ['a status of 1000, which no fetch gives', { path: '/api/server/ping', status: 1000 }, false],
  ])('%s', (_name, asked, readable) => {
    const stored = { ...CHECKS, results: [{ ...CHECKS.results[0]!, asked: [asked] }] };
    expect(readServerCheckReport(stored, ORIGIN) !== undefined).toBe(readable);
  });

  it("a hand-made report's sentence at its limit, with a control written out on reading, still reads once read", () => {
    const stored = { ...CHECKS, results: [{ ...CHECKS.results[0]!, summary: `${'s'.repeat(998)}\n!`, asked: [{ path: '/api/server/ping', error: `${'e'.repeat(299)}\u202e` }] }] };
    const read = readServerCheckReport(stored, ORIGIN)!;
    expect(read.results[0]!.summary).toBe('s'.repeat(998));
    expect(read.results[0]!.asked[0]!.error).toBe('e'.repeat(299));
    expect(readServerCheckReport(JSON.parse(JSON.stringify(read)), ORIGIN)).toEqual(read);
  });
});

describe("the user's own file names and paths (a result's detail) stay in the popup", () => {
  const PRIVATE = '/srv/immich/library/upload/PLANTED-Hawaii-2019/IMG_0001.jpg';
  const withDetail: ServerCheckReport = { ...CHECKS, results: CHECKS.results.map((result, index) => (index === 0 ? { ...result, detail: `First failing original: ${PRIVATE}`, command: `ls -l '${PRIVATE}'` } : result)) };
  it.each(ALL_FORMATS)('%s: no detail written', (format) => {
    expect(readServerCheckReport(withDetail, ORIGIN)?.results[0]?.detail).toContain(PRIVATE);
    expect(exported(format, withDetail)).not.toContain('PLANTED-Hawaii');
  });
});

describe('the server’s words stay text in the Markdown', () => {
  it('a summary quoting an error with an image and HTML: escaped; a figure: a code span', () => {
    const hostile = '![x](https://attacker.example/p) <img src=x> # heading';
    const text = exported('markdown', { ...CHECKS, results: [{ ...CHECKS.results[1]!, summary: `Immich answered 500 (${hostile}) for the storage.`, figure: `500 ${hostile}` }] });
    expect(text).toContain('Immich answered 500 (\\!\\[x\\](https:<!-- -->//attacker.example/p) \\<img src=x\\> \\# heading) for the storage.');
    expect(text).toContain(`\`500 ${hostile}\``);
    expect(outsideCodeSpans(text)).not.toMatch(/(^|[^\\])(!\[|<img)/m);
  });
});
