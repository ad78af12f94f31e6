import { provideScenarios, type StartScenario } from '../start-scenario';
import { test as base, expect, type TestInfo } from '@playwright/test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { originPatterns } from '../../../utils/origins/origin';
import type { RunningScenario } from '../../lab/scenarios';
import { Firefox, type AddonInstall, type LaunchOptions } from './firefox';
import { startVirtualDisplay, type VirtualDisplay } from '../release/xvfb';
import type { Prefs } from './profile';
import type { FirefoxTab } from './tab';

/** The Firefox build users install (`npm run build`): no host access until the user grants it. */
export const RELEASE_BUILD = join(import.meta.dirname, '../../../.output/firefox-mv3');

/**
 * Opens the real popup for an origin in a tab (`popup.html?origin=`, the automation contract: a tab
 * has no toolbar to tell it which site) and waits until it has decided what to show.
 */
export async function openPopup(firefox: Firefox, origin: string): Promise<FirefoxTab> {
  const popup = await firefox.openTab(firefox.extensionUrl(`popup.html?origin=${encodeURIComponent(origin)}`));
  await popup.waitForSelector('main[data-phase]:not([data-phase="loading"])');
  return popup;
}

/**
 * Clicks "Watch this site" as the user does (a real pointer click: `permissions.request` needs the
 * gesture; the profile's pref accepts the prompt) and waits for the popup to show the watched site.
 */
export async function watchFromPopup(popup: FirefoxTab): Promise<void> {
  await popup.click('[data-action="watch"]');
  await popup.waitForSelector('main[data-phase="watched"] section.watched', { timeout: 10_000 });
}

/** The extension's API in its own pages (the popup runs in a moz-extension:// tab). */
declare const browser: typeof import('wxt/browser').browser;

/**
 * Whether the add-on holds every host pattern Watch asks for an origin (its pages and its WebSocket:
 * the product's own `originPatterns`), asked in one of its pages, e.g. the popup tab.
 */
export function hasAccess(extensionPage: FirefoxTab, origin: string): Promise<boolean> {
  return extensionPage.evaluate((origins) => browser.permissions.contains({ origins }), originPatterns(origin, 'firefox'));
}

/** A lab scenario played as a user would: its servers, the popup that watches it, the tab browsed. */
export interface PlayedScenario {
  running: RunningScenario;
  popup: FirefoxTab;
  tab: FirefoxTab;
}

interface Fixtures {
  /** Extra user.js preferences for this test's Firefox (`test.use({ firefoxPrefs })`). */
  firefoxPrefs: Prefs;
  /**
   * How the add-on is installed (`test.use({ addonInstall: 'permanent' })` for a test that restarts
   * Firefox): temporary by default, as every test that does not restart needs nothing more.
   */
  addonInstall: AddonInstall;
  /** Other add-ons installed beside it (`test.use({ alsoInstall: [BLOCKER_EXTENSION] })`). */
  alsoInstall: readonly string[];
  /** Firefox ESR with the release build installed, headless; killed and its profile removed after the test. */
  firefox: Firefox;
  /** A virtual X display (tests/browser/release/xvfb.ts), stopped after the test. */
  display: VirtualDisplay;
  /**
   * The same Firefox with its window on `display`, for what exists only in a window: the toolbar
   * popup (./toolbar-popup.ts) and Firefox's own permission prompt, which this one shows (the
   * headless one's profile accepts every request unasked).
   */
  firefoxOnDisplay: Firefox;
  /** Starts a lab scenario (stopped after the test); nothing is watched or browsed yet. */
  startScenario: StartScenario;
  /**
   * Starts a lab scenario, opens the popup on its origin, clicks Watch, and browses the scenario in a
   * new tab at once (no warm-up: recording must start with the first browse after the grant).
   */
  playScenario: (name: string, browse?: (tab: FirefoxTab, origin: string) => Promise<void>) => Promise<PlayedScenario>;
}

/** Launches Firefox for one test and closes it after, keeping its output when the test failed. */
async function provideFirefox(options: LaunchOptions, use: (firefox: Firefox) => Promise<void>, testInfo: TestInfo): Promise<void> {
  if (!existsSync(join(options.extensionDir, 'manifest.json'))) throw new Error(`No Firefox release build at ${options.extensionDir}: run npm run build`);
  const firefox = await Firefox.launch(options);
  try {
    await use(firefox);
  } finally {
    // Firefox's stderr holds the add-on's console errors: keep it when a test fails.
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('firefox-stderr.txt', { body: firefox.consoleOutput(), contentType: 'text/plain' });
    await firefox.close();
  }
}

export const test = base.extend<Fixtures>({
  firefoxPrefs: [{}, { option: true }],
  addonInstall: ['temporary', { option: true }],
  alsoInstall: [[], { option: true }],
  firefox: async ({ firefoxPrefs, addonInstall, alsoInstall }, use, testInfo) => provideFirefox({ extensionDir: RELEASE_BUILD, prefs: firefoxPrefs, install: addonInstall, alsoInstall }, use, testInfo),
  // eslint-disable-next-line no-empty-pattern
  display: async ({}, use) => {
    const display = await startVirtualDisplay();
    try {
      await use(display);
    } finally {
      await display.stop();
    }
  },
  firefoxOnDisplay: async ({ firefoxPrefs, addonInstall, display }, use, testInfo) =>
    provideFirefox({ extensionDir: RELEASE_BUILD, prefs: { ...firefoxPrefs, 'extensions.webextOptionalPermissionPrompts': true }, install: addonInstall, display: display.display }, use, testInfo),
  // eslint-disable-next-line no-empty-pattern
  startScenario: async ({}, use) => provideScenarios(use),
  playScenario: async ({ firefox, startScenario }, use) => {
    await use(async (name, browse) => {
      const running = await startScenario(name);
      const popup = await openPopup(firefox, running.origin);
      await watchFromPopup(popup);
      const tab = await firefox.newTab();
      await (browse ? browse(tab, running.origin) : running.browse(tab));
      return { running, popup, tab };
    });
  },
});

export { expect };
