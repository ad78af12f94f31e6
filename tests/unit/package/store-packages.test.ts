/**
 * The store packages, as `npm run zip` makes them (issue 7, part 5): the Chrome and Firefox zips hold
 * the release build, Mozilla's linter finds nothing of ours in the Firefox zip, and the sources zip
 * rebuilds to the very same packages, Chrome's and Firefox's. Everything runs offline: the child processes are started
 * with no-network.cjs, which reports and refuses any socket or DNS lookup.
 *
 * Builds go to a temporary folder, never to the shared .output/ that browser tests load from.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigEnv, UserManifest } from 'wxt';
import config from '../../../wxt.config';
import { readZip } from './read-zip';

const root = join(import.meta.dirname, '../../..');
const NO_NETWORK = join(import.meta.dirname, 'no-network.cjs');
const OFFLINE_MARKER = 'OFFLINE TEST: network access attempted';
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
  version: string;
  scripts: Record<string, string>;
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a shell, without what Vitest sets in its workers (NODE_ENV=test, MODE, DEV, …):
 * with NODE_ENV=test, Vite builds a different, larger bundle (measured: popup chunk 19.3 kB against
 * 14.4 kB), which is not what `npm run zip` ships.
 */
const shellEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => !/^(VITEST.*|NODE_ENV|TEST|MODE|DEV|PROD|SSR|BASE_URL|FORCE_TTY)$/.test(key),
  ),
);

/** Runs a Node script with the network refused; fails if it tried to reach the network anyway. */
function runOffline(args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', NO_NETWORK, ...args], {
      cwd,
      env: shellEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (stderr.includes(OFFLINE_MARKER)) reject(new Error(`${args.join(' ')} tried to reach the network:\n${stderr}`));
      else resolve({ code, stdout, stderr });
    });
  });
}

/** What wxt.config.ts declares for a build, read at test time: another change may add a permission. */
async function declaredManifest(mode: string, browser: string): Promise<UserManifest> {
  const env: ConfigEnv = { mode, browser, manifestVersion: 3, command: 'build' };
  const manifest = config.manifest;
  return (typeof manifest === 'function' ? await manifest(env) : await manifest) ?? {};
}

const sorted = (values: readonly string[] | undefined) => [...(values ?? [])].sort();

/** Every file under a folder, by path relative to it (forward slashes, as in a zip). */
async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path).split('\\').join('/'), await readFile(path));
  }
  return files;
}

/**
 * Warnings of Mozilla's linter that are not ours. Each names the rule, the message, the code it must
 * point at in the built file (at the linter's 1-based line and column), why it is not ours, and where
 * that code comes from. A finding that does not match an entry exactly fails the test, and so does an
 * entry that no longer matches anything (delete it then).
 */
const NOT_OURS = [
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    message: 'Unsafe assignment to innerHTML',
    at: /^[\w$]+\.innerHTML=[\w$]+\.__html\b/,
    reason:
      "Preact's renderer implements the `dangerouslySetInnerHTML` prop with an innerHTML assignment; our " +
      'code never passes that prop (checked below), so the assignment never runs. The linter flags it ' +
      '(eslint-plugin-no-unsanitized) wherever Preact is bundled.',
    source: 'preact 11.2.0, src/diff/index.js, diffElementNodes(): `dom.innerHTML = newHtml.__html`',
  },
] as const;

