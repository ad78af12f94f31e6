import { scenarioByName, type RunningScenario } from '../lab/scenarios';

/** Starts a lab scenario by name; nothing is watched or browsed yet. */
export type StartScenario = (name: string) => Promise<RunningScenario>;

/**
 * The body of the `startScenario` fixture of both release-build projects (Chromium's and Firefox's):
 * hands the test a starter, then stops every scenario it started, even when the test failed.
 */
export async function provideScenarios(use: (start: StartScenario) => Promise<void>): Promise<void> {
  const started: RunningScenario[] = [];
  try {
    await use(async (name) => {
      const scenario = scenarioByName(name);
      if (!scenario) throw new Error(`no lab scenario named ${name}`);
      const running = await scenario.start();
      started.push(running);
      return running;
    });
  } finally {
    for (const running of started) await running.stop();
  }
}
