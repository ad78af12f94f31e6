import type { RunningScenario } from '../../lab/scenarios';
import { provideScenarios, type StartScenario } from '../start-scenario';
import { test as base, expect, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { originPatterns } from '../../../utils/origins/origin';
import { BuiltExtension, BUILDS_DIR, launchChromium } from '../fixtures';
import { clickAllow, promptShown } from './permission-prompt';
import { startVirtualDisplay, type VirtualDisplay } from './xvfb';

/** The build users install: no host access at install, every Immich origin granted at runtime. */
export const RELEASE_DIR = join(BUILDS_DIR, 'chrome-mv3');

/** The extension API inside the service worker or an extension page, where `evaluate` runs. */
declare const chrome: typeof import('wxt/browser').browser & {
  developerPrivate: { removeHostPermission(extensionId: string, host: string): Promise<void> };
};

/**
 * The release build in headful Chromium on a virtual display, driven only as a user drives it: clicks
 * in the real popup page and on the browser's own permission dialog. No test hooks: this build has none.
 */
export class ReleaseExtension extends BuiltExtension {
  constructor(
    launched: Awaited<ReturnType<typeof launchChromium>>,
    readonly display: VirtualDisplay,
    readonly profile: string,
    private readonly screenshots: string,
  ) {
    super(launched.context, launched.worker);
  }

  /**
   * Clicks Watch in the popup and answers the browser's prompt with Allow. Chrome asks only once per
   * host: after Stop watching it may grant again without a prompt, so either outcome is accepted; what
   * must follow is the watched state and the access, checked with `permissions.contains`.
   */
  async watchFromPopup(popup: Page, origin: string): Promise<{ prompted: boolean }> {
    await popup.bringToFront();
    await popup.click('[data-action="watch"], [data-action="grant-access"]');
    const phase = popup.locator('main');
    let prompted = false;
    const deadline = Date.now() + 15_000;
    while ((await phase.getAttribute('data-phase')) !== 'watched' || (await popup.locator('[data-state="access-missing"]').count()) > 0) {
      if (Date.now() > deadline) throw new Error(`the popup never reached the watched state: ${await phase.innerText()}`);
      if (!prompted && (await promptShown(this.display))) {
        await clickAllow(this.display, join(this.screenshots, 'permission-prompt.png'));
        prompted = true;
      }
      await popup.waitForTimeout(100);
    }
    expect(await this.hasAccess(origin)).toBe(true);
    return { prompted };
  }

  /**
   * A scenario's site watched as a user does (Watch in the popup, the browser's dialog answered), then
   * browsed in a tab of its own, which it gives: the tab the real toolbar popup opens on.
   */
  async watchAndBrowse(running: RunningScenario): Promise<Page> {
    const setup = await this.openPopup(running.origin);
    await this.watchFromPopup(setup, running.origin);
    await setup.close();
    const tab = await this.context.newPage();
    await running.browse(tab);
    return tab;
  }

  /** Whether the extension holds every host pattern an origin needs (http(s) and its WebSocket). */
  async hasAccess(origin: string): Promise<boolean> {
    const worker = await this.currentWorker();
    return worker.evaluate((origins) => chrome.permissions.contains({ origins }), originPatterns(origin, 'chromium'));
  }

  /**
   * Takes the site's access away as the browser's own menu does (chrome://extensions → Site access →
   * remove), through the private API that page itself calls. That menu lists only http(s) sites (the
   * API rejects `ws://` patterns), so the WebSocket grant may stay: the page grant is what matters.
   */
  async revokeInBrowser(origin: string): Promise<void> {
    const page = await this.context.newPage();
    await page.goto(`chrome://extensions/?id=${this.id}`);
    const [pagePattern] = originPatterns(origin, 'chromium');
    await page.evaluate(([id, host]) => chrome.developerPrivate.removeHostPermission(id, host), [this.id, pagePattern!] as const);
    await page.close();
    expect(await this.hasAccess(origin)).toBe(false);
  }
}

export async function launchRelease(display: VirtualDisplay, profile: string, screenshots: string, alsoLoad: readonly string[] = []): Promise<ReleaseExtension> {
  return new ReleaseExtension(await launchChromium({ extensionDir: RELEASE_DIR, display: display.display, userDataDir: profile, alsoLoad }), display, profile, screenshots);
}

interface Fixtures {
  /** Other unpacked extensions loaded beside it (`test.use({ alsoLoad: [BLOCKER_EXTENSION] })`). */
  alsoLoad: readonly string[];
  display: VirtualDisplay;
  profile: string;
  release: ReleaseExtension;
  /** Starts a lab scenario (stopped after the test); nothing is watched or browsed yet. */
  startScenario: StartScenario;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  display: async ({}, use) => {
    const display = await startVirtualDisplay();
    await use(display);
    await display.stop();
  },
  // eslint-disable-next-line no-empty-pattern
  profile: async ({}, use) => {
    const profile = await mkdtemp(join(tmpdir(), 'immich-doctor-profile-'));
    await use(profile);
    await rm(profile, { recursive: true, force: true });
  },
  alsoLoad: [[], { option: true }],
  release: async ({ display, profile, alsoLoad }, use, testInfo) => {
    const release = await launchRelease(display, profile, testInfo.outputDir, alsoLoad);
    await use(release);
    await release.context.close();
  },
  // eslint-disable-next-line no-empty-pattern
  startScenario: async ({}, use) => provideScenarios(use),
});

export { expect };
