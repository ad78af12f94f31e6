/**
 * `npm run --silent diagnose -- <file.har|log.json> [--json] [--origin <origin>]`: the extension's
 * engine on a HAR file (Chrome, Firefox, Playwright, or this extension's export) or an exported JSON
 * log. Prints the ranked diagnosis as text, or with --json as
 * {"origin","requests","failures","serverChecks","diagnoses":[{"cause","title","confidence","responder","consequenceOf","evidence","checks","checkEvidence"}]}:
 * the same self-contained diagnoses the popup shows, rendered and never re-derived. The CLI has no
 * Immich session, so it never runs *Run checks*; an exported log that carries the popup's
 * (`serverChecks`) is printed with them and weighed by them, as the popup ranks its causes.
 * Exit 0 when the file was read (whatever it found), 2 for bad input, never a stack trace.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { DiagnosisReport } from '../utils/diagnose/diagnose';
import { diagnoseImport, usableChecks } from '../utils/import/diagnose-import';
import { errorMessage } from '../utils/error-message';
import { CHUNK_BYTES } from '../utils/import/file-chunks';
import { MAX_SERVER_CHECKS_CHARS, type ImportedServerChecks } from '../utils/import/export-fields';
import { MAX_HAR_SITES } from '../utils/import/har-reader';
import { readImport, type ImportResult } from '../utils/import/read-import';
import { parseOrigin } from '../utils/origins/origin';
import { checkText } from '../utils/present/check-text';
import { sampledHar } from '../utils/import/sampled-har';
import { skippedEntries } from '../utils/import/skipped-entries';
import { checkEvidenceSentences, consequenceSentence, diagnosisTags, evidenceSentences } from '../utils/present/evidence-text';
import { PLAIN_STYLE, serverCheckLine, serverChecksRanSentence, VERDICT_MARKS } from '../utils/present/server-check-lines';
import { terminalSafeJson } from './terminal-safe';
import { visibleLines } from '../utils/visible-text';

const USAGE = 'Usage: npm run --silent diagnose -- <file.har|log.json> [--json] [--origin https://photos.example.com]';

function fail(message: string): never {
  process.stderr.write(`${visibleLines(message)}\n`);
  process.exit(2);
}

type Imported = Extract<ImportResult, { ok: true }>;

function asJson(result: Imported, report: DiagnosisReport) {
  return {
    origin: report.origin,
    format: result.format,
    requests: report.requests,
    failures: report.failures,
    immichSeen: report.immichSeen,
    // An Immich Doctor HAR's own counts, of which `requests` are the entries it holds (utils/import/sampled-har.ts).
    counted: result.counted ?? null,
    serverChecks: usableChecks(result.serverChecks) ?? null,
    diagnoses: report.diagnoses.map(({ cause, title, confidence, responder, scope, severity, layer, consequenceOf, evidence, checks, checkEvidence }) => ({ cause, title, confidence, responder, scope, severity, layer, consequenceOf, evidence, checks, checkEvidence })),
  };
}

/**
 * Where *Run checks* stands for this file: never run here, and what the log brought from the popup;
 * the server's figures in brackets, the whole output made terminal-safe at the end.
 */
function serverCheckLines(checks: ImportedServerChecks | undefined): string[] {
  if (checks === undefined) return ["Run checks: not run (the CLI has no Immich session; the popup's Run checks asks the server)"];
  if (checks === 'unreadable') {
    return [`Run checks: not run (the CLI has no Immich session); the log's serverChecks could not be read (damaged, over ${MAX_SERVER_CHECKS_CHARS.toLocaleString('en')} characters, or another site's), so they are not used`];
  }
  return [`Run checks (from the popup, in the log): ${serverChecksRanSentence(checks)}`, ...checks.results.map((result) => `  ${serverCheckLine(result, PLAIN_STYLE)}`)];
}

