import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { scenarioByName } from '../lab/scenarios';
import { expect, test } from './fixtures';

/**
 * The CLI and the live extension give the same first cause on the same traffic. For each scenario,
 * Playwright records a HAR of the browser's traffic while the scenario plays (`tracing.startHar`, from
 * before the tab opens until the walk ends, so neither the popup's own requests nor anything after are
 * in it), independently of the extension; then `scripts/diagnose.ts` reads that HAR and its first
 * diagnosis must be the cause (and responder) the real popup shows first, which must be the scenario's
 * expectation. The HAR holds more than the extension keeps (every page request a service worker
 * answered, beside the worker's own fetch; the warm-up on another origin, left out by `--origin`):
 * the engine must reach the same answer from either view.
 */
const AGREEING = [
  // The new failure-lab scenarios (issue 8, item 4)…
  'gateway-other-port',
  'gateway-same-origin-path',
  'gateway-session-expires',
  'database-down',
  'websocket-upstream-dies',
  // …and one per layer of the existing ones: storage behind a healthy proxy, the proxy's own 413 on an
  // upload, pages answered 502 by the proxy with Immich gone.
  'thumbnails-missing',
  'upload-too-large',
  'upstream-down-nginx',
];

const ROOT = join(import.meta.dirname, '../..');
const run = promisify(execFile);

interface CliReport {
  origin: string;
  requests: number;
  failures: number;
  diagnoses: Array<{ cause: string; responder: string; confidence: number }>;
}

/** `npx tsx scripts/diagnose.ts <har> --json --origin <origin>`, what `npm run diagnose` runs. */
async function diagnoseWithCli(har: string, origin: string): Promise<{ report: CliReport; stdout: string }> {
  const { stdout } = await run('npx', ['tsx', 'scripts/diagnose.ts', har, '--json', '--origin', origin], { cwd: ROOT, maxBuffer: 16 << 20 });
  return { report: JSON.parse(stdout) as CliReport, stdout };
}

for (const name of AGREEING) {
  test(`${name}: the CLI on a HAR of the same traffic names the popup's first cause`, async ({ extension, playScenario }, testInfo) => {
    const scenario = scenarioByName(name);
    if (!scenario) throw new Error(`no lab scenario named ${name}`);
    if (scenario.expected === 'healthy') throw new Error(`${name} is healthy: it names no cause to agree on`);
    const expected = scenario.expected;

    const har = testInfo.outputPath(`${name}.har`);
    await extension.context.tracing.startHar(har, { content: 'omit' });
    const played = await playScenario(name).finally(() => extension.context.tracing.stopHar());
    const { origin } = played.running;
    await testInfo.attach(`${name}.har`, { path: har, contentType: 'application/json' });

    const popup = await extension.openPopup(origin);
    const first = popup.locator('[data-cause]').first();
    await expect(first).toHaveAttribute('data-cause', expected.cause);
    await expect(first).toHaveAttribute('data-responder', expected.responder);
    const shown = { cause: await first.getAttribute('data-cause'), responder: await first.getAttribute('data-responder') };

    const { report, stdout } = await diagnoseWithCli(har, origin);
    await testInfo.attach('diagnose --json', { body: stdout, contentType: 'application/json' });
    expect(report.origin).toBe(origin);
    expect(report.failures, 'the HAR holds failing requests of the scenario origin').toBeGreaterThan(0);
    const cliFirst = report.diagnoses[0];
    const ranked = JSON.stringify(report.diagnoses.map(({ cause, responder, confidence }) => [cause, responder, confidence]));
    expect({ cause: cliFirst?.cause, responder: cliFirst?.responder }, `the CLI ranked ${ranked}`).toEqual(shown);
    expect(shown).toEqual({ cause: expected.cause, responder: expected.responder });
  });
}
