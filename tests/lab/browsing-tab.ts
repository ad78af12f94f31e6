/**
 * What a lab scenario needs from a browser tab to browse it: go to an address, wait for an element,
 * run a function in the page.
 * Playwright's `Page` (Chromium) has this shape, and so does the Firefox driver's tab
 * (tests/browser/firefox/tab.ts), so one scenario list and one set of browse walks drive both browsers.
 */
export interface BrowsingTab {
  /** Navigates and waits for the load; rejects when the page cannot load (the walks expect some not to). */
  goto(url: string, options?: { timeout?: number }): Promise<unknown>;
  /** Resolves once an element matching the CSS selector is in the page; rejects after the timeout. */
  waitForSelector(selector: string, options?: { timeout?: number }): Promise<unknown>;
  /** Runs a self-contained function in the page (its source is sent) and resolves with its JSON result. */
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
}
