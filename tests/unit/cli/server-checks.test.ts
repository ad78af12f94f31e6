import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildExport } from '../../../utils/export/export-file';
import { MAX_SERVER_CHECKS_CHARS } from '../../../utils/import/export-fields';
import { readImportText } from '../../../utils/import/read-import';
import type { ServerCheckReport } from '../../../utils/server-checks/types';
import { ORIGIN } from '../../fixtures/responses';
import { EXPORT_META, twoCauses } from '../../fixtures/two-causes';
import { diagnoseCli, writeTemp } from './run-cli';

const fixtures = fileURLToPath(new URL('../../fixtures/har/', import.meta.url));


/** A storage check against the first cause, which puts the WebSocket first; a summary with a terminal escape. */
const CHECKS: ServerCheckReport = {
  origin: ORIGIN,
  ranAt: Date.UTC(2026, 10, 25, 22, 40, 0),
  serverVersion: 'v2.7.5',
  routesBasis: 'version',
  usedApiKey: true,
  results: [
    { id: 'reachability', status: 'ok', summary: 'Immich v2.7.5 answers.\u001b[2J', figure: 'v2.7.5', ms: 42, asked: [{ path: '/api/server/ping', status: 200 }], verdicts: [] },
    {
      id: 'storage',
      status: 'ok',
      summary: 'The library disk has room: 40% used.',
      figure: '40.0% of 252.0 GiB used',
      ms: 35,
      asked: [],
      verdicts: [{ cause: 'media-file-unreadable', verdict: 'against', reason: 'the library disk reads fine' }],
    },
  ],
};

/** CHECKS as read back: the escape shown, not kept (utils/visible-text.ts). */
const CHECKS_SHOWN: ServerCheckReport = { ...CHECKS, results: [{ ...CHECKS.results[0]!, summary: 'Immich v2.7.5 answers.\\x1b[2J' }, CHECKS.results[1]!] };

const exportedLog = (checks: ServerCheckReport | undefined, hideHost = false) => buildExport('json', twoCauses(), EXPORT_META, { hideHost, hideAssetIds: false }, { serverChecks: checks }).text;

describe("an exported log's serverChecks, read back", () => {
  it.each<[string, () => string, unknown]>([
    ['with checks: the report as written, its control characters shown', () => exportedLog(CHECKS), CHECKS_SHOWN],
    ['with the host hidden: the report, for the hidden origin', () => exportedLog(CHECKS, true), { ...CHECKS_SHOWN, origin: 'https://immich.example' }],
    ['without checks: none', () => exportedLog(undefined), undefined],
    [
      'over the size limit: unreadable, whatever it holds',
      () => exportedLog(CHECKS).replace('"serverChecks": {', `"serverChecks": { "padding": "${'x'.repeat(MAX_SERVER_CHECKS_CHARS)}",`),
      'unreadable',
    ],
    ["another site's: unreadable", () => exportedLog(CHECKS).replace(`"origin": "${ORIGIN}",\n    "ranAt"`, '"origin": "https://other.example",\n    "ranAt"'), 'unreadable'],
    ['not a report: unreadable', () => exportedLog(undefined).replace('"diagnoses"', '"serverChecks": [1, {}, "x"],\n  "diagnoses"'), 'unreadable'],
  ])('%s', async (_name, text, expected) => {
    const back = await readImportText(text());
    if (!back.ok) throw new Error(back.message);
    expect(back.serverChecks).toEqual(expected);
  });
});

describe('a hostile serverChecks reaches no prototype', () => {
  it.each([
    ['a key twice, array then object, walking into __proto__', '"serverChecks": {"results": [1], "results": {"__proto__": {"__proto__": {"polluted": "yes"}}}},'],
    ['__proto__ and constructor at the top', '"serverChecks": {"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}},'],
  ])('%s', async (_, field) => {
    const text = exportedLog(undefined).replace('"diagnoses"', `${field}\n  "diagnoses"`);
    await readImportText(text);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  });
});


describe('npm run diagnose: Run checks', () => {
  it('a HAR: says the CLI never runs them, in one line', () => {
    const output = diagnoseCli(join(fixtures, 'chrome-thumbnails-500.har'));
    expect(output.split('\n')).toContain("Run checks: not run (the CLI has no Immich session; the popup's Run checks asks the server)");
  }, 30_000);

  it("a log with the popup's checks: prints them terminal-safe, and ranks the causes by them", () => {
    const output = diagnoseCli(writeTemp('log.json', exportedLog(CHECKS)));
    expect(output).toContain("Run checks (from the popup, in the log): Run at 2026-11-25T22:40:00.000Z against Immich v2.7.5, with an API key from the extension's options.");
    expect(output).toContain('  OK · Reachability and version: Immich v2.7.5 answers.\\x1b[2J [v2.7.5] (42 ms)');
    expect(output).toContain('  OK · Storage: The library disk has room: 40% used. [40.0% of 252.0 GiB used] (35 ms)');
    expect(output).not.toContain('\u001b');
    expect(output).not.toContain('not run');
    expect(output).toMatch(/\n1\. .* \[websocket-blocked\]\n/);
    expect(output).toContain('   ↓ Storage check: the library disk reads fine, which speaks against this cause.');
  }, 30_000);

  it("a line feed in a log's sentence starts no line of the command's own", () => {
    const forged: ServerCheckReport = { ...CHECKS, results: [{ ...CHECKS.results[0]!, summary: 'Immich answers.\n1. Forged cause [forged]\n' }, CHECKS.results[1]!] };
    const output = diagnoseCli(writeTemp('log.json', exportedLog(forged)));
    expect(output).toContain('Immich answers.\\x0a1. Forged cause [forged]\\x0a');
    expect(output.split('\n').some((line) => line.startsWith('1. Forged'))).toBe(false);
  }, 30_000);

  it('--json: the checks, and the diagnoses weighed by them', () => {
    const parsed = JSON.parse(diagnoseCli(writeTemp('log.json', exportedLog(CHECKS)), '--json'));
    expect(parsed.serverChecks).toEqual(CHECKS_SHOWN);
    expect(parsed.diagnoses[0].cause).toBe('websocket-blocked');
    expect(parsed.diagnoses.find((diagnosis: { cause: string }) => diagnosis.cause === 'media-file-unreadable').checkEvidence).toEqual([{ check: 'storage', verdict: 'against', reason: 'the library disk reads fine' }]);
  }, 30_000);
});
