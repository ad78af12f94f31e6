import type { AttributeReader } from '../popup-counts';
import { OPEN_POPUP_KEYS } from '../release/toolbar-popup';
import type { VirtualDisplay } from '../release/xvfb';
import type { Firefox } from './firefox';
import type { FirefoxTab } from './tab';

/** The one call of the extension's API the reader makes, in its own page: the popup's window, if open. */
declare const browser: { extension: { getViews(filter: { type: 'popup' }): Window[] } };

/** How many Tab presses may separate the popup's first focus from any of its controls. */
const MAX_TABS = 30;
const POLL_MS = 100;

/**
 * Firefox's real toolbar popup, not `popup.html` in a tab: opened from the keyboard on the user's tab
 * (the manifest's shortcut, which grants activeTab as a click on the toolbar button does), in a Firefox
 * with its window on a virtual display.
 *
 * - **Reading it**: BiDi does not list a popup among its contexts, but any page of the add-on may read
 *   it: `browser.extension.getViews({ type: 'popup' })` gives the popup's window (same add-on, same
 *   process). The reader is such a page, opened in a background tab before the popup, so that the
 *   popup never loses its tab.
 * - **Acting in it: the keyboard only.** On a display without a window manager, a pointer click, and
 *   even a pointer moved over the popup, closes it (measured, ESR 153); X key events reach it. A
 *   control is focused with real Tab presses (the reader says which element has the focus), then
 *   pressed with Return: a real key, so the page gets the user activation `permissions.request` needs.
 *   A control focused by script does not get the keys that follow (measured).
 */
export class FirefoxToolbarPopup implements AttributeReader {
  private constructor(
    private readonly display: VirtualDisplay,
    private readonly reader: FirefoxTab,
  ) {}

  /**
   * Presses the shortcut on `tab` (brought to the front) and waits for the popup to decide what to show;
   * a popup already open is taken as it is. Pressed again if none opened within 3 s: a key may not reach
   * Firefox (seen after a popup closed), and only then, since a second press would close an open popup.
   */
  static async open(firefox: Firefox, display: VirtualDisplay, tab: FirefoxTab, reader: FirefoxTab): Promise<FirefoxToolbarPopup> {
    await firefox.activate(tab);
    await display.focusWindow('firefox');
    const popup = new FirefoxToolbarPopup(display, reader);
    for (let presses = 1; !(await popup.isOpen()); presses += 1) {
      if (presses > 3) throw new Error('no toolbar popup opened after 3 presses of its shortcut');
      await display.key(OPEN_POPUP_KEYS);
      const deadline = Date.now() + 3_000;
      while (Date.now() < deadline && !(await popup.isOpen())) await sleep(POLL_MS);
    }
    await popup.waitFor('main[data-phase]:not([data-phase="loading"])', { what: 'the toolbar popup to show the site' });
    return popup;
  }

  /** Whether the popup is open. */
  isOpen(): Promise<boolean> {
    return this.reader.evaluate(() => browser.extension.getViews({ type: 'popup' }).length > 0);
  }

  /** Waits for an element to match in the popup; throws (naming `what`) after the timeout or if the popup is gone. */
  async waitFor(selector: string, { timeout = 10_000, what = `waiting for ${selector} in the toolbar popup` }: { timeout?: number; what?: string } = {}): Promise<void> {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      const found = await this.reader.evaluate((css) => {
        const view = browser.extension.getViews({ type: 'popup' })[0];
        return view ? view.document.querySelector(css) !== null : null;
      }, selector);
      if (found) return;
      await sleep(POLL_MS);
    }
    throw new Error(`${what}: timed out after ${timeout} ms${(await this.isOpen()) ? '' : ' (no toolbar popup open)'}`);
  }

  /** As Playwright's `getAttribute`: waits for the element, then its attribute (`null` if it has none). */
  async getAttribute(selector: string, name: string, { timeout = 10_000 }: { timeout?: number } = {}): Promise<string | null> {
    await this.waitFor(selector, { timeout });
    return this.reader.evaluate(([css, attribute]) => browser.extension.getViews({ type: 'popup' })[0]?.document.querySelector(css)?.getAttribute(attribute) ?? null, [selector, name] as const);
  }

  /** How many elements match in the popup; `null` when no popup is open (never a count of 0). */
  count(selector: string): Promise<number | null> {
    return this.reader.evaluate((css) => browser.extension.getViews({ type: 'popup' })[0]?.document.querySelectorAll(css).length ?? null, selector);
  }

  /** The text of the first element matching, once there is one. */
  async text(selector: string): Promise<string> {
    await this.waitFor(selector);
    return this.reader.evaluate((css) => browser.extension.getViews({ type: 'popup' })[0]?.document.querySelector(css)?.textContent ?? '', selector);
  }

  /**
   * Moves the keyboard focus to the control matching `selector` with real Tab presses, as a keyboard
   * user does. (The first key after the popup opens may not reach it: the loop only counts what the
   * popup says has the focus.)
   */
  async focus(selector: string): Promise<void> {
    await this.waitFor(selector);
    for (let presses = 0; presses <= MAX_TABS; presses += 1) {
      // `hasFocus`: the popup's document has the keyboard's focus, not only an active element.
      const focused = await this.reader.evaluate((css) => {
        const view = browser.extension.getViews({ type: 'popup' })[0];
        const target = view?.document.querySelector(css);
        return target !== null && target !== undefined && view?.document.activeElement === target && view.document.hasFocus();
      }, selector);
      if (focused) return;
      await this.display.key('Tab');
      await sleep(POLL_MS);
    }
    throw new Error(`${selector} never had the focus after ${MAX_TABS} Tab presses`);
  }

  /** Focuses the control (`focus`) and presses Return on it. */
  async press(selector: string): Promise<void> {
    await this.focus(selector);
    await this.display.key('Return');
  }

  /** A real key press (`Escape`…) on whatever has the focus. */
  async key(keys: string): Promise<void> {
    await this.display.key(keys);
  }
}

/**
 * Firefox's own prompt for the add-on's optional permissions ("Immich Doctor requests additional
 * settings"), drawn in the browser window over the popup: waits for it, returns what it asks for as the
 * user reads it, and answers **Allow** with its access key (Alt+A, a real key press).
 */
export async function allowInPrompt(firefox: Firefox, display: VirtualDisplay, { timeout = 15_000 }: { timeout?: number } = {}): Promise<string> {
  const window = await firefox.browserWindow();
  // The prompt's text once its panel is shown (an access key pressed before that goes nowhere), else null.
  const prompt = () =>
    window.evaluate(() => {
      const panel = document.getElementById('notification-popup') as (HTMLElement & { state?: string }) | null;
      const notification = panel?.querySelector('popupnotification#addon-webext-permissions-notification') as HTMLElement | null;
      return panel?.state === 'open' && notification && !notification.hidden ? (notification.textContent?.replace(/\s+/g, ' ').trim() ?? '') : null;
    });
  const deadline = Date.now() + timeout;
  let asked: string | null = null;
  while ((asked = await prompt()) === null) {
    if (Date.now() > deadline) throw new Error(`Firefox showed no permission prompt within ${timeout} ms`);
    await sleep(POLL_MS);
  }
  // Pressed again if the prompt is still there a second later: a key may not reach Firefox (see `open`).
  for (let presses = 0; (await prompt()) !== null; presses += 1) {
    if (presses === 3) throw new Error('the permission prompt did not close after 3 presses of Alt+A');
    await display.key('alt+a');
    const closing = Date.now() + 1_000;
    while (Date.now() < closing && (await prompt()) !== null) await sleep(POLL_MS);
  }
  return asked;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
