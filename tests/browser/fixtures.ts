import { chromium, test as base, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestLog } from '../../utils/log/request-log';
import { assembleStoredLog } from '../../utils/state/site-state';
import { startImmichLab, type Faults, type ImmichLab } from '../lab/immich-server';
import { startNginx, type NginxOptions, type NginxVariant, type RunningProxy } from '../lab/proxies';
import { scenarioByName, type RunningScenario } from '../lab/scenarios';

export const CHROMIUM = '/usr/bin/chromium';
/**
 * Where the builds under test are: the copies global-setup.ts makes once per run, or `.output` itself
 * when run without it (the benchmarks).
 */
export const BUILDS_DIR = process.env.IMMICH_DOCTOR_BUILDS ?? join(import.meta.dirname, '../../.output');
/** The test build: loopback granted at install. */
export const EXTENSION_DIR = join(BUILDS_DIR, 'chrome-mv3-test');
/**
 * Another extension that blocks Immich's thumbnails with a declarativeNetRequest rule, as an ad blocker
 * can (Chromium and Firefox): tests/fixtures/blocker-extension, as the run's global setup copies it.
 */
export const BLOCKER_EXTENSION = join(BUILDS_DIR, 'blocker-extension');

/** What the extension's background exposes in the test build (entrypoints/background.ts). */
export interface TestHook {
  recorder: {
    flush(): Promise<void>;
    reset(origin: string): Promise<void>;
    logOf(origin: string): unknown;
    /** The webRequest listeners' own entry points: requests fed to the recorder as the browser reports them. */
    onHeadersReceived(event: unknown): void;
    onCompleted(event: unknown): void;
  };
  watchOrigin(origin: string): Promise<{ ok: boolean; message?: string }>;
  /** While paused, the listeners drop every event as it arrives (utils/capture/pausable-sink.ts). */
  pauseListeners(paused: boolean): void;
}
declare const immichDoctorTest: TestHook;
/** The extension API inside the service worker, where `worker.evaluate` runs. */
declare const chrome: typeof import('wxt/browser').browser;

/** A built extension loaded in Chromium: its worker, its pages. Nothing here needs the test build's hooks. */
export class BuiltExtension {
  constructor(
    readonly context: BrowserContext,
    public worker: Worker,
  ) {}

  get id(): string {
    return new URL(this.worker.url()).host;
  }

  /** The worker may have been restarted: always talk to the live one (a stopped one stays listed). */
  async currentWorker(): Promise<Worker> {
    const ours = () => this.context.serviceWorkers().filter((worker) => worker.url().startsWith(`chrome-extension://${this.id}/`));
    const live = async () => {
      for (const worker of ours().reverse()) if (await worker.evaluate(() => true).catch(() => false)) return worker;
      return undefined;
    };
    return (this.worker = await lookForWorkers(this.context, 15_000, live, () => `no live service worker of the extension ${this.id} within 15 s (${ours().length} stopped ones listed)`));
  }

  /**
   * Stops the extension's service worker as Chrome does after 30 s idle: its globals are gone, and the
   * next event starts a new one. (Chromium's DevTools protocol: closing the worker target.)
   */
  async stopWorker(page: Page): Promise<void> {
    const cdp = await this.context.newCDPSession(page);
    const { targetInfos } = await cdp.send('Target.getTargets');
    const worker = targetInfos.find((target) => target.type === 'service_worker' && target.url.startsWith(`chrome-extension://${this.id}/`));
    if (!worker) throw new Error('the extension has no running service worker');
    await cdp.send('Target.closeTarget', { targetId: worker.targetId });
    await cdp.detach();
  }

  /** Opens the real popup for an origin (`popup.html?origin=`, the automation contract) in a tab. */
  async openPopup(origin: string): Promise<Page> {
    const page = await this.context.newPage();
    await page.goto(`chrome-extension://${this.id}/popup.html?origin=${encodeURIComponent(origin)}`);
    await page.waitForSelector('main[data-phase]:not([data-phase="loading"])');
    return page;
  }

  async badgeText(page: Page): Promise<string> {
    const worker = await this.currentWorker();
    const url = page.url();
    return worker.evaluate(async (target) => {
      const [tab] = await chrome.tabs.query({ url: target });
      return tab?.id === undefined ? '(no tab)' : chrome.action.getBadgeText({ tabId: tab.id });
    }, url);
  }
}

