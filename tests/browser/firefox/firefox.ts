import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BidiConnection } from './bidi';
import { downloadPrefs, extensionPrefs, writeUserJs, type Prefs } from './profile';
import { FirefoxTab } from './tab';
import { packXpi } from './xpi';

export const FIREFOX = '/usr/bin/firefox-esr';

export interface LaunchOptions {
  /** An unpacked add-on (a folder with manifest.json and a gecko id). */
  extensionDir: string;
  /** More user.js preferences, e.g. `extensions.background.idle.timeout`. */
  prefs?: Prefs;
  /**
   * `temporary` (the default, what about:debugging does): Firefox removes the add-on when it quits, so
   * after a restart it is not there (measured in ESR 153: its grants and storage stay in the profile and
   * come back only if the same id is installed again). `permanent`: installed as a user installs it, from
   * an (unsigned: the profile sets `xpinstall.signatures.required` false, which ESR honours) XPI into
   * the profile, so that the add-on, its storage and its grants outlive {@link Firefox.restart}.
   */
  install?: AddonInstall;
  /**
   * An X display (`:N`, tests/browser/release/xvfb.ts) to run Firefox on with its window, instead of
   * headless: its toolbar popup and permission prompt exist only in a real window.
   */
  display?: string;
  /** Other unpacked add-ons installed beside it, temporary (tests/fixtures/blocker-extension). */
  alsoInstall?: readonly string[];
}

export type AddonInstall = 'temporary' | 'permanent';

/**
 * Firefox ESR, headless, on a throw-away profile, driven over WebDriver BiDi. The add-on is installed
 * with `webExtension.install` under a UUID fixed by pref, so its pages are at {@link extensionOrigin}
 * (navigable because of `--remote-allow-system-access`). `restart()` quits and starts Firefox again on
 * the same profile. `close()` kills the process and removes the profile and download folder: call it
 * in a `finally` or a fixture's teardown.
 */
export class Firefox {
  /** Stderr and console of the Firefox processes before the last restart. */
  private earlierOutput = '';

  private constructor(
    private process: ChildProcess,
    private bidi: BidiConnection,
    private output: OutputTail,
    private readonly root: string,
    private readonly profile: string,
    /** Where downloads land (set by pref; no dialog). */
    readonly downloadDir: string,
    /** `moz-extension://UUID`, the origin of the add-on's pages. */
    readonly extensionOrigin: string,
    private readonly display: string | undefined,
  ) {}

  static async launch({ extensionDir, prefs = {}, install = 'temporary', display, alsoInstall = [] }: LaunchOptions): Promise<Firefox> {
    const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as { browser_specific_settings?: { gecko?: { id?: string } } };
    const addonId = manifest.browser_specific_settings?.gecko?.id;
    if (!addonId) throw new Error(`${extensionDir}/manifest.json has no browser_specific_settings.gecko.id`);
    const uuid = randomUUID();
    const root = mkdtempSync(join(tmpdir(), 'immich-doctor-firefox-'));
    const profile = join(root, 'profile');
    const downloads = join(root, 'downloads');
    mkdirSync(profile);
    mkdirSync(downloads);
    // Firefox reads a temporary add-on's files from disk while it runs: install a copy, so that a
    // rebuild of .output during the test (another `npm run build` in the same checkout) cannot change it.
    // A permanent install copies the XPI into the profile itself.
    const addon = join(root, install === 'permanent' ? 'addon.xpi' : 'addon');
    if (install === 'permanent') packXpi(extensionDir, addon);
    else cpSync(extensionDir, addon, { recursive: true });
    const unsigned: Prefs = install === 'permanent' ? { 'xpinstall.signatures.required': false } : {};
    writeUserJs(profile, { ...downloadPrefs(downloads), ...extensionPrefs(addonId, uuid), ...unsigned, ...prefs });

    const { child, bidi, output } = await start(profile, display);
    const firefox = new Firefox(child, bidi, output, root, profile, downloads, `moz-extension://${uuid}`, display);
    try {
      await bidi.send(
        'webExtension.install',
        install === 'permanent' ? { extensionData: { type: 'archivePath', path: addon }, 'moz:permanent': true } : { extensionData: { type: 'path', path: addon } },
      );
      for (const other of alsoInstall) await bidi.send('webExtension.install', { extensionData: { type: 'path', path: other } });
      return firefox;
    } catch (error) {
      await firefox.close();
      throw error;
    }
  }

  /**
   * A browser restart, as a user quits and starts Firefox again: every tab closed (BiDi `browser.close`,
   * so Firefox shuts down in order and writes the profile: prefs, add-on storage, permissions), then
   * Firefox started on the same profile. The add-on is not installed again: whatever kept it across the
   * restart is Firefox's doing. Tabs from before are gone.
   */
  async restart(): Promise<void> {
    await this.quit();
    this.earlierOutput += `${this.output.text()}\n--- Firefox restarted on the same profile ---\n`;
    const { child, bidi, output } = await start(this.profile, this.display);
    this.process = child;
    this.bidi = bidi;
    this.output = output;
  }

  /** The address of one of the add-on's pages, e.g. `popup.html?origin=…`. */
  extensionUrl(path: string): string {
    return `${this.extensionOrigin}/${path}`;
  }

  /** Opens a new tab (about:blank), in the foreground unless `background`. */
  async newTab({ background = false }: { background?: boolean } = {}): Promise<FirefoxTab> {
    const { context } = await this.bidi.send<{ context: string }>('browsingContext.create', { type: 'tab', background });
    return new FirefoxTab(this.bidi, context);
  }

