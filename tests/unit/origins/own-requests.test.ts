import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { OWN_REQUESTS, ownRequestsTable, type OwnRequest } from '../../../utils/origins/own-requests';
import { serverRoutes, type ServerRoutes } from '../../../utils/server-checks/routes';

/**
 * The README's privacy section lists every request the extension makes itself (utils/origins/
 * own-requests.ts). The sources are parsed (TypeScript's parser: comments, strings and object keys
 * named `fetch` are not calls) for every network API; each file that uses one must be listed with
 * exactly the paths it names, each fetch call must send the credentials its entry says (the user's
 * session only from utils/server-checks/) and omit the cache, and the README's table must be the list's.
 * The server checks name no path where they fetch: their paths are the routes they read from
 * utils/server-checks/routes.ts, for every version it knows (`checkRoutePaths`). A new request, or one moved, fails here until the list and the README say so.
 */

const ROOT = new URL('../../../', import.meta.url).pathname;
/** Everything that ships: the background, the popup, the options page and what they import. */
const SHIPPED = ['entrypoints', 'components', 'utils'];

/** Constructors and functions that send a request, besides fetch. */
const NETWORK_CONSTRUCTORS = new Set(['XMLHttpRequest', 'WebSocket', 'EventSource', 'Image']);
const NETWORK_METHODS = new Set(['sendBeacon', 'importScripts']);

interface Scanned {
  /** Network APIs used, by name. */
  apis: string[];
  /** Paths the file names (string and template pieces starting with `/`). */
  paths: string[];
  /** Each fetch call's `credentials` and `cache` options, as written (`undefined` when absent). */
  fetchCalls: Array<{ credentials?: string; cache?: string }>;
}

/** What one source file sends, read from its syntax tree. */
function scanSource(fileName: string, text: string): Scanned {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const apis = new Set<string>();
  const paths = new Set<string>();
  const fetchCalls: Scanned['fetchCalls'] = [];
  // Parameters declared `typeof fetch` (injected for tests) are fetch too.
  const fetchNames = new Set(['fetch']);
  const visitParameters = (node: ts.Node): void => {
    if (ts.isParameter(node) && ts.isIdentifier(node.name) && node.type && ts.isTypeQueryNode(node.type) && node.type.exprName.getText(source) === 'fetch') fetchNames.add(node.name.text);
    ts.forEachChild(node, visitParameters);
  };
  visitParameters(source);
  const option = (argument: ts.Expression | undefined, name: string): string | undefined => {
    if (!argument || !ts.isObjectLiteralExpression(argument)) return undefined;
    const property = argument.properties.find((entry): entry is ts.PropertyAssignment => ts.isPropertyAssignment(entry) && entry.name.getText(source) === name);
    return property && ts.isStringLiteral(property.initializer) ? property.initializer.text : undefined;
  };
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && fetchNames.has(node.text)) {
      const parent = node.parent;
      const isName = (ts.isPropertyAssignment(parent) || ts.isPropertyAccessExpression(parent) || ts.isParameter(parent)) && parent.name === node;
      if (!isName) apis.add('fetch');
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && fetchNames.has(node.expression.text)) {
      fetchCalls.push({ credentials: option(node.arguments[1], 'credentials'), cache: option(node.arguments[1], 'cache') });
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && NETWORK_CONSTRUCTORS.has(node.expression.text)) apis.add(node.expression.text);
    if (ts.isPropertyAccessExpression(node) && NETWORK_METHODS.has(node.name.text)) apis.add(node.name.text);
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && NETWORK_METHODS.has(node.expression.text)) apis.add(node.expression.text);
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      const path = /^\/[\w.~-]+(?:\/[\w.~-]+)*/.exec(node.text)?.[0];
      if (path) paths.add(path);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { apis: [...apis].sort(), paths: [...paths].sort(), fetchCalls };
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

let shipped: Map<string, Scanned> | undefined;

/** Every shipped file that makes a request, with what it names (parsed once: about 1.5 s). */
function scanShipped(): Map<string, Scanned> {
  if (shipped) return new Map(shipped);
  const found = new Map<string, Scanned>();
  for (const file of SHIPPED.flatMap(sourceFiles).sort()) {
    const scanned = scanSource(file, readFileSync(join(ROOT, file), 'utf8'));
    if (scanned.apis.length > 0) found.set(file, scanned);
  }
  shipped = found;
  return new Map(found);
}

/** Fields of `ServerRoutes` that are no request: the basis, flags, a page for the user, the container's path. */
const NOT_REQUESTED = new Set(['basis', 'maintenanceMode', 'queuesPage', 'mediaRoot']);
/** What a route's README row names its argument. */
const PLACEHOLDERS: Record<string, string> = { failedJobs: '{name}', appFile: '{file}' };
/** Every version landmark of routes.ts, and an unknown version. */
const LANDMARKS = [undefined, '1.90.0', '1.100.0', '1.106.0', '1.107.0', '1.118.0', '1.137.0', '2.3.0', '2.4.0', '2.7.5', '3.0.0'];