interface Finding {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

let out: string;
/** The checkout's sources just before zipping, to tell a concurrent edit from an irreproducible build. */
let sourcesBefore: Map<string, Buffer>;
let zips: Record<'chrome' | 'firefox' | 'sources', Map<string, Buffer>>;
const zipName = (what: string) => `immich-doctor-${pkg.version}-${what}.zip`;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'immich-doctor-zip-'));
  sourcesBefore = new Map();
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    if (entry.isFile()) sourcesBefore.set(entry.name, await readFile(join(root, entry.name)));
    else if (['entrypoints', 'components', 'utils', 'public'].includes(entry.name)) {
      for (const [path, data] of await readTree(join(root, entry.name))) sourcesBefore.set(`${entry.name}/${path}`, data);
    }
  }
  for (const browser of ['chrome', 'firefox']) {
    const zipped = await runOffline([join(import.meta.dirname, 'zip-release.mjs'), out, browser], root);
    if (zipped.code !== 0) throw new Error(`wxt zip (${browser}) failed:\n${zipped.stdout}\n${zipped.stderr}`);
  }
  const read = async (what: string) => readZip(await readFile(join(out, zipName(what))));
  zips = { chrome: await read('chrome'), firefox: await read('firefox'), sources: await read('sources') };
}, 180_000);

afterAll(async () => {
  if (out) await rm(out, { recursive: true, force: true });
});

it.each([
  ['fetch', "fetch('http://127.0.0.1:2/').catch(() => {});", /net\.Socket\.connect/],
  ['a DNS lookup', "require('node:dns').lookup('localhost', () => {});", /dns\.lookup/],
])('the offline guard catches %s', async (_what, script, caught) => {
  // Loopback, so nothing leaves the machine even if the guard failed; port 2 because fetch refuses
  // the "bad ports" (9 among them) before connecting (WHATWG Fetch, "port blocking").
  await expect(runOffline(['-e', script], root)).rejects.toThrow(caught);
});