function asText(result: Imported, report: DiagnosisReport): string {
  const lines = [`${report.origin}: ${report.requests} requests, ${report.failures} failed (${result.format === 'har' ? `HAR, ${result.entries} entries` : 'Immich Doctor log'})`];
  if (result.origins.length > 1) lines.push(`(also in the file: ${result.origins.slice(1, 6).join(', ')}${result.origins.length > 6 ? ', …' : ''}; choose with --origin)`);
  if (result.skipped > 0) lines.push(`(${skippedEntries(result.skipped)})`);
  const sample = sampledHar(result.counted, result.log.total);
  if (sample) lines.push(`(${sample})`);
  if (result.notFollowed > 0) lines.push(`(${result.notFollowed} entries of more sites were not read: ${MAX_HAR_SITES} sites are followed, those Immich never answered let go first; choose one with --origin)`);
  if (report.requests > 0 && !report.immichSeen) lines.push('No answer carried Immich\'s fingerprint: is this the Immich site?');
  lines.push(...serverCheckLines(result.serverChecks));
  if (report.healthy) lines.push('', 'No failures.');
  else if (report.diagnoses.length === 0) lines.push('', 'Requests failed, but they match no known pattern.');
  report.diagnoses.forEach((diagnosis, rank) => {
    lines.push('', `${rank + 1}. ${diagnosis.title} [${diagnosis.cause}]`, `   ${diagnosisTags(diagnosis).map((tag) => tag.text).join(' · ')}`);
    const consequence = consequenceSentence(diagnosis);
    if (consequence) lines.push(`   ${consequence}`);
    const { failing, healthy } = evidenceSentences(diagnosis);
    for (const line of failing) lines.push(`   ✗ ${line}`);
    for (const line of healthy) lines.push(`   ✓ ${line}`);
    for (const { text, verdict } of checkEvidenceSentences(diagnosis)) lines.push(`   ${VERDICT_MARKS[verdict]} ${text}`);
    if (rank === 0) {
      lines.push('   Check, in this order:');
      const indented = (text: string) => text.split('\n').map((line) => `        ${line}`);
      diagnosis.checks.forEach((check, index) => {
        const text = checkText(check);
        lines.push(`   ${index + 1}. ${check.title}`);
        if (text.hint) lines.push(`      ${text.hint}`);
        if (text.detail) lines.push(`      ${text.detail}`);
        if (text.command) lines.push(...indented(text.command));
        if (text.docker) lines.push(`      ${text.docker.intro}`, ...indented(text.docker.text));
        if (text.config) lines.push(`      ${text.config.intro}`, ...indented(text.config.text));
        if (text.lookFor) lines.push(`      ${text.lookFor}`);
        lines.push(`      ${text.source}`);
      });
    }
  });
  return lines.join('\n');
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean', default: false }, origin: { type: 'string' } } });
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  const [given, ...extra] = parsed.positionals;
  if (!given || extra.length > 0) fail(USAGE);
  let origin: string | undefined;
  if (parsed.values.origin !== undefined) {
    const result = parseOrigin(parsed.values.origin);
    if (!result.ok) fail(result.message);
    origin = result.origin;
  }
  // `npm run` starts scripts in the package's folder; a relative path means the folder the user ran npm
  // in, which npm passes as INIT_CWD (docs.npmjs.com, "npm run-script").
  const file = resolve(process.env.INIT_CWD ?? process.cwd(), given);
  const info = await stat(file).catch(() => undefined);
  if (!info) fail(`${file}: no such file.`);
  if (!info.isFile()) fail(`${file}: not a file.`);

  const result = await readImport(createReadStream(file, { highWaterMark: CHUNK_BYTES }), { origin });
  if (!result.ok) fail(`${file}: ${result.message}`);
  const report = diagnoseImport(result);
  process.stdout.write(`${parsed.values.json ? terminalSafeJson(JSON.stringify(asJson(result, report))) : visibleLines(asText(result, report))}\n`);
}

main().catch((error: unknown) => fail(`Could not read the file: ${errorMessage(error)}`));