  /** Opens a new tab on an address and waits for it to load. */
  async openTab(url: string): Promise<FirefoxTab> {
    const tab = await this.newTab();
    await tab.goto(url);
    return tab;
  }

  /**
   * The browser window's own document (`chrome://browser/content/browser.xhtml`), where Firefox draws
   * its toolbar, panels and permission prompts: BiDi reaches it under `--remote-allow-system-access`
   * with `browsingContext.getTree`'s `"moz:scope": "chrome"` (ESR 153's
   * remote/webdriver-bidi/modules/root/browsingContext.sys.mjs, in omni.ja).
   * To read what the window shows; acting on it is done with real X keys (tests/browser/firefox/toolbar-popup.ts).
   */
  async browserWindow(): Promise<FirefoxTab> {
    const { contexts } = await this.bidi.send<{ contexts: Array<{ context: string; url: string }> }>('browsingContext.getTree', { 'moz:scope': 'chrome' });
    const window = contexts.find((context) => context.url === 'chrome://browser/content/browser.xhtml');
    if (!window) throw new Error(`No browser window among Firefox's parent-process contexts: ${contexts.map((context) => context.url).join(', ')}`);
    return new FirefoxTab(this.bidi, window.context);
  }

  /** Brings a tab to the front, as a user switching tabs does. */
  async activate(tab: FirefoxTab): Promise<void> {
    await this.bidi.send('browsingContext.activate', { context: tab.context });
  }

  /** The end of Firefox's stderr and of the tabs' console (BiDi `log.entryAdded`), for failure reports. */
  consoleOutput(): string {
    return (this.earlierOutput + this.output.text()).slice(-65_536);
  }

  /** Ends the session, kills Firefox and removes its profile and downloads. Safe to call twice. */
  async close(): Promise<void> {
    await Promise.race([this.bidi.send('session.end').catch(() => undefined), sleep(2000)]);
    await this.bidi.close();
    await stopProcess(this.process);
    rmSync(this.root, { recursive: true, force: true });
  }

  /** Quits as a user does (all tabs closed) and waits for the process to exit; kills it after 15 s. */
  private async quit(): Promise<void> {
    const exited = exitOf(this.process);
    // Firefox may drop the connection before it answers the command it is quitting for.
    await this.bidi.send('browser.close').catch(() => undefined);
    const inTime = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
    await this.bidi.close();
    if (!inTime) {
      await stopProcess(this.process);
      throw new Error(`Firefox did not quit within 15 s of browser.close: ${this.output.text().slice(-2000)}`);
    }
  }
}

/** Starts Firefox on a profile and opens a BiDi session (with the tabs' console subscribed). */
async function start(profile: string, display: string | undefined): Promise<{ child: ChildProcess; bidi: BidiConnection; output: OutputTail }> {
  const window = display ? [] : ['--headless'];
  // Its own process group, so that closing can end the content processes with it.
  const child = spawn(FIREFOX, [...window, '--no-remote', '--profile', profile, '--remote-debugging-port=0', '--remote-allow-system-access', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1', ...(display && { DISPLAY: display }) },
  });
  const output = new OutputTail(child);
  let bidi: BidiConnection | undefined;
  try {
    bidi = await BidiConnection.connect(`${await output.listeningUrl()}/session`);
    await bidi.send('session.new', { capabilities: {} });
    // The tabs' console messages and uncaught errors (the popup's included), for failure reports.
    await bidi.send('session.subscribe', { events: ['log.entryAdded'] });
    bidi.on('log.entryAdded', (entry) => output.append(describeLogEntry(entry as LogEntry)));
    return { child, bidi, output };
  } catch (error) {
    await bidi?.close();
    await stopProcess(child);
    throw error;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** A BiDi `log.entryAdded` event: a console message or an uncaught error in a tab. */
interface LogEntry {
  level: string;
  text: string | null;
  source?: { context?: string };
  stackTrace?: { callFrames?: Array<{ url: string; lineNumber: number }> };
}

function describeLogEntry(entry: LogEntry): string {
  const frame = entry.stackTrace?.callFrames?.[0];
  return `[console ${entry.level}] ${entry.text ?? ''}${frame ? ` (${frame.url}:${frame.lineNumber})` : ''}\n`;
}

/** The last 64 kB of Firefox's stderr (kept drained so that Firefox never blocks on a full pipe) and console. */
class OutputTail {
  private buffer = '';
  private readonly waiters = new Set<() => void>();

  constructor(private readonly child: ChildProcess) {
    child.stderr?.on('data', (chunk: Buffer) => this.append(String(chunk)));
  }

  append(text: string): void {
    this.buffer = (this.buffer + text).slice(-65_536);
    for (const waiter of this.waiters) waiter();
  }

  text(): string {
    return this.buffer;
  }

  /** Firefox prints `WebDriver BiDi listening on ws://127.0.0.1:PORT` once its remote agent is up. */
  listeningUrl(): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(this.buffer);
        if (match) finish(() => resolve(match[1]!));
      };
      const onExit = (code: number | null) => finish(() => reject(new Error(`Firefox exited (${code}) before listening: ${this.buffer.slice(-2000)}`)));
      const timer = setTimeout(() => finish(() => reject(new Error('Firefox did not start its WebDriver BiDi server within 30 s'))), 30_000);
      const finish = (then: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        this.child.off('exit', onExit);
        then();
      };
      this.waiters.add(check);
      this.child.once('exit', onExit);
      check();
    });
  }
}

/** SIGTERM to Firefox's process group, SIGKILL if it has not exited within 5 s. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), sleep(5000).then(() => true)]);
  if (timedOut) signal('SIGKILL');
  await exited;
}