describe('npm run zip', () => {
  it('is what zip-release.mjs runs, and writes three zips named with the version', async () => {
    // zip-release.mjs mirrors this script through WXT's API: if the script changes, change both.
    expect(pkg.scripts.zip).toBe('wxt zip && wxt zip -b firefox --mv3');
    const written = (await readdir(out)).filter((name) => name.endsWith('.zip')).sort();
    expect(written).toEqual([zipName('chrome'), zipName('firefox'), zipName('sources')]);
  });

  describe.each(['chrome', 'firefox'] as const)('the %s zip', (browser) => {
    const manifestOf = () => JSON.parse(zips[browser].get('manifest.json')!.toString('utf8')) as UserManifest;

    it('holds the release manifest: the host access wxt.config.ts decides, nothing of the test build', async () => {
      const manifest = manifestOf();
      const release = await declaredManifest('production', browser);
      const test = await declaredManifest('test', browser);
      expect(manifest.manifest_version).toBe(3);
      expect(manifest.version).toBe(pkg.version);
      expect(sorted(manifest.host_permissions)).toEqual(sorted(release.host_permissions));
      expect(sorted(manifest.permissions)).toEqual(sorted(release.permissions));
      expect(manifest.optional_host_permissions?.length).toBeGreaterThan(0);
      expect(sorted(manifest.optional_host_permissions)).toEqual(sorted(release.optional_host_permissions));
      // The test build's install-time grants: if none remained, this check would check nothing.
      const testOnly = sorted(test.host_permissions).filter((p) => !release.host_permissions?.includes(p));
      expect(testOnly.length).toBeGreaterThan(0);
      for (const grant of testOnly) expect(manifest.host_permissions ?? []).not.toContain(grant);
      // Nor anything of WXT's dev server (its CSP and host access name localhost).
      expect(JSON.stringify(manifest)).not.toMatch(/localhost|127\.0\.0\.1/);
    });

    it('holds every file its manifest names', () => {
      const manifest = manifestOf();
      const background = manifest.background as { service_worker?: string; scripts?: string[] } | undefined;
      const named = [
        manifest.action?.default_popup,
        manifest.options_ui?.page,
        ...(browser === 'chrome' ? [background?.service_worker] : (background?.scripts ?? [])),
        ...Object.values(manifest.icons ?? {}),
      ];
      expect(named.length).toBeGreaterThan(4);
      for (const file of named) expect(file && zips[browser].has(file), `${file}`).toBe(true);
    });

    it("loads the server checks' code only when they run, not when the popup opens", () => {
      // Texts of the checks themselves (utils/server-checks/checks/), which no other module has.
      const markers = ['The WebSocket opens: the live updates reach the web app.', 'No thumbnail, metadata, video or library job has failed'];
      const text = (file: string) => zips[browser].get(file)!.toString('utf8');
      const popup = text(manifestOf().action!.default_popup!);
      const loaded = [...popup.matchAll(/(?:src|href)="\/([^"]+\.js)"/g)].map((match) => match[1]!);
      expect(loaded.length).toBeGreaterThan(0);
      for (const file of loaded) for (const marker of markers) expect(text(file), `${file}`).not.toContain(marker);
      // Still shipped, in one chunk of their own, which the popup's entry imports when the checks run.
      const scripts = [...zips[browser].keys()].filter((file) => file.endsWith('.js') && !loaded.includes(file));
      const chunks = markers.map((marker) => scripts.filter((file) => text(file).includes(marker)));
      expect(chunks).toEqual([chunks[0], chunks[0]]);
      expect(chunks[0]).toHaveLength(1);
      expect(text(loaded[0]!)).toContain(chunks[0]![0]!.split('/').pop());
    });

    it('keeps the diagnosis and the export builders out of what the popup and the options page load: the background runs them', () => {
      // Texts of the causes' checks (utils/diagnose/check.ts) and of the HAR and Markdown builders
      // (utils/export/), which no other module has. Importing the export formats' names from the
      // builders' module once put the whole catalog in the popup's scripts: 38 kB became 44 kB.
      const markers = ['Check and reload Apache', 'Requests recorded by the Immich Doctor extension', '### Requests by kind'];
      const text = (file: string) => zips[browser].get(file)!.toString('utf8');
      for (const page of [manifestOf().action!.default_popup!, manifestOf().options_ui!.page!]) {
        const loaded = [...text(page).matchAll(/(?:src|href)="\/([^"]+\.js)"/g)].map((match) => match[1]!);
        expect(loaded.length).toBeGreaterThan(0);
        for (const file of loaded) expect(markers.filter((marker) => text(file).includes(marker)), `${page}: ${file}`).toEqual([]);
      }
      // Shipped in the background, where the messages' handlers build them.
      const background = manifestOf().background as { service_worker?: string; scripts?: string[] };
      const backgroundText = [background.service_worker, ...(background.scripts ?? [])].filter((file) => file !== undefined).map(text).join('');
      for (const marker of markers) expect(backgroundText).toContain(marker);
    });
  });

  it('gives Firefox its add-on id and data collection declaration', async () => {
    const manifest = JSON.parse(zips.firefox.get('manifest.json')!.toString('utf8')) as UserManifest;
    const release = await declaredManifest('production', 'firefox');
    expect(release.browser_specific_settings?.gecko?.id).toBeTruthy();
    expect(manifest.browser_specific_settings).toEqual(release.browser_specific_settings);
  });
});

describe("Mozilla's linter (addons-linter, what AMO runs on upload) on the Firefox zip", () => {
  it('finds no error, and no warning or notice of ours', async () => {
    const linter = join(root, 'node_modules/addons-linter/bin/addons-linter');
    const run = await runOffline([linter, '--output', 'json', '--boring', join(out, zipName('firefox'))], root);
    const report = JSON.parse(run.stdout) as { errors: Finding[]; warnings: Finding[]; notices: Finding[] };
    expect(report.errors).toEqual([]);
    const explain = (finding: Finding) =>
      NOT_OURS.find((entry) => {
        if (entry.code !== finding.code || entry.message !== finding.message) return false;
        const text = finding.file && zips.firefox.get(finding.file)?.toString('utf8');
        const line = text?.split('\n')[(finding.line ?? 0) - 1];
        return line !== undefined && entry.at.test(line.slice((finding.column ?? 0) - 1));
      });
    const findings = [...report.warnings, ...report.notices];
    expect(findings.filter((finding) => !explain(finding))).toEqual([]);
    const used = new Set(findings.map(explain));
    expect(NOT_OURS.filter((entry) => !used.has(entry)), 'allow-list entries that match nothing any more').toEqual([]);
  }, 60_000);

  it('allow-lists Preact\'s innerHTML path only because our code never uses it', async () => {
    const uses: string[] = [];
    for (const folder of ['entrypoints', 'components', 'utils']) {
      for (const [path, content] of await readTree(join(root, folder))) {
        if (/dangerouslySetInnerHTML|innerHTML|outerHTML|insertAdjacentHTML/.test(content.toString('utf8'))) uses.push(`${folder}/${path}`);
      }
    }
    expect(uses).toEqual([]);
  });
});