/** The test build (loopback granted at install), driven through the hooks its background exposes. */
export class Extension extends BuiltExtension {
  async watch(origin: string): Promise<void> {
    const worker = await this.currentWorker();
    const result = await worker.evaluate((target) => immichDoctorTest.watchOrigin(target), origin);
    if (!result.ok) throw new Error(`could not watch ${origin}: ${result.message}`);
  }

  /** The log as the background persisted it in storage.session (head and pages, utils/state/site-state.ts), read back and validated. */
  async storedLog(origin: string): Promise<RequestLog> {
    const worker = await this.currentWorker();
    const { head, pages } = await worker.evaluate(async (target) => {
      await immichDoctorTest.recorder.flush();
      const head = (await chrome.storage.session.get(`log:${target}`))[`log:${target}`] as { pages?: number[] } | undefined;
      const keys = (head?.pages ?? []).map((id) => `failures:${target}#${id}`);
      const stored = await chrome.storage.session.get(keys);
      return { head, pages: keys.map((key) => stored[key]) };
    }, origin);
    const parsed = assembleStoredLog(head, pages, origin, Date.now());
    if (parsed.notice) throw new Error(parsed.notice);
    return parsed.log;
  }

  /**
   * Warm-up for origins that may not answer at all (a dead upstream, a refused port, a bad certificate):
   * warm up on a page of the extension's own instead, which proves the listeners are live without
   * needing the origin. Used by every scenario so each starts the same way.
   */
  async warmUpOrSkip(origin: string, page: Page): Promise<void> {
    const probe = await startImmichLab();
    try {
      await this.watch(probe.url);
      await this.warmUp(probe.url, page);
    } finally {
      await probe.close();
    }
    await this.reset(origin);
  }

  async reset(origin: string): Promise<void> {
    const worker = await this.currentWorker();
    await worker.evaluate(async (target) => {
      await immichDoctorTest.recorder.reset(target);
      await immichDoctorTest.recorder.flush();
    }, origin);
  }

  /**
   * Right after launch, webRequest may miss the first requests even with listeners registered (the
   * start-up race, measured). Load pages until the worker has recorded one, then start from a clean log.
   */
  async warmUp(origin: string, page: Page): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      await page.goto(`${origin}/api/server/ping`);
      const log = await this.storedLog(origin);
      if (log.total > 0) {
        await this.reset(origin);
        return;
      }
      await page.waitForTimeout(250);
    }
    throw new Error('the extension never recorded a request during warm-up');
  }
}

/**
 * Makes a repeat visit reach the server again, every request of it: the tab's cache off (DevTools'
 * "Disable cache") and the HTTP cache emptied, because the lab's service worker fetches originals
 * itself, outside the tab, where the tab's setting does not reach, and the cache could answer those.
 */
export async function withoutCache(tab: Page): Promise<void> {
  const cdp = await tab.context().newCDPSession(tab);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.clearBrowserCache');
}

export interface LaunchOptions {
  /** A built extension folder (default: the test build). */
  extensionDir?: string;
  /** An X display (`:N`) to run headful in; headless without one. */
  display?: string;
  /** A profile folder to keep between launches (a browser restart); a throw-away one by default. */
  userDataDir?: string;
  /** More command-line switches (the page-load bench's remote debugging port). */
  args?: readonly string[];
  /** Other unpacked extensions to load beside it (the page-load bench's second copy of the test build). */
  alsoLoad?: readonly string[];
}

/** The switches every Chromium of the tests gets, whatever extensions it loads. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] as const;

/**
 * Debian's Chromium with one unpacked extension loaded (and `alsoLoad` beside it); resolves once the
 * extension's service worker answers, and gives that worker.
 */
export async function launchChromium({ extensionDir = EXTENSION_DIR, display, userDataDir = '', args = [], alsoLoad = [] }: LaunchOptions = {}): Promise<{ context: BrowserContext; worker: Worker }> {
  if (!existsSync(join(extensionDir, 'manifest.json'))) throw new Error(`No build at ${extensionDir}: run npm run build:test (test build) or npm run build (release build)`);
  const extensions = [extensionDir, ...alsoLoad].join(',');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: display === undefined,
    // Playwright hides scrollbars in headless Chromium; users on Linux get classic 15 px ones that take
    // their width from the page, which the popup must fit beside (tests/browser/popup-fits.spec.ts).
    ignoreDefaultArgs: ['--hide-scrollbars'],
    ...(display !== undefined && { env: { ...process.env, DISPLAY: display }, viewport: null }),
    args: [
      `--disable-extensions-except=${extensions}`,
      `--load-extension=${extensions}`,
      ...CHROMIUM_ARGS,
      ...(display !== undefined ? ['--ozone-platform=x11', '--window-position=0,0', '--window-size=1280,900'] : []),
      ...args,
    ],
  });
  try {
    return { context, worker: await extensionWorker(context, extensionDir, 1 + alsoLoad.length) };
  } catch (error) {
    await context.close();
    throw error;
  }
}