/** The `ServerRoutes` fields the server checks read (`routes.x`, `serverRoutes(…).x`), from their syntax trees. */
function routeFieldsRead(): string[] {
  const fields = new Set<string>();
  for (const file of sourceFiles('utils/server-checks').filter((name) => !name.endsWith('routes.ts'))) {
    const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node)) {
        const target = node.expression;
        const isRoutes = (ts.isIdentifier(target) && target.text === 'routes') || (ts.isPropertyAccessExpression(target) && target.name.text === 'routes') || (ts.isCallExpression(target) && target.expression.getText(source) === 'serverRoutes');
        if (isRoutes) fields.add(node.name.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return [...fields].filter((field) => !NOT_REQUESTED.has(field)).sort();
}

/** The paths the server checks can ask, over every version: placeholders for names and ids. */
function checkRoutePaths(): string[] {
  const paths = new Set<string>();
  for (const version of LANDMARKS) {
    const routes = serverRoutes(version) as unknown as Record<string, unknown>;
    for (const field of routeFieldsRead()) {
      const value = routes[field as keyof ServerRoutes];
      if (typeof value === 'string') paths.add(value);
      else if (typeof value === 'function') paths.add(decodeURIComponent((value as (name: string) => string)(PLACEHOLDERS[field] ?? '{id}')));
      else if (value && typeof value === 'object') paths.add((value as { path: string }).path);
    }
  }
  return [...paths].sort();
}

/** What the list gets wrong about the scanned sources: one line each, empty when they agree. */
function disagreements(scanned: Map<string, Scanned>, list: readonly OwnRequest[]): string[] {
  const problems: string[] = [];
  const listedFiles = new Set(list.map((request) => request.source));
  for (const [file, { apis, paths, fetchCalls }] of scanned) {
    if (!listedFiles.has(file)) {
      problems.push(`${file} makes requests (${apis.join(', ')}; paths ${paths.join(', ') || 'none'}) that OWN_REQUESTS and the README do not list`);
      continue;
    }
    const listed = list.filter((request) => request.source === file);
    // The server checks also open the site's WebSocket, as the web app does (their `socket` route).
    const described = listed.some((request) => request.routesFrom) ? ['fetch', 'WebSocket'] : ['fetch'];
    if (apis.some((api) => !described.includes(api))) problems.push(`${file} uses ${apis.join(', ')}: only ${described.join(' and ')} is described`);
    const listedPaths = listed.map((request) => request.path).sort();
    const fromRoutes = listed.some((request) => request.routesFrom);
    const named = fromRoutes ? checkRoutePaths() : paths;
    if (fromRoutes && paths.length > 0) problems.push(`${file} names paths itself (${paths.join(', ')}): the server checks take theirs from routes.ts`);
    if (JSON.stringify(listedPaths) !== JSON.stringify(named)) problems.push(`${file} ${fromRoutes ? 'asks the routes' : 'names'} ${named.join(', ')}, OWN_REQUESTS lists ${listedPaths.join(', ')}`);
    for (const call of fetchCalls) {
      const expected = listed[0]?.credentials;
      // The server checks send the session, or, with an API key, the key without cookies: 'omit' is the narrower of the two.
      const narrower = fromRoutes && call.credentials === 'omit';
      if (!narrower && !listed.every((request) => request.credentials === call.credentials)) problems.push(`${file} calls fetch with credentials ${String(call.credentials)}, not '${expected}' as the README says`);
      if (call.credentials === 'include' && !file.startsWith('utils/server-checks/')) problems.push(`${file} sends the user's session: only the server checks (utils/server-checks/) may`);
      if (call.cache !== 'no-store') problems.push(`${file} calls fetch with cache ${String(call.cache)}, not 'no-store' as the README says`);
    }
  }
  for (const file of listedFiles) if (!scanned.has(file)) problems.push(`${file} is listed in OWN_REQUESTS but makes no request any more`);
  return problems;
}

describe('the README lists every request the extension makes itself', () => {
  it('the shipped sources make exactly the listed requests, each with its credentials and without cache', { timeout: 30_000 }, () => {
    const scanned = scanShipped();
    expect(disagreements(scanned, OWN_REQUESTS)).toEqual([]);
    // Not vacuous: the scan found the probe and the version lookup.
    expect([...scanned.keys()]).toEqual(['utils/actions/immich-version.ts', 'utils/origins/immich-probe.ts', 'utils/server-checks/ask.ts']);
  });

  it("the README's privacy section holds the list's table", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = /<!-- own-requests -->\n([\s\S]*?)\n<!-- \/own-requests -->/.exec(readme)?.[1];
    expect(section, 'README.md has no <!-- own-requests --> … <!-- /own-requests --> section').toBeDefined();
    expect(section, "README.md's own-requests table is stale: paste ownRequestsTable() (utils/origins/own-requests.ts)").toBe(ownRequestsTable());
    expect(readme.indexOf('<!-- own-requests -->')).toBeGreaterThan(readme.indexOf('## Permissions and privacy'));
  });
});

