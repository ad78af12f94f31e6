import { expect, test } from './fixtures';

declare const chrome: typeof import('wxt/browser').browser;

type Summary = { log: Record<string, unknown> & { failures: Array<Record<string, unknown>> }; report: { diagnoses: Array<Record<string, unknown> & { evidence: Record<string, unknown> & { failing: Array<Record<string, unknown>> } }> } };

/**
 * Stored values that pass a shallow check but that the popup cannot show (issue 9, item 4: each
 * blanked the popup for good, with no Reset log or Stop watching). Each is planted in place of the
 * background's summary; the popup must still show the site, its first diagnosis and both actions.
 */
const plants: Array<[string, (summary: Summary) => void]> = [
  ['a log that starts after the end of time', (summary) => void (summary.log.since = Number.MAX_SAFE_INTEGER)],
  ['a failure record at 1e300 ms', (summary) => void (summary.log.failures[0]!.time = 1e300)],
  ['evidence of an unknown kind', (summary) => void (summary.report.diagnoses[0]!.evidence.failing[0]!.kind = 'hologram')],
  ['a diagnosis without counter-evidence', (summary) => void delete summary.report.diagnoses[0]!.evidence.healthy],
  ['a diagnosis of an unknown severity', (summary) => void (summary.report.diagnoses[0]!.severity = 'apocalyptic')],
];

test('the popup shows the site and its actions whatever summary is stored', async ({ extension, playScenario }) => {
  const { running } = await playScenario('thumbnails-missing');
  await extension.storedLog(running.origin);
  const worker = await extension.currentWorker();
  const key = `summary:${running.origin}`;
  const good = JSON.parse((await worker.evaluate((target) => chrome.storage.session.get(target), key))[key] as string) as Summary;
  for (const [name, plant] of plants) {
    const bad = structuredClone(good);
    plant(bad);
    await worker.evaluate(([target, value]) => chrome.storage.session.set({ [target]: value }), [key, JSON.stringify(bad)] as const);
    const popup = await extension.openPopup(running.origin);
    await expect(popup.locator('[data-cause]').first(), name).toHaveAttribute('data-cause', 'media-file-unreadable');
    await expect(popup.locator('[data-action="reset-log"]'), name).toBeVisible();
    await expect(popup.locator('[data-action="unwatch"]'), name).toBeVisible();
    await expect(popup.locator('[data-render-error]'), name).toHaveCount(0);
    await popup.close();
  }
});
