import type { BrowsingTab } from '../lab/browsing-tab';
import { startImmichLab, type Faults, type ImmichLab, type LabVersion } from '../lab/immich-server';
import { startNginx, type NginxVariant } from '../lab/proxies';

/**
 * A site for *Run checks* (issue 11): the simulated Immich of one version, with its faults, behind a
 * real nginx, the way users reach it. Used by the Chromium and Firefox release-build specs alike.
 */
export interface CheckedSite {
  origin: string;
  lab: ImmichLab;
  stop(): Promise<void>;
}

export async function startCheckedSite(options: { version?: LabVersion; faults?: Partial<Faults>; proxy?: NginxVariant; externalAssets?: number } = {}): Promise<CheckedSite> {
  const lab = await startImmichLab(options);
  const proxy = await startNginx(`127.0.0.1:${lab.port}`, options.proxy).catch(async (error: unknown) => {
    await lab.close();
    throw error;
  });
  return {
    origin: proxy.url,
    lab,
    stop: async () => {
      await proxy.stop();
      await lab.close();
    },
  };
}

/** Logs in as Immich's login form does (the admin, or the lab's member) and browses the timeline (with the app's `query` options) until it is done. */
export async function signInAndBrowse(tab: BrowsingTab, origin: string, user: 'admin' | 'member' = 'admin', query = ''): Promise<void> {
  const who = user === 'member' ? 'user=member&' : '';
  await tab.goto(`${origin}/lab/login?${who}next=${encodeURIComponent(`/photos${query}`)}`);
  await tab.waitForSelector('body[data-state="done"]', { timeout: 20_000 });
}

/** One check's row as the popup shows it. */
export interface CheckRow {
  check: string;
  status: string;
  text: string;
}

/**
 * Runs in the popup (passed by source to `evaluate`): every check's row, once none is still running;
 * null until then, and while the rows shown are still those of the run that started at `before`.
 */
export function finishedCheckRows(before?: string): CheckRow[] | null {
  if (before !== undefined && document.querySelector('.server-checks')?.getAttribute('data-ran-at') === before) return null;
  const rows = [...document.querySelectorAll<HTMLElement>('[data-check]')];
  if (rows.length === 0 || rows.some((row) => row.dataset.status === 'running') || document.querySelector('[data-action="run-checks"][aria-disabled="true"]')) return null;
  return rows.map((row) => ({ check: row.dataset.check!, status: row.dataset.status!, text: row.innerText }));
}

/** Runs in the popup: the check lines on each card, by cause, in the order the cards are ranked. */
export function cardCheckLines(): Array<{ cause: string; lines: string[] }> {
  return [...document.querySelectorAll<HTMLElement>('[data-cause]')].map((card) => ({
    cause: card.dataset.cause!,
    lines: [...card.querySelectorAll<HTMLElement>('[data-check-verdict]')].map((line) => `${line.dataset.checkVerdict}: ${line.innerText}`),
  }));
}
