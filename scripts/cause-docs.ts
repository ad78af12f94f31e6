import type { CauseDefinition } from '../utils/diagnose/cause';

/**
 * The README's cause table and the log schema's cause enum, written from the catalog so that adding
 * a cause never means editing them by hand (`npm run docs:causes`); a unit test fails when either is
 * stale.
 */
export const TABLE_START = '<!-- causes: written by npm run docs:causes -->';
export const TABLE_END = '<!-- /causes -->';

const CAUSE_ENUM = /("cause": \{\s*"enum": )\[[^\]]*\]/;

export function causeTable(causes: readonly CauseDefinition[]): string {
  const rows = causes.map((cause) => `| \`${cause.id}\` | ${cause.layer} | ${cause.summary.replace(/\|/g, '\\|')} |`);
  return ['| cause id | layer | what it means |', '|---|---|---|', ...rows].join('\n');
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
