import type { DiagnosisReport } from '../diagnose/diagnose';
import type { RequestLog } from '../log/request-log';
import { evidenceSentences, likelihood } from '../present/evidence-text';
import { kindName, outcomeName, responderName } from '../present/labels';
import { serverCheckBrief } from '../present/server-check-lines';
import type { ServerCheckReport } from '../server-checks/types';
import type { ExportMeta } from './export-meta';
import { codeSpan, MARKDOWN_STYLE, plainText } from './markdown';
import type { Redactor } from './redaction';

/**
 * Enough evidence for a helper to recognise the pattern, short enough to be read in a thread: the
 * Markdown report is the long form.
 */
const FAILING_LINES = 3;
const HEALTHY_LINES = 2;
const EXAMPLES = 1;

const number = new Intl.NumberFormat('en');

/** How many distinct `Server` headers the post names: one proxy, or a CDN and the proxy behind it. */
const SERVER_HEADERS = 2;

/**
 * The `Server` headers of the failed answers (of the latest requests when none failed), most frequent
 * first: the proxy and usually its version, the first thing a helper asks for.
 */
function serverHeaders(log: RequestLog, redactor: Redactor): string[] {
  const counts = new Map<string, number>();
  for (const record of log.failures.length > 0 ? log.failures : log.recent) {
    if (!record.server) continue;
    const server = redactor.origin(record.server);
    counts.set(server, (counts.get(server) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, SERVER_HEADERS).map(([value]) => value);
}

/** Browser tokens of a user agent, most specific first: Edge and Firefox before the Chrome token every Chromium carries. */
const BROWSERS: Array<[RegExp, string]> = [
  [/\bEdg\/(\d+)/, 'Edge'],
  [/\bFirefox\/(\d+)/, 'Firefox'],
  [/\b(?:Headless)?Chrome\/(\d+)/, 'Chromium'],
];

/** "Firefox 140", "Chromium 131" (Chrome and Brave say the same): the full user agent says little more to a helper. */
export function browserLabel(userAgent: string): string {
  for (const [pattern, name] of BROWSERS) {
    const version = pattern.exec(userAgent)?.[1];
    if (version) return `${name} ${version}`;
  }
  return codeSpan(userAgent);
}

/**
 * What Immich itself answered to *Run checks*, one line per check (its status and raw figure, no
 * summary): a helper sees at once whether the disk, the jobs or maintenance were ruled out. Nothing
 * when they did not run: the post stays short.
 */
function serverCheckLines(checks: ServerCheckReport | undefined): string[] {
  if (!checks || checks.results.length === 0) return [];
  // After the other list, a paragraph between: two lists one blank line apart would render as one.
  return ['', "**Immich's own answers (Immich Doctor's Run checks):**", '', ...checks.results.map((result) => `- ${serverCheckBrief(result, MARKDOWN_STYLE)}`)];
}

/**
 * A short report for a public forum (Immich's Discord, Reddit, GitHub discussions): the first cause,
 * its likelihood and key evidence, the steps of its card already tried, the Immich version, who answered
 * and their `Server` header, the browser, *Run checks* in brief (`serverChecks`, redacted by
 * export-file.ts; the first cause is the one they weighed). Only what renders
 * the same on all three: bold, lists and code spans (no tables, headings, HTML or `<details>`). Every
 * text taken from traffic (a request's path, the site's address) is a code span nothing in it can end,
 * which also keeps Discord and Reddit from turning the address into a link preview. The redactor hides
 * the host unless the user included it.
 */
export function buildForumPost(log: RequestLog, report: DiagnosisReport, meta: ExportMeta, redactor: Redactor, triedSteps: readonly string[] = [], serverChecks?: ServerCheckReport): string {
  const lines: string[] = [];
  const [first] = report.diagnoses;
  if (first) {
    lines.push(`**Immich photos not loading. Immich Doctor's most likely cause: ${first.title}** (${likelihood(first.confidence)} likelihood)`, '');
    const { failing, healthy } = evidenceSentences(first);
    for (const line of failing.slice(0, FAILING_LINES)) lines.push(`- ✗ ${line}`);
    for (const line of healthy.slice(0, HEALTHY_LINES)) lines.push(`- ✓ ${line}`);
    for (const example of first.evidence.examples.slice(0, EXAMPLES)) {
      lines.push(`- e.g. ${codeSpan(`${example.method} ${redactor.path(example.path)}`)} → ${outcomeName(example.outcome)} (${kindName(example.kind, 1)})`);
    }
    // The card's own steps the user ticked, in the card's order: a helper does not suggest them again.
    // Titles are filled for the site ("Allow this Immich address (https://…)"): the host is hidden with the rest.
    // Plain text, as every sentence here: a step's title may name the site's address, which a forum would make a link of.
    const tried = first.checks.filter((check) => triedSteps.includes(check.title)).map((check) => plainText(redactor.origin(check.title)));
    if (tried.length > 0) lines.push(`- Already tried (Immich Doctor's steps): ${tried.join('; ')}`);
    lines.push('');
  } else {
    lines.push(report.healthy ? '**Immich Doctor saw no failed request.**' : '**Some Immich requests fail, in no pattern Immich Doctor knows.**', '');
  }

  lines.push(`- Immich: ${meta.immichVersion ?? 'version unknown'}`);
  // Who answered tells a helper where to look: a proxy's own answer means Immich may never have seen the request.
  if (first?.responder === 'immich') lines.push('- Answered by: Immich itself');
  else if (first && first.responder !== 'unknown') lines.push(`- Answered by: ${responderName(first.responder)}, the proxy in front of Immich (by its response headers), not Immich itself`);
  const servers = serverHeaders(log, redactor);
  if (servers.length > 0) lines.push(`- \`Server\` header${log.failures.length > 0 ? ' of the failed answers' : ''}: ${servers.map((value) => codeSpan(value)).join(', ')}`);
  lines.push(`- Browser: ${browserLabel(meta.browser)}`);
  lines.push(`- Site: ${codeSpan(redactor.origin(log.origin))}`);
  lines.push(`- Requests: ${number.format(log.total)}, failed: ${number.format(report.failures)}`);
  lines.push(...serverCheckLines(serverChecks));
  lines.push('', `_Immich Doctor ${meta.extensionVersion}. Credentials are never recorded._`, '');
  return lines.join('\n');
}
