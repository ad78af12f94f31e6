import { askServer, errorText } from '../ask';
import { textWithin } from '../read-report';
import type { CheckContext, CheckOutcome } from './context';
import { refusal } from './refusal';

const WHAT = "the library disk's use";

interface StorageFigures {
  percent: number;
  size?: string;
  available?: string;
}

/** `diskUsagePercentage` and the human sizes of `/api/server/storage` (immich.md §1), or undefined. */
function storageFigures(body: unknown): StorageFigures | undefined {
  const { diskUsagePercentage, diskSize, diskAvailable } = (body ?? {}) as Record<string, unknown>;
  if (typeof diskUsagePercentage !== 'number' || !(diskUsagePercentage >= 0 && diskUsagePercentage <= 100)) return undefined;
  return { percent: diskUsagePercentage, size: textWithin(diskSize, 40), available: textWithin(diskAvailable, 40) };
}

/**
 * Storage: how full the library's disk is. Immich measures it on the library folder (immich.md §1); with
 * the whole media volume gone, the route itself answers 500 "Failed to get storage" (immich.md, "Confirmed
 * on a running Immich v2.7.5"): the volume, not the disk's size, is then the problem.
 */
export async function checkStorage({ asker, routes, settings }: CheckContext): Promise<CheckOutcome> {
  const answer = await askServer(asker, routes.storage);
  const asked = [answer.route];
  if (answer.route.status === 500) {
    const message = errorText(answer.body);
    return {
      status: 'problem',
      summary: "Immich could not read its library disk: the volume is gone or unreadable (not mounted, a NAS offline, wrong path).",
      figure: `500${message ? ` ${message}` : ''}`,
      asked,
      verdicts: [{ cause: 'media-file-unreadable', verdict: 'supports', reason: 'Immich could not read its library disk (storage 500)' }],
    };
  }
  const why = refusal(answer, WHAT);
  if (why) return { ...why, asked, verdicts: [] };
  const figures = storageFigures(answer.body);
  if (!figures) return { status: 'error', summary: `Immich's answer about ${WHAT} has no usage figure.`, asked, verdicts: [] };
  const percent = Math.round(figures.percent * 10) / 10;
  const figure = `${percent}% used${figures.size ? ` of ${figures.size}` : ''}${figures.available ? `, ${figures.available} free` : ''}`;
  if (figures.percent >= settings.diskFullPercent) {
    return {
      status: 'problem',
      summary: `The library disk is ${percent}% full (the options call it full from ${settings.diskFullPercent}%): uploads and new thumbnails fail when it runs out.`,
      figure,
      asked,
      verdicts: [{ cause: 'disk-full', verdict: 'supports', reason: `the library disk is ${percent}% full` }],
    };
  }
  return {
    status: 'ok',
    summary: `The library disk has room: ${percent}% used.`,
    figure,
    asked,
    verdicts: [{ cause: 'disk-full', verdict: 'against', reason: `the library disk is only ${percent}% full` }],
  };
}
