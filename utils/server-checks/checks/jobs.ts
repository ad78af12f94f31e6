import { isPlainObject } from '../../plain-object';
import { askServer, type ServerAsker } from '../ask';
import type { ServerRoutes } from '../routes';
import type { AskedRoute, CauseVerdict } from '../types';
import type { CheckContext, CheckOutcome } from './context';
import { refusal } from './refusal';
import { visibleTextWithin } from '../../visible-text';

const WHAT = 'the job queues';

/** One queue's state, from either shape the server answers in. */
export interface QueueState {
  name: string;
  failed: number;
  waiting: number;
  paused: boolean;
}

/** The queues whose failures leave photos grey (the guide's "jobs" step; immich.md §1, Queue names). */
const WATCHED_QUEUES = ['thumbnailGeneration', 'metadataExtraction', 'videoConversion', 'library'] as const;
const THUMBNAILS = 'thumbnailGeneration';

const count = (value: unknown): number => (Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : 0);
const MAX_NAME = 60;

/**
 * The queues of `/api/queues` (v2.4+: `[{name, isPaused, statistics}]`) or `/api/jobs` (a map of
 * `{jobCounts, queueStatus}`), immich.md §1; undefined when the body is neither.
 */
export function readQueues(body: unknown, shape: ServerRoutes['queues']['shape']): QueueState[] | undefined {
  if (shape === 'queues') {
    if (!Array.isArray(body)) return undefined;
    return body
      .filter((queue): queue is Record<string, unknown> => isPlainObject(queue) && typeof queue.name === 'string' && queue.name.length <= MAX_NAME)
      .map((queue) => {
        const statistics = isPlainObject(queue.statistics) ? queue.statistics : {};
        return { name: queue.name as string, failed: count(statistics.failed), waiting: count(statistics.waiting), paused: queue.isPaused === true };
      });
  }
  if (!isPlainObject(body)) return undefined;
  return Object.entries(body)
    .filter(([name, queue]) => name.length <= MAX_NAME && isPlainObject(queue))
    .map(([name, queue]) => {
      const { jobCounts, queueStatus } = queue as Record<string, unknown>;
      const counts = isPlainObject(jobCounts) ? jobCounts : {};
      return { name, failed: count(counts.failed), waiting: count(counts.waiting), paused: isPlainObject(queueStatus) && queueStatus.isPaused === true };
    });
}

/**
 * The failed thumbnail jobs' listing (v2.4+, `{id, name, data, timestamp}`, immich.md §1): how many, and
 * the error texts when a job carries one. Which field holds it is unverified (immich.md lists none), so
 * only the likely names are read, and a listing without any says so.
 */
async function failedThumbnailJobs(asker: ServerAsker, routes: ServerRoutes): Promise<{ route: AskedRoute; listed?: number; errors: string[] }> {
  const answer = await askServer(asker, routes.failedJobs!(THUMBNAILS));
  if (answer.route.status !== 200 || !Array.isArray(answer.body)) return { route: answer.route, errors: [] };
  const errors = new Set<string>();
  for (const job of answer.body) {
    const text = isPlainObject(job) ? [job.failedReason, job.error, job.errorMessage].find((value) => typeof value === 'string') : undefined;
    if (typeof text === 'string' && errors.size < 3) errors.add(visibleTextWithin(text, 120));
  }
  return { route: answer.route, listed: answer.body.length, errors: [...errors] };
}

const describe = (queue: QueueState) => [queue.failed > 0 ? `${queue.failed} failed` : undefined, queue.paused ? 'paused' : undefined, queue.waiting > 0 ? `${queue.waiting} waiting` : undefined].filter(Boolean).join(', ');

/**
 * Jobs (administrators only, immich.md §1): failed or paused thumbnail, metadata, video and library
 * queues leave photos without thumbnails or details. Bull keeps failed jobs until they are cleared, so a
 * failed count may be old (immich.md, Queue names): the figure says how many, the admin page clears them.
 */
export async function checkJobs({ asker, routes }: CheckContext): Promise<CheckOutcome> {
  const link = `${asker.origin}${routes.queuesPage}`;
  const answer = await askServer(asker, routes.queues.path);
  const asked = [answer.route];
  const why = refusal(answer, WHAT);
  if (why) return { ...why, asked, verdicts: [] };
  const queues = readQueues(answer.body, routes.queues.shape);
  if (!queues) return { status: 'error', summary: `Immich's answer about ${WHAT} is not a list of queues.`, asked, verdicts: [] };
  const watched = queues.filter((queue) => (WATCHED_QUEUES as readonly string[]).includes(queue.name));
  const stuck = watched.filter((queue) => queue.failed > 0 || queue.paused);
  const figure = watched.map((queue) => `${queue.name}: ${describe(queue) || 'ok'}`).join(' · ') || 'none of the thumbnail, metadata, video or library queues listed';
  if (stuck.length === 0) {
    // Waiting thumbnail jobs are thumbnails not generated yet (immich.md §5: "failed or pending"): a bulk
    // upload's photos stay grey until they run, so the queue speaks for that cause, not against it.
    const pending = watched.find((queue) => queue.name === THUMBNAILS && queue.waiting > 0);
    const verdicts: CauseVerdict[] = [
      { cause: 'jobs-failing', verdict: 'against', reason: 'no thumbnail, metadata, video or library job failed or is paused' },
      pending
        ? { cause: 'thumbnail-not-generated', verdict: 'supports', reason: `${pending.waiting} thumbnail jobs are still waiting` }
        : { cause: 'thumbnail-not-generated', verdict: 'against', reason: 'no thumbnail job failed, is paused or waits' },
    ];
    const waiting = pending ? ` ${pending.waiting} thumbnail jobs are still waiting: those photos get their thumbnails once they run.` : '';
    return { status: 'ok', summary: `No thumbnail, metadata, video or library job has failed, and none of those queues is paused.${waiting}`, figure, asked, verdicts, link };
  }
  const thumbnails = stuck.find((queue) => queue.name === THUMBNAILS);
  let listing = '';
  if (thumbnails && thumbnails.failed > 0 && routes.failedJobs) {
    const failed = await failedThumbnailJobs(asker, routes);
    asked.push(failed.route);
    if (failed.listed !== undefined) listing = failed.errors.length > 0 ? ` Their errors: ${failed.errors.join('; ')}.` : ' The failed-jobs list gives no error text: the server log has it.';
  }
  const reason = stuck.map((queue) => `${queue.name} ${describe(queue)}`).join('; ');
  // Immich keeps a queue's failed count until it is cleared (immich.md, "Queue names"): old failures read the same as new ones.
  const stale = stuck.some((queue) => queue.failed > 0) ? ' Failed counts stay until cleared, so some may be old: once the cause is fixed, run the queue\'s Missing job and see whether its failed count still grows.' : '';
  const verdicts: CauseVerdict[] = [{ cause: 'jobs-failing', verdict: 'supports', reason }];
  if (thumbnails) verdicts.push({ cause: 'thumbnail-not-generated', verdict: 'supports', reason: `${thumbnails.name} ${describe(thumbnails)}` });
  return { status: 'problem', summary: `Background jobs failed or are held up: ${reason}.${listing}${stale}`, figure, asked, verdicts, link };
}
