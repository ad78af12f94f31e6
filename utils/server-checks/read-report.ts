import { isOneOf } from '../diagnose/cause';
import { MAX_SERVER } from '../classify/classify-request';
import { isPlainObject } from '../plain-object';
import { isTime } from '../time';
import { isTextWithin, visibleText, visibleTextWithin } from '../visible-text';
import { SERVER_CHECK_IDS, SERVER_CHECK_STATUSES, type AskedRoute, type CauseVerdict, type ServerCheckReport, type ServerCheckResult } from './types';

/**
 * A stored or imported *Run checks* report (`session:checks:<origin>`, an export), checked field by
 * field: anything unreadable is no report, never a popup that fails to render. Lengths are bounded by
 * what the checks write (a summary of a few sentences, a path, an error name).
 */
export const MAX_TEXT = 1_000;
/** Lists of a result: the asked routes are at most 1 + 20 failing + 10 loading assets (./checks/assets.ts). */
const MAX_ITEMS = 40;

const isText = (value: unknown, max = MAX_TEXT): value is string => isTextWithin(value, max);

/** How long a check took, as it measures it (./run.ts): whole milliseconds. */
const isDuration = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/**
 * A string from the server that is no longer than `max`, else nothing: what the checks keep of an
 * answer's text, as it can be shown (../visible-text.ts), still within `max`.
 */
export const textWithin = (value: unknown, max: number): string | undefined => (isText(value, max) ? visibleTextWithin(value, max) : undefined);
const isListOf = <T>(value: unknown, item: (entry: unknown) => entry is T): value is T[] => Array.isArray(value) && value.length <= MAX_ITEMS && value.every(item);

/** What a check keeps of why a request got no answer (./ask.ts): a browser's message, cut to this. */
export const MAX_ROUTE_ERROR = 300;

function isAskedRoute(value: unknown): value is AskedRoute {
  if (!isPlainObject(value) || !isText(value.path, 300)) return false;
  // Any status fetch gives: Chromium passes a proxy's 600-999 as they are, as the classifier keeps them.
  const statusOk = value.status === undefined || (Number.isInteger(value.status) && (value.status as number) >= 100 && (value.status as number) <= 999);
  return statusOk && (value.error === undefined || isText(value.error, MAX_ROUTE_ERROR)) && (value.server === undefined || isText(value.server, MAX_SERVER));
}

function isVerdict(value: unknown): value is CauseVerdict {
  return isPlainObject(value) && isText(value.cause, 60) && (value.verdict === 'supports' || value.verdict === 'against') && isText(value.reason, 300);
}

function isResult(value: unknown): value is ServerCheckResult {
  return (
    isPlainObject(value) &&
    isOneOf(SERVER_CHECK_IDS, value.id) &&
    isOneOf(SERVER_CHECK_STATUSES, value.status) &&
    isText(value.summary) &&
    (value.figure === undefined || isText(value.figure)) &&
    isDuration(value.ms) &&
    isListOf(value.asked, isAskedRoute) &&
    isListOf(value.verdicts, isVerdict) &&
    (value.link === undefined || isText(value.link, 300)) &&
    (value.detail === undefined || isText(value.detail)) &&
    (value.command === undefined || isText(value.command))
  );
}

/**
 * A result with only the fields a result has, its sentences as they can be shown (../visible-text.ts),
 * each still within its limit above, so that the report, stored or exported, reads again: each run
 * gives its results so (./run.ts), since a sentence may quote the server (a jobs check over twelve
 * failing queues wrote a reason too long to read back, and the whole stored report was lost: found by
 * a review), and a hand-made file may hold anything. A command that no longer fits is left out rather
 * than cut into another command.
 */
export function fitResult({ id, status, summary, figure, ms, asked, verdicts, link, detail, command }: ServerCheckResult): ServerCheckResult {
  const result: ServerCheckResult = {
    id,
    status,
    summary: visibleTextWithin(summary, MAX_TEXT),
    ms,
    asked: asked.map(({ path, status: code, error, server }) => ({
      path: visibleTextWithin(path, 300),
      ...(code === undefined ? {} : { status: code }),
      ...(error === undefined ? {} : { error: visibleTextWithin(error, MAX_ROUTE_ERROR) }),
      ...(server === undefined ? {} : { server: visibleTextWithin(server, MAX_SERVER) }),
    })),
    verdicts: verdicts.map(({ cause, verdict, reason }) => ({ cause, verdict, reason: visibleTextWithin(reason, 300) })),
  };
  if (figure !== undefined) result.figure = visibleTextWithin(figure, MAX_TEXT);
  if (link !== undefined) result.link = visibleTextWithin(link, 300);
  if (detail !== undefined) result.detail = visibleTextWithin(detail, MAX_TEXT);
  const shownCommand = command === undefined ? undefined : visibleText(command);
  if (shownCommand !== undefined && shownCommand.length <= MAX_TEXT) result.command = shownCommand;
  return result;
}

/** The report when `stored` is a readable one for `origin`, else undefined. */
export function readServerCheckReport(stored: unknown, origin: string): ServerCheckReport | undefined {
  if (!isPlainObject(stored) || stored.origin !== origin || !isTime(stored.ranAt)) return undefined;
  if (!isOneOf(['version', 'unknown', 'older-than-known'] as const, stored.routesBasis) || typeof stored.usedApiKey !== 'boolean') return undefined;
  if (stored.serverVersion !== undefined && !isText(stored.serverVersion, 40)) return undefined;
  if (!isListOf(stored.results, isResult)) return undefined;
  // Only the fields a report has: a stored value cannot carry anything else into an export.
  const report: ServerCheckReport = { origin, ranAt: stored.ranAt, routesBasis: stored.routesBasis, usedApiKey: stored.usedApiKey, results: stored.results.map(fitResult) };
  if (stored.serverVersion !== undefined) report.serverVersion = visibleTextWithin(stored.serverVersion, 40);
  return report;
}
