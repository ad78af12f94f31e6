import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../utils/diagnose/catalog';
import { withCauseEnum, withCauseTable } from '../../../scripts/cause-docs';

const read = (file: string) => readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8');
const ids = CATALOG.map((cause) => cause.id);

describe('the docs list exactly the catalog (npm run docs:causes rewrites them)', () => {
  it("README's cause table", () => {
    const readme = read('README.md');
    // Each row: the title the popup shows, then (last) the id.
    const rows = [...readme.matchAll(/^\| \*\*(.+?)\*\* \| [a-z]+ \| .* \| `([a-z-]+)` \|$/gm)];
    expect(rows.map((match) => match[2])).toEqual(ids);
    expect(rows.map((match) => match[1])).toEqual(CATALOG.map((cause) => cause.title));
    expect(withCauseTable(readme, CATALOG), 'README.md is stale: run npm run docs:causes').toBe(readme);
  });

  it("the log schema's cause enum", () => {
    const schema = read('docs/log-format.schema.json');
    const parsed = JSON.parse(schema) as { definitions: { diagnosis: { properties: { cause: { enum: string[] } } } } };
    expect(parsed.definitions.diagnosis.properties.cause.enum).toEqual(ids);
    expect(withCauseEnum(schema, CATALOG), 'docs/log-format.schema.json is stale: run npm run docs:causes').toBe(schema);
  });

  it('a stale table or enum is rewritten, not appended to', () => {
    const readme = read('README.md').replace('| `disk-full` |', '| `disk-full-old` |');
    expect(readme).not.toBe(read('README.md'));
    expect(withCauseTable(readme, CATALOG)).toBe(read('README.md'));
    const schema = read('docs/log-format.schema.json').replace('"jobs-failing"]', '"jobs-failing", "gone"]');
    expect(schema).not.toBe(read('docs/log-format.schema.json'));
    expect(withCauseEnum(schema, CATALOG)).toBe(read('docs/log-format.schema.json'));
  });
});
