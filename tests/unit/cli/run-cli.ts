import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../../', import.meta.url));

/** `npm run diagnose -- <file>`, as relative-path.test.ts runs it: tsx on the script itself. */
export function diagnoseCli(file: string, ...flags: string[]): string {
  return execFileSync(`${root}node_modules/.bin/tsx`, ['scripts/diagnose.ts', file, ...flags], { cwd: root, env: { ...process.env, INIT_CWD: root }, encoding: 'utf8' });
}

/** Writes `text` to a file of that name in a new temporary folder; gives its path. */
export function writeTemp(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'immich-doctor-cli-')), name);
  writeFileSync(file, text);
  return file;
}