describe('the sources zip, for the AMO reviewer', () => {
  it('holds the build inputs and no dependencies, build output, tests, screenshots or dot files', async () => {
    const names = [...zips.sources.keys()];
    for (const needed of ['package.json', 'package-lock.json', 'wxt.config.ts', 'tsconfig.json', 'README.md']) {
      expect(names).toContain(needed);
    }
    expect(names.some((name) => name.startsWith('entrypoints/'))).toBe(true);
    const junk = names.filter(
      (name) =>
        /(^|\/)(node_modules|tests?|docs|test-results|playwright-report)\//.test(name) ||
        /(^|\/)\./.test(name) ||
        /\.(test|spec)\.[cm]?[jt]sx?$/.test(name) ||
        (name.endsWith('.png') && !name.startsWith('public/')),
    );
    expect(junk).toEqual([]);
    // The reviewer installs exactly the versions this checkout was built with.
    expect(zips.sources.get('package-lock.json')?.equals(await readFile(join(root, 'package-lock.json')))).toBe(true);
  });

  /** The sources zip unpacked once, with this checkout's node_modules (both rebuilds below use it). */
  let unpacked: Promise<string> | undefined;
  const unpackSources = () =>
    (unpacked ??= (async () => {
      const src = join(out, 'sources');
      for (const [name, data] of zips.sources) {
        await mkdir(dirname(join(src, name)), { recursive: true });
        await writeFile(join(src, name), data);
      }
      await symlink(join(root, 'node_modules'), join(src, 'node_modules'), 'dir');
      return src;
    })());

  // `npm run build` is these two builds (package.json); README promises both packages back.
  const REBUILDS = { chrome: { args: ['build'], dir: 'chrome-mv3' }, firefox: { args: ['build', '-b', 'firefox', '--mv3'], dir: 'firefox-mv3' } } as const;

  it.each(['chrome', 'firefox'] as const)('rebuilds to a %s package byte-identical to its zip', async (browser) => {
    // The reviewer runs `npm ci && npm run build` (README). `npm ci` needs the registry, so here the
    // unpacked sources use this checkout's node_modules, installed from the same package-lock.json;
    // the full `npm ci` path was checked by hand (commit message of this test).
    const src = await unpackSources();
    const built = await runOffline([join(root, 'node_modules/wxt/bin/wxt.mjs'), ...REBUILDS[browser].args], src);
    if (built.code !== 0) throw new Error(`build from the sources zip failed:\n${built.stdout}\n${built.stderr}`);
    const rebuilt = await readTree(join(src, '.output', REBUILDS[browser].dir));
    // A source edited in the checkout while `wxt zip` ran (other engineers share it) makes the bundle
    // and the sources zip disagree: name such files, so that failure is not mistaken for a build that
    // does not reproduce.
    const editedMeanwhile = [...zips.sources]
      .filter(([name, data]) => !sourcesBefore.get(name)?.equals(data))
      .map(([name]) => name);
    const hint = editedMeanwhile.length ? `sources changed in the checkout meanwhile: ${editedMeanwhile.join(', ')}` : '';
    const zip = zips[browser];
    expect(sorted([...rebuilt.keys()]), hint).toEqual(sorted([...zip.keys()]));
    const differing = [...rebuilt].filter(([name, data]) => !zip.get(name)?.equals(data)).map(([name]) => name);
    expect(differing, hint).toEqual([]);
  }, 120_000);
});
