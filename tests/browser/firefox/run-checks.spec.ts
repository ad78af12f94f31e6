import { cardCheckLines, finishedCheckRows, signInAndBrowse, startCheckedSite, type CheckRow } from '../checked-site';
import { settledCounts } from '../popup-counts';
import { expect, openPopup, test, watchFromPopup } from './fixtures';

/**
 * *Run checks* in Firefox's release build: the popup sends the user's session (measured:
 * session-cookie.spec.ts) and shows what the simulated Immich v2.7.5 says, behind a real nginx.
 */
test('v2.7.5, disk nearly full and thumbnail jobs failed: Run checks finds both and the thumbnail card says so', async ({ firefox }) => {
  const site = await startCheckedSite({ version: 'v2.7.5', faults: { diskUsagePercent: 97.5, thumbnailJobsFailed: true } });
  try {
    const popup = await openPopup(firefox, site.origin);
    await watchFromPopup(popup);
    const tab = await firefox.newTab();
    await signInAndBrowse(tab, site.origin);
    await settledCounts(popup);
    await popup.waitForSelector('[data-cause="thumbnail-not-generated"]');
    const cardText = () => popup.evaluate(() => document.querySelector('[data-cause="thumbnail-not-generated"]')!.textContent!);
    // The server's version not known yet: the steps name both media folders.
    expect(await cardText()).toContain('Immich before v1.137 mounted its media at /usr/src/app/upload');

    await popup.click('[data-action="run-checks"]');
    // Sent by source: the page has no `finishedCheckRows` of its own to call, so the function itself is the predicate (null until done).
    await popup.waitFor(finishedCheckRows as unknown as () => boolean, undefined, { timeout: 30_000, what: 'waiting for every check to finish' }).catch(async (error: unknown) => {
      throw new Error(`${String(error)}; the popup shows: ${await popup.evaluate(() => document.querySelector('.server-checks')?.textContent ?? '(no checks section)')}`);
    });
    const rows: CheckRow[] = (await popup.evaluate(finishedCheckRows))!;
    expect(Object.fromEntries(rows.map((row) => [row.check, row.status]))).toEqual({ reachability: 'ok', 'web-app': 'ok', storage: 'problem', jobs: 'problem', websocket: 'ok', assets: 'problem', direct: 'skipped' });
    expect(rows.find((row) => row.check === 'jobs')!.text).toContain(`thumbnailGeneration ${site.lab.assets.length} failed`);
    const thumbnails = (await popup.evaluate(cardCheckLines)).find((card) => card.cause === 'thumbnail-not-generated')!;
    expect(thumbnails.lines).toEqual([`supports: Jobs check: thumbnailGeneration ${site.lab.assets.length} failed.`, `supports: Failing assets check: ${site.lab.assets.length} of the failing assets have no thumbhash.`]);
    // Run checks found v2.7.5: the background summarizes with it, and the steps name its folder only.
    await popup.waitFor(() => !document.querySelector('[data-cause="thumbnail-not-generated"]')!.textContent!.includes('Immich before v1.137'), undefined, { timeout: 10_000, what: "the card's steps of the version Run checks found" });
  } finally {
    await site.stop();
  }
});
