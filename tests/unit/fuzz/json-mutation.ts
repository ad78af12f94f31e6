import fc from 'fast-check';
import { anyNumber, PROTOTYPE_KEYS } from './arbitraries';

/**
 * Mutations of a valid JSON document, to reach the deep paths of a reader that arbitrary JSON never
 * gets past: each mutation picks a node (by index over all nodes, so any node can be picked) and
 * replaces it, deletes it, or adds a prototype key beside it.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values a field may be replaced with: every JSON type, edge numbers, and the strings readers switch on. */
const replacement: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  anyNumber.filter(Number.isFinite),
  fc.constantFrom<Json>(...PROTOTYPE_KEYS, 'http-500', 'http-1000', 'ok', 'net-unknown', 'immich', 'nginx', 'thumbnail', 'page', '1960-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', '0001-01-01T00:00:00Z', 'javascript:alert(1)', 'http://[::1]:2283', '', '1.2', '500', [], {}),
  // An object with a prototype key as its own key, as JSON.parse makes it (a literal would set the prototype).
  fc.tuple(fc.constantFrom(...PROTOTYPE_KEYS), fc.jsonValue({ maxDepth: 1 })).map(([key, value]) => JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value)}, "polluted": true}`) as Json),
);

/**
 * Which node: an index over the nodes down to a depth. Picking among all nodes alone would nearly always
 * land in the long lists (entries, records) and seldom on the few top-level fields a reader checks first.
 */
const mutation = fc.tuple(fc.nat(), fc.constantFrom(1, 2, 3, Infinity), fc.constantFrom('replace', 'replace', 'delete', 'prototype-key'), replacement);

type Node = { parent: Json[] | Record<string, Json>; key: string | number };

function nodes(value: Json, depth: number, found: Node[] = []): Node[] {
  if (depth < 1) return found;
  if (Array.isArray(value)) value.forEach((item, index) => (found.push({ parent: value, key: index }), nodes(item, depth - 1, found)));
  else if (value !== null && typeof value === 'object') for (const key of Object.keys(value)) found.push({ parent: value, key }), nodes(value[key]!, depth - 1, found);
  return found;
}

function mutate(document: Json, [pick, depth, how, value]: [number, number, string, Json]): void {
  const all = nodes(document, depth);
  if (all.length === 0) return;
  const { parent, key } = all[pick % all.length]!;
  if (how === 'replace') (parent as Record<string | number, Json>)[key] = value;
  else if (how === 'delete') Array.isArray(parent) ? parent.splice(key as number, 1) : delete parent[key as string];
  else if (!Array.isArray(parent)) Object.defineProperty(parent, PROTOTYPE_KEYS[pick % PROTOTYPE_KEYS.length]!, { value, enumerable: true, configurable: true, writable: true });
}

/** A copy of the document after a few mutations. */
export function mutatedValue(document: unknown): fc.Arbitrary<unknown> {
  const text = JSON.stringify(document);
  return fc.array(mutation, { minLength: 1, maxLength: 4 }).map((mutations) => {
    const copy = JSON.parse(text) as Json;
    for (const each of mutations) mutate(copy, each);
    return copy;
  });
}

/** The document's text after a few mutations; sometimes cut short or with one character changed. */
export function mutatedText(document: unknown): fc.Arbitrary<string> {
  return fc.tuple(mutatedValue(document), fc.option(fc.tuple(fc.constantFrom('cut', 'change'), fc.nat(), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), { freq: 5 })).map(([value, damage]) => {
    const mutated = JSON.stringify(value);
    if (!damage) return mutated;
    const [kind, at, char] = damage;
    const index = at % (mutated.length + 1);
    return kind === 'cut' ? mutated.slice(0, index) : mutated.slice(0, index) + char + mutated.slice(index + 1);
  });
}
