import type { CauseDefinition } from '../utils/diagnose/cause';

/**
 * The README's cause table and the log schema's cause enum, written from the catalog so that adding
 * a cause never means editing them by hand (`npm run docs:causes`); a unit test fails when either is
 * stale.
 */
export const TABLE_START = '<!-- causes: written by npm run docs:causes -->';
export const TABLE_END = '<!-- /causes -->';

const CAUSE_ENUM = /("cause": \{\s*"enum": )\[[^\]]*\]/;

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** By the title the popup shows, so a reader finds their card; the id is what exports and the CLI's `--json` carry. */
export function causeTable(causes: readonly CauseDefinition[]): string {
  const rows = causes.map((cause) => `| **${cell(cause.title)}** | ${cause.layer} | ${cell(cause.summary)} | \`${cause.id}\` |`);
  return ['| the popup says | layer | what it means | id in exports |', '|---|---|---|---|', ...rows].join('\n');
}

function between(text: string, start: string, end: string, content: string, where: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to < from) throw new Error(`${where} has no ${start} … ${end} markers`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

export function withCauseTable(readme: string, causes: readonly CauseDefinition[]): string {
  return between(readme, TABLE_START, TABLE_END, causeTable(causes), 'README.md');
}

export function withCauseEnum(schema: string, causes: readonly CauseDefinition[]): string {
  if (!CAUSE_ENUM.test(schema)) throw new Error('docs/log-format.schema.json has no "cause": { "enum": [...] }');
  return schema.replace(CAUSE_ENUM, (_match, head: string) => `${head}${JSON.stringify(causes.map((cause) => cause.id)).replace(/","/g, '", "')}`);
}