describe('the scan (so that the test above fails when it should)', () => {
  const scan = (text: string, file = 'utils/x.ts') => scanSource(file, text);

  it.each([
    ['a fetch of a new path', 'export const f = (origin: string) => fetch(`${origin}/api/users/me`, { credentials: "omit", cache: "no-store" });', ['fetch'], ['/api/users/me']],
    ['fetch through an injected fetcher', "export async function g(o: string, fetcher: typeof fetch = fetch) { return fetcher(o + '/api/albums'); }", ['fetch'], ['/api/albums']],
    ['a WebSocket', "new WebSocket(`${origin.replace('http', 'ws')}/api/socket.io/`);", ['WebSocket'], ['/api/socket.io']],
    ['an XMLHttpRequest', "const r = new XMLHttpRequest(); r.open('GET', '/api/server/config');", ['XMLHttpRequest'], ['/api/server/config']],
    ['a beacon', "navigator.sendBeacon('https://telemetry.example/collect', '{}');", ['sendBeacon'], []],
    ['an image', "const i = new Image(); i.src = 'https://a.example/p.png';", ['Image'], []],
  ])('finds %s', (_, text, apis, paths) => {
    const scanned = scan(text);
    expect(scanned.apis).toEqual(apis);
    expect(scanned.paths).toEqual(paths);
  });

  it('does not take the word for a call: comments, strings and object keys', () => {
    const text = "// the worker's own fetch\nexport const kinds = { fetch: 'xmlhttprequest' }; const api = 'fetch'; const m = 'Failed to fetch';";
    expect(scan(text).apis).toEqual([]);
  });

  it('a new request, an unlisted path, a listed request gone, or credentials sent: each is reported', () => {
    const listed = scanShipped();
    listed.set('utils/actions/new-thing.ts', scan('export const h = (o: string) => fetch(`${o}/api/users/me`);'));
    expect(disagreements(listed, OWN_REQUESTS)).toEqual([expect.stringContaining('utils/actions/new-thing.ts makes requests (fetch; paths /api/users/me)')]);

    const withPath = scanShipped();
    const probe = withPath.get('utils/origins/immich-probe.ts')!;
    withPath.set('utils/origins/immich-probe.ts', { ...probe, paths: [...probe.paths, '/api/server/features'].sort() });
    expect(disagreements(withPath, OWN_REQUESTS)).toEqual([expect.stringContaining('OWN_REQUESTS lists /.well-known/immich, /api/server/ping')]);

    const gone = new Map([...scanShipped()].filter(([file]) => file !== 'utils/actions/immich-version.ts'));
    expect(disagreements(gone, OWN_REQUESTS)).toEqual(['utils/actions/immich-version.ts is listed in OWN_REQUESTS but makes no request any more']);

    const withCookies = scanShipped();
    withCookies.set('utils/origins/immich-probe.ts', scan("export const p = (o: string) => [fetch(`${o}/api/server/ping`, { credentials: 'include', cache: 'no-store' }), '/.well-known/immich'];", 'utils/origins/immich-probe.ts'));
    expect(disagreements(withCookies, OWN_REQUESTS)).toEqual([
      "utils/origins/immich-probe.ts calls fetch with credentials include, not 'omit' as the README says",
      "utils/origins/immich-probe.ts sends the user's session: only the server checks (utils/server-checks/) may",
    ]);
  });

  it('the server checks: a route they ask that the list lacks, or a path named where they fetch, is reported', () => {
    const withoutJobs = OWN_REQUESTS.filter((request) => request.path !== '/api/jobs');
    expect(disagreements(scanShipped(), withoutJobs)).toEqual([expect.stringMatching(/^utils\/server-checks\/ask\.ts asks the routes .*\/api\/jobs.*, OWN_REQUESTS lists (?!.*\/api\/jobs)/)]);

    const naming = scanShipped();
    const ask = naming.get('utils/server-checks/ask.ts')!;
    naming.set('utils/server-checks/ask.ts', { ...ask, paths: ['/api/albums'] });
    expect(disagreements(naming, OWN_REQUESTS)).toEqual(['utils/server-checks/ask.ts names paths itself (/api/albums): the server checks take theirs from routes.ts']);
  });
});