/**
 * Asks `look` again every half second, between waits for the next `serviceworker` event, until it finds
 * something or `ms` have passed. Never a wait for the event alone: a worker that starts between a look
 * and the wait has already announced itself, and the wait would never end (seen once in CI:
 * worker-restart.spec.ts waited 15 s for a worker that was already running).
 */
async function lookForWorkers<T>(context: BrowserContext, ms: number, look: () => Promise<T | undefined>, failure: () => string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await look();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(failure());
    await context.waitForEvent('serviceworker', { timeout: 500 }).catch(() => undefined);
  }
}

/**
 * The service worker of the extension built in `extensionDir`, once it answers, told from the others
 * the browser loaded (`extensions` in all) by its manifest's name.
 */
async function extensionWorker(context: BrowserContext, extensionDir: string, extensions: number): Promise<Worker> {
  const { name } = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as { name: string };
  const allStarted = async () => (context.serviceWorkers().length >= extensions ? true : undefined);
  await lookForWorkers(context, 30_000, allStarted, () => `${extensions} extension service workers expected, ${context.serviceWorkers().length} started within 30 s`);
  // A page's own service worker may be listed too: only extensions' workers are asked their name.
  for (const worker of context.serviceWorkers().filter((listed) => listed.url().startsWith('chrome-extension://'))) {
    if ((await worker.evaluate(() => chrome.runtime.getManifest().name)) === name) return worker;
  }
  throw new Error(`no service worker of ${extensionDir} (${name}) among the ${extensions} extensions loaded`);
}

export async function launchWithExtension(): Promise<Extension> {
  const { context, worker } = await launchChromium();
  return new Extension(context, worker);
}

/** A lab scenario being played: its servers, and the tab the user browsed it in. */
export interface PlayedScenario {
  running: RunningScenario;
  tab: Page;
}

interface Fixtures {
  extension: Extension;
  /**
   * Starts a lab scenario, watches its origin, warms the extension up, browses the scenario in a tab
   * as a user would (or with `browse`), and waits until the background has stored what it saw. The
   * scenario's servers stop after the test.
   */
  playScenario: (name: string, browse?: (tab: Page, origin: string) => Promise<void>) => Promise<PlayedScenario>;
  startLab: (faults?: Partial<Faults>) => Promise<ImmichLab>;
  /** A real nginx in front of a lab (or of any loopback host:port). */
  startNginx: (upstream: string, variant?: NginxVariant, options?: NginxOptions) => Promise<RunningProxy>;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  extension: async ({}, use) => {
    const extension = await launchWithExtension();
    await use(extension);
    await extension.context.close();
  },
  playScenario: async ({ extension }, use) => {
    const played: RunningScenario[] = [];
    await use(async (name, browse) => {
      const scenario = scenarioByName(name);
      if (!scenario) throw new Error(`no lab scenario named ${name}`);
      const running = await scenario.start();
      played.push(running);
      const tab = await extension.context.newPage();
      await extension.watch(running.origin);
      await extension.warmUpOrSkip(running.origin, tab);
      await (browse ? browse(tab, running.origin) : running.browse(tab));
      await extension.storedLog(running.origin);
      return { running, tab };
    });
    for (const running of played) await running.stop();
  },
  // eslint-disable-next-line no-empty-pattern
  startLab: async ({}, use) => {
    const labs: ImmichLab[] = [];
    await use(async (faults) => {
      const lab = await startImmichLab({ faults });
      labs.push(lab);
      return lab;
    });
    await Promise.all(labs.map((lab) => lab.close()));
  },
  // eslint-disable-next-line no-empty-pattern
  startNginx: async ({}, use) => {
    const proxies: RunningProxy[] = [];
    await use(async (upstream, variant, options) => {
      const proxy = await startNginx(upstream, variant, options);
      proxies.push(proxy);
      return proxy;
    });
    await Promise.all(proxies.map((proxy) => proxy.stop()));
  },
});

export { expect } from '@playwright/test';

export { browseTimeline } from '../lab/scenarios';
