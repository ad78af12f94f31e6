import type { FilledCheck } from '../diagnose/check';
import type { DiagnosisReport } from '../diagnose/diagnose';
import type { RequestLog } from '../log/request-log';
import { checkText, readableSource } from '../present/check-text';
import { checkEvidenceSentences, consequenceSentence, diagnosisTags, evidenceSentences } from '../present/evidence-text';
import { kindName, outcomeName, responderName } from '../present/labels';
import { outcomeMatrix } from '../present/matrix';
import { serverCheckLine, serverChecksRanSentence, VERDICT_MARKS, type ServerTextStyle } from '../present/server-check-lines';
import type { ServerCheckReport } from '../server-checks/types';
import type { ExportMeta } from './export-meta';
import type { Redactor } from './redaction';

const number = new Intl.NumberFormat('en');
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * Text taken from traffic, as a code span nothing in it can end: the fence is one backtick longer than
 * the longest run inside, padded when the text starts or ends with one (CommonMark §6.1). Inside, a
 * path's `![x](https://…)` or `<img>` is shown, never rendered, wherever the report is pasted.
 */
export function codeSpan(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...Array.from(flat.matchAll(/`+/g), (run) => run[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** An empty HTML comment: it renders as nothing, and splits the text GitHub looks for links in. */
const BREAK = '<!-- -->';

/**
 * A sentence that may carry the server's own words (a check's summary quoting its error message), as
 * plain text: every character Markdown or HTML could act on is backslash-escaped (CommonMark §2.4),
 * line breaks flattened, so a message cannot add a link, an image or a heading to the report. What
 * GitHub makes of text beyond Markdown is broken apart by an empty HTML comment, which renders as
 * nothing, in the middle of what it looks for:
 * - bare addresses (GFM's autolinks extension: `https://…`, `www.…`) and e-mail addresses, which
 *   cmark-gfm finds in the text joined back after escapes (github/cmark-gfm#278: `\@` does not stop
 *   it, measured with cmark-gfm 0.29.0.gfm.6);
 * - `@mentions`, which notify the user named, `#123` and `GH-123` references and `:emoji:` codes,
 *   which GitHub's own filters find in the rendered page's text, where escapes are gone but the
 *   comment still splits the text;
 * - `$`, which GitHub's math reads as a formula's edge: written `<span>$</span>`, as GitHub's help
 *   says for a dollar sign outside a formula ("Writing mathematical expressions").
 * Checked with micromark and its GFM extensions (tests/unit/fuzz/markdown-sinks.test.ts), and the
 * addresses with cmark-gfm (tests/unit/export/markdown.test.ts).
 */
export function plainText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]<>!|~#&]/g, (char) => `\\${char}`)
    .replace(/\$/g, () => '<span>$</span>')
    // After the escapes: an emoji code's `_` is `\_` by now, and GitHub reads the rendered text.
    .replace(/:(?=\/\/|[a-z+-][\w+\\-]*:)/gi, `:${BREAK}`)
    .replace(/(www)\./gi, `$1${BREAK}.`)
    .replace(/@/g, `@${BREAK}`)
    .replace(/(\\#|\bGH-)(?=\d)/gi, `$1${BREAK}`);
}

/** How a Markdown export writes what the server said (../present/server-check-lines.ts). */
export const MARKDOWN_STYLE: ServerTextStyle = { quote: codeSpan, prose: plainText };

/**
 * What *Run checks* found, one line per check; or that it did not run, so a reader knows the server
 * was never asked rather than that it had nothing to say.
 */
function serverCheckLines(checks: ServerCheckReport | undefined): string[] {
  if (!checks) return ["_Run checks was not run: the popup's **Run checks** asks the server itself (its version, maintenance mode, disk space, job queues)._", ''];
  const lines = ['### Run checks', '', plainText(serverChecksRanSentence(checks)), ''];
  for (const result of checks.results) {
    lines.push(`- ${serverCheckLine(result, MARKDOWN_STYLE)}${result.link ? `, see ${codeSpan(result.link)}` : ''}`);
  }
  lines.push('');
  return lines;
}

/** A cause's checks in order, folded. Filled commands name the site: hidden with the host when asked. */
function checkLines(checks: readonly FilledCheck[], redactor: Redactor): string[] {
  const lines = ['<details><summary>Checks, in order</summary>', ''];
  const hidden = (value: string) => redactor.origin(value);
  const block = (language: string, value: string) => ['', `   \`\`\`${language}`, ...hidden(value).split('\n').map((line) => `   ${line}`), '   ```', ''];
  checks.forEach((check, index) => {
    const text = checkText(check);
    lines.push(`${index + 1}. **${hidden(check.title)}**${text.hint ? ` _${hidden(text.hint)}_` : ''}`);
    if (text.detail) lines.push(`   ${hidden(text.detail)}`);
    if (text.command) lines.push(...block('sh', text.command));
    if (text.docker) lines.push(`   ${text.docker.intro}`, ...block('sh', text.docker.text));
    if (text.config) lines.push(`   ${text.config.intro}`, ...block('', text.config.text));
    if (check.lookFor && check.lookFor.length > 0) lines.push(`   Look for: ${check.lookFor.map((line) => codeSpan(line)).join(', ')}`);
    lines.push(`   ${check.url ? `Source: [${readableSource(check.source)}](${check.url})` : text.source}`, '');
  });
  lines.push('', '</details>', '');
  return lines;
}

/**
 * A report to paste into a GitHub issue: summary, *Run checks*, diagnoses with evidence, the first
 * one's checks, the matrix. `serverChecks` comes redacted, and `report` weighed by them (export-file.ts).
 */
export function buildMarkdownReport(log: RequestLog, report: DiagnosisReport, meta: ExportMeta, redactor: Redactor, serverChecks?: ServerCheckReport): string {
  const lines: string[] = [];
  lines.push(`## Immich Doctor report for ${redactor.origin(log.origin)}`, '');
  lines.push(`- Immich: ${meta.immichVersion ?? 'version unknown'}`);
  lines.push(`- Browser: ${meta.browser}`);
  lines.push(`- Watched: ${new Date(log.since).toISOString()} → ${new Date(log.updated).toISOString()}`);
  lines.push(`- Requests: ${number.format(log.total)}, failed: ${number.format(report.failures)}`);
  if (report.requests > 0 && !report.immichSeen) lines.push('- No answer from this site carried Immich\'s fingerprint.');
  lines.push('');
  lines.push(...serverCheckLines(serverChecks));

  // As the popup says it: a log with no request yet is no healthy site (a review).
  if (log.total === 0) lines.push('**No requests from this site yet.**', '');
  else if (report.healthy) lines.push('**No failures.**', '');
  else if (report.diagnoses.length === 0) lines.push('Some requests failed, but they match no known pattern.', '');
  report.diagnoses.forEach((diagnosis, rank) => {
    const { failing, healthy } = evidenceSentences(diagnosis);
    const tags = [...diagnosisTags(diagnosis).map((tag) => tag.text), `\`${diagnosis.cause}\``];
    lines.push(`### ${rank + 1}. ${diagnosis.title}`, '', tags.join(' · '), '');
    const consequence = consequenceSentence(diagnosis);
    if (consequence) lines.push(`> ${consequence}`, '');
    for (const line of failing) lines.push(`- ✗ ${line}`);
    for (const line of healthy) lines.push(`- ✓ ${line}`);
    for (const { text, verdict } of checkEvidenceSentences(diagnosis)) lines.push(`- ${VERDICT_MARKS[verdict]} ${plainText(text)}`);
    lines.push('', diagnosis.explanation, '');
    // Only the first cause's steps: the others' (often the same generic ones) would bury them, and
    // they are one click away in the popup.
    if (rank === 0) lines.push(...checkLines(diagnosis.checks, redactor));
    if (diagnosis.evidence.examples.length > 0) {
      lines.push('Examples:', '');
      for (const example of diagnosis.evidence.examples) {
        lines.push(`- ${codeSpan(`${example.method} ${redactor.path(example.path)}`)} → ${outcomeName(example.outcome)} from ${responderName(example.responder)} (${kindName(example.kind, 1)})`);
      }
      lines.push('');
    }
  });

  const rows = outcomeMatrix(log.counters).filter((row) => row.total > 0);
  if (rows.length > 0) {
    lines.push('### Requests by kind', '', '| requests | ok | failed | failures |', '|---|---:|---:|---|');
    for (const row of rows) {
      lines.push(`| ${row.label} | ${row.ok} | ${row.failed} | ${cell(row.failures.map((failure) => `${outcomeName(failure.outcome)} ×${failure.count}`).join(', '))} |`);
    }
    lines.push('');
  }
  lines.push(`<sub>Immich Doctor ${meta.extensionVersion}, exported ${new Date(meta.exportedAt).toISOString()}. Credentials are never recorded.</sub>`, '');
  return lines.join('\n');
}
