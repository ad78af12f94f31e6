import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { causeById } from '../../../utils/diagnose/catalog';
import type { ExportFormat } from '../../../utils/export/export-format';
import { logFormatErrors } from '../../fixtures/log-format';
import { PLANTED_SECRETS } from '../../lab/planted-secrets';
import { browseTimeline, failingExpected } from '../../lab/scenarios';
import { SAVED } from '../exports';
import { settledCounts } from '../popup-counts';
import type { Firefox } from './firefox';
import { expect, test } from './fixtures';
import type { FirefoxTab } from './tab';

/**
 * Clicks an export button in the popup and returns the file Firefox wrote to the download folder (set
 * by pref, no dialog). The background saves it from a blob: URL (utils/actions/download-file.ts).
 */
async function exportFrom(popup: FirefoxTab, firefox: Firefox, format: ExportFormat): Promise<{ name: string; text: string; path: string }> {
  const before = await popup.text('.export-status');
  await popup.click(`[data-action="export-${format}"]`);
  await popup.waitFor((previous) => /^Saved /.test(document.querySelector('.export-status')?.textContent ?? '') && document.querySelector('.export-status')?.textContent !== previous, before, {
    what: `the popup saying the ${format} export was saved`,
  });
  const name = SAVED.exec((await popup.text('.export-status')) ?? '')![1]!;
  const path = join(firefox.downloadDir, name);
  // "Saved" is said once the download is complete: Firefox has renamed NAME.part to NAME by then.
  expect(existsSync(path) && !existsSync(`${path}.part`), `${name} in the download folder`).toBe(true);
  return { name, text: readFileSync(path, 'utf8'), path };
}

test('export JSON, HAR and Markdown: each lands in the download folder, parses, names the first cause, and leaks no planted secret', async ({ firefox, playScenario }) => {
  const expected = failingExpected('thumbnails-missing', 'firefox');
  // The app also sends credentials as Immich clients may (?key=, ?apiKey=, Authorization): ?secrets=1.
  const { popup, running } = await playScenario('thumbnails-missing', (tab, origin) => browseTimeline(tab, origin, '?viewer=1&secrets=1'));
  await settledCounts(popup);
  await popup.click('details.export > summary');

  const json = await exportFrom(popup, firefox, 'json');
  expect(json.name).toMatch(/^immich-doctor-127\.0\.0\.1_\d+-\d{8}-\d{6}\.json$/);
  const log = JSON.parse(json.text);
  expect(logFormatErrors(log)).toEqual([]);
  expect(log.diagnoses[0]).toMatchObject({ ...expected });

  const har = await exportFrom(popup, firefox, 'har');
  expect(har.name).toMatch(/\.har$/);
  expect(JSON.parse(har.text).log.entries.length).toBeGreaterThan(0);
  // The same engine, reading the HAR on the command line, must reach the same first cause.
  const cli = JSON.parse(execFileSync('npx', ['tsx', 'scripts/diagnose.ts', har.path, '--json'], { encoding: 'utf8' }));
  expect(cli.origin).toBe(running.origin);
  expect(cli.diagnoses[0]).toMatchObject({ ...expected });

  const markdown = await exportFrom(popup, firefox, 'markdown');
  expect(markdown.name).toMatch(/\.md$/);
  expect(markdown.text).toContain(`### 1. ${causeById(expected.cause).title}`);
  expect(markdown.text).toContain('- Immich: v2.7.5');

  for (const file of [json, har, markdown]) for (const secret of PLANTED_SECRETS) expect(file.text, `${file.name} leaks ${secret}`).not.toContain(secret);
  // Exactly the three files: nothing failed half-way and left a .part behind.
  expect(readdirSync(firefox.downloadDir).sort()).toEqual([json.name, har.name, markdown.name].sort());
});
