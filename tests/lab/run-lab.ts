/**
 * `npm run lab -- <scenario>`: starts one failure-lab scenario on loopback and prints the address to
 * open, so a person can load the unpacked extension in a desktop Chromium, watch that address and see
 * the diagnosis. Ctrl+C stops it.
 */
import { SCENARIOS, scenarioByName } from './scenarios';

const name = process.argv[2];
const scenario = name ? scenarioByName(name) : undefined;
if (!scenario) {
  console.error(name ? `Unknown scenario "${name}".` : 'Which scenario?');
  console.error('Usage: npm run lab -- <scenario>\n\nScenarios:');
  for (const { name: known, description } of SCENARIOS) console.error(`  ${known.padEnd(26)} ${description}`);
  process.exit(2);
}

const running = await scenario.start();
const expected = scenario.expected === 'healthy' ? 'no failure (healthy)' : `${scenario.expected.cause} (answered by ${scenario.expected.responder})`;
console.log(`Scenario "${scenario.name}": ${scenario.description}`);
console.log(`\n  Open:            ${running.origin}/lab/login?next=/photos${running.lab ? '%3Fviewer%3D1' : ''}`);
console.log(`  Watch this site: ${running.origin}`);
console.log(`  Expected first diagnosis: ${expected}\n`);
console.log('Press Ctrl+C to stop.');

const stop = async () => {
  await running.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
