/** `npm run docs:causes`: rewrites the README's cause table and the log schema's cause enum from the catalog. */
import { readFileSync, writeFileSync } from 'node:fs';
import { CATALOG } from '../utils/diagnose/catalog';
import { withCauseEnum, withCauseTable } from './cause-docs';

const root = new URL('../', import.meta.url);
for (const [file, write] of [
  ['README.md', withCauseTable],
  ['docs/log-format.schema.json', withCauseEnum],
] as const) {
  const path = new URL(file, root);
  const before = readFileSync(path, 'utf8');
  const after = write(before, CATALOG);
  if (after !== before) writeFileSync(path, after);
  process.stdout.write(`${file}: ${after === before ? 'up to date' : 'written'}\n`);
}
