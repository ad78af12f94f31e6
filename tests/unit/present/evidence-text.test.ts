import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../utils/diagnose/diagnose';
import { consequenceSentence, evidenceSentences, failingSentence, healthySentence, likelihood } from '../../../utils/present/evidence-text';
import { buildMarkdownReport } from '../../../utils/export/markdown';
import { createRedactor, DEFAULT_REDACTION } from '../../../utils/export/redaction';
import { outcomeMatrix } from '../../../utils/present/matrix';
import { REQUEST_KINDS } from '../../../utils/classify/request-kind';
import { answers, assetId, logOf, request, times, ORIGIN } from '../../fixtures/responses';

describe('evidence in plain words', () => {
  it.each([
    [{ kind: 'thumbnail', outcome: 'http-500', responder: 'immich', count: 38, total: 38 }, '38 thumbnails failed with 500 from Immich'],
    [{ kind: 'thumbnail', outcome: 'http-500', responder: 'immich', count: 3, total: 40 }, '3 of 40 thumbnails failed with 500 from Immich'],
    // After "of 40" the noun counts the 40 (a review read "1 of 40 thumbnail failed").
    [{ kind: 'thumbnail', outcome: 'http-500', responder: 'immich', count: 1, total: 40 }, '1 of 40 thumbnails failed with 500 from Immich'],
    [{ kind: 'original', outcome: 'http-500', responder: 'immich', count: 1, total: 1 }, '1 original failed with 500 from Immich'],
    [{ kind: 'upload', outcome: 'http-413', responder: 'nginx', count: 1, total: 1 }, '1 upload failed with 413 from nginx'],
    [{ kind: 'api', outcome: 'net-connection-refused', responder: 'unknown', count: 2, total: 2 }, '2 API calls failed with connection refused'],
    [{ kind: 'original', outcome: 'html', responder: 'nginx', count: 1200, total: 1200 }, '1,200 originals failed with an HTML page instead from nginx'],
    [{ kind: 'api', outcome: 'redirect-away', responder: 'nginx', count: 4, total: 4 }, '4 API calls failed with a redirect to a login page or another site from nginx'],
  ] as const)('%j → %s', (line, sentence) => {
    expect(failingSentence(line)).toBe(sentence);
  });

  it.each([
    [{ kind: 'original', ok: 12, total: 12 }, 'originals load fine: 12/12'],
    [{ kind: 'original', ok: 3, total: 12 }, 'originals: 3/12 ok'],
    [{ kind: 'original', ok: 0, total: 0 }, 'originals: none requested'],
  ] as const)('%j → %s', (line, sentence) => {
    expect(healthySentence(line)).toBe(sentence);
  });

  it('keeps only counter-evidence from kinds that were asked, or one "none requested"', () => {
    const asked = diagnose(logOf([...times(5, (i) => request('thumbnail', answers.missingFile, assetId(i))), request('original', answers.originalOk)])).diagnoses[0]!;
    expect(evidenceSentences(asked).healthy).toEqual(['originals load fine: 1/1']);
    const none = diagnose(logOf(times(5, (i) => request('thumbnail', answers.missingFile, assetId(i))))).diagnoses[0]!;
    expect(evidenceSentences(none).healthy).toEqual(['originals: none requested']);
  });
});

describe('outcome matrix', () => {
  it('groups kinds, counts ok and failed, and lists the top failures; aborted loads are left out', () => {
    const rows = outcomeMatrix(
      logOf([
        ...times(3, (i) => request('thumbnail', answers.missingFile, assetId(i))),
        request('thumbnail', answers.notGenerated),
        request('thumbnail', answers.thumbnailOk),
        request('thumbnail', answers.network('net::ERR_ABORTED')),
        request('preview', answers.previewOk),
        request('fullsize', answers.nginx(504)),
      ]).counters,
    );
    expect(rows.find((row) => row.label === 'Thumbnails')).toMatchObject({ total: 5, ok: 1, failed: 4, failures: [{ outcome: 'http-500', count: 3 }, { outcome: 'http-404', count: 1 }] });
    expect(rows.find((row) => row.label === 'Previews')).toMatchObject({ total: 2, ok: 1, failed: 1 });
    expect(rows.find((row) => row.label === 'Uploads')).toMatchObject({ total: 0 });
  });

  it('has a row for every kind, each in one row: its failed add up to the summary\'s (a review: "other" had none)', () => {
    const rows = outcomeMatrix(logOf([]).counters);
    expect(rows.flatMap((row) => row.kinds).sort()).toEqual([...REQUEST_KINDS].sort());
    const favicon = { url: `${ORIGIN}/favicon.ico`, method: 'GET', type: 'other', statusCode: 404, responseHeaders: [{ name: 'server', value: 'nginx' }] };
    const log = logOf([request('thumbnail', answers.thumbnailOk), favicon, favicon, favicon]);
    expect(outcomeMatrix(log.counters).find((row) => row.label === 'Other files')).toMatchObject({ total: 3, failed: 3 });
    expect(outcomeMatrix(log.counters).reduce((sum, row) => sum + row.failed, 0)).toBe(log.failed);
    expect(log.failed).toBe(3);
  });
});

describe('a consequence says what it follows from, in every view', () => {
  const log = logOf([request('usersMe', answers.immichServerError), request('timeline', answers.immichServerError), ...times(5, (i) => request('thumbnail', answers.missingFile, assetId(i)))]);
  const report = diagnose(log);
  const [cause, consequence] = report.diagnoses;

  it('names the cause above, and only for a consequence', () => {
    expect([cause!.cause, consequence!.cause]).toEqual(['server-error', 'media-file-unreadable']);
    expect(consequenceSentence(cause!)).toBeUndefined();
    expect(consequenceSentence(consequence!)).toBe(`Probably a consequence of “${cause!.title}” above: fix that first, and these requests may work again.`);
  });

  it('the Markdown report quotes it under the consequence, not under the cause', () => {
    const markdown = buildMarkdownReport(log, report, { extensionVersion: '0', browser: 'test', exportedAt: 0 }, createRedactor(log.origin, DEFAULT_REDACTION));
    const sections = markdown.split('### ');
    expect(sections[1]).not.toContain('Probably a consequence');
    expect(sections[2]).toContain(`> ${consequenceSentence(consequence!)}`);
  });
});

describe('likelihood: confidence in words, the number on hover', () => {
  it.each([
    [1, 'High'],
    [0.95, 'High'],
    [0.76, 'High'],
    [0.75, 'High'],
    [0.74, 'Medium'],
    [0.45, 'Medium'],
    [0.44, 'Low'],
    [0, 'Low'],
  ] as const)('%s → %s', (confidence, words) => {
    expect(likelihood(confidence)).toBe(words);
  });
});
