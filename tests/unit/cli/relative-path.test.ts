import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = fileURLToPath(new URL('../../fixtures/har/', import.meta.url));

describe('npm run diagnose -- <relative path>', () => {
  it('resolves the path from where the user ran npm (INIT_CWD), not from the package folder', () => {
    // npm starts the script in the package folder and passes the user's folder as INIT_CWD (npx would
    // reset INIT_CWD to its own folder: the script is run with tsx directly).
    const output = execFileSync(`${root}node_modules/.bin/tsx`, ['scripts/diagnose.ts', 'chrome-thumbnails-500.har', '--json'], { cwd: root, env: { ...process.env, INIT_CWD: fixtures }, encoding: 'utf8' });
    expect(JSON.parse(output)).toMatchObject({ origin: 'https://photos.example.com', failures: 8 });
  }, 30_000);
});
