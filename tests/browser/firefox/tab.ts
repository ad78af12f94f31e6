import type { BrowsingTab } from '../../lab/browsing-tab';
import { BidiError, type BidiConnection } from './bidi';

/** What `script.callFunction` returns (only the shapes this driver asks for: a string or nothing). */
type EvaluateResult =
  | { type: 'success'; result: { type: 'string'; value: string } | { type: 'undefined' } | { type: string } }
  | { type: 'exception'; exceptionDetails: { text: string } };

const POLL_MS = 100;

/**
 * One Firefox tab (a BiDi top-level browsing context). It browses lab scenarios like Playwright's Page
 * ({@link BrowsingTab}), and reads and clicks in the page. Values cross as JSON: what `evaluate` passes
 * in and gets back must be JSON-serialisable.
 */
export class FirefoxTab implements BrowsingTab {
  constructor(
    private readonly bidi: BidiConnection,
    /** The BiDi browsing-context id. */
    readonly context: string,
  ) {}

  /**
   * Navigates and waits for the load event. Rejects when the page does not load (Firefox then shows
   * its error page: a refused connection, a bad certificate) or after the timeout.
   */
  async goto(url: string, { timeout = 30_000 }: { timeout?: number } = {}): Promise<void> {
    const navigation = this.bidi.send('browsingContext.navigate', { context: this.context, url, wait: 'complete' });
    await withTimeout(navigation, timeout, `navigating to ${url}`);
  }

  /** Resolves once an element matches (present in the DOM); rejects after the timeout. */
  async waitForSelector(selector: string, { timeout = 10_000 }: { timeout?: number } = {}): Promise<void> {
    await this.waitFor((css) => document.querySelector(css) !== null, selector, { timeout, what: `waiting for ${selector}` });
  }

  /** Polls a predicate in the page until it is true. The page may navigate meanwhile. */
  async waitFor<A>(predicate: (arg: A) => boolean | Promise<boolean>, arg: A, { timeout = 10_000, what = 'waiting' }: { timeout?: number; what?: string } = {}): Promise<void> {
    const deadline = Date.now() + timeout;
    let lastError: unknown;
    while (Date.now() < deadline) {
      try {
        if (await this.evaluate(predicate, arg)) return;
      } catch (error) {
        // A navigation in progress destroys the realm the script ran in: try again in the next one.
        lastError = error;
      }
      await sleep(POLL_MS);
    }
    throw new Error(`${what}: timed out after ${timeout} ms${lastError ? ` (last error: ${String(lastError)})` : ''}`);
  }

  /**
   * Runs a function in the page (like Playwright's `page.evaluate`): its source is sent, so it must not
   * use anything from the test's scope except `arg`. Awaits a returned promise.
   */
  async evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
    const functionDeclaration = `async (json) => {
      const value = await (${fn.toString()})(json === undefined ? undefined : JSON.parse(json));
      return value === undefined ? undefined : JSON.stringify(value);
    }`;
    const answer = await this.bidi.send<EvaluateResult>('script.callFunction', {
      functionDeclaration,
      awaitPromise: true,
      target: { context: this.context },
      arguments: arg === undefined ? [] : [{ type: 'string', value: JSON.stringify(arg) }],
      resultOwnership: 'none',
    });
    if (answer.type === 'exception') throw new Error(`in the page: ${answer.exceptionDetails.text}`);
    const result = answer.result;
    return (result.type === 'string' && 'value' in result ? JSON.parse(result.value) : undefined) as R;
  }

  /**
   * Clicks the first element matching the selector with a real mouse (`input.performActions`): the
   * page receives trusted events and a user activation, which `permissions.request` requires.
   */
  async click(selector: string, { timeout = 10_000 }: { timeout?: number } = {}): Promise<void> {
    await this.waitForSelector(selector, { timeout });
    const center = await this.evaluate((css) => {
      const element = document.querySelector(css);
      if (!element) return null;
      element.scrollIntoView({ block: 'center', inline: 'center' });
      const box = element.getBoundingClientRect();
      return { x: Math.round(box.left + box.width / 2), y: Math.round(box.top + box.height / 2), width: box.width, height: box.height };
    }, selector);
    if (!center || center.width === 0 || center.height === 0) throw new Error(`${selector} is not visible`);
    await this.clickAt(center.x, center.y);
  }

  /**
   * Clicks with a real mouse at a point of the viewport (CSS pixels): for controls inside a shadow root,
   * which a selector cannot reach (about:addons' `moz-toggle` switches).
   */
  async clickAt(x: number, y: number): Promise<void> {
    await this.bidi.send('input.performActions', {
      context: this.context,
      actions: [
        {
          type: 'pointer',
          id: 'mouse',
          parameters: { pointerType: 'mouse' },
          actions: [
            { type: 'pointerMove', x: Math.round(x), y: Math.round(y), origin: 'viewport' },
            { type: 'pointerDown', button: 0 },
            { type: 'pointerUp', button: 0 },
          ],
        },
      ],
    });
  }

  /** The text of the first element matching the selector, or `null` when none does. */
  text(selector: string): Promise<string | null> {
    return this.evaluate((css) => document.querySelector(css)?.textContent ?? null, selector);
  }

  /**
   * An attribute of the first element matching the selector, `null` when that element has none. As
   * Playwright's `page.getAttribute` (so the same reader, tests/browser/popup-counts.ts, drives both):
   * waits for an element to match, and rejects after the timeout rather than answer for no element.
   */
  async getAttribute(selector: string, name: string, { timeout = 10_000 }: { timeout?: number } = {}): Promise<string | null> {
    await this.waitForSelector(selector, { timeout });
    return this.evaluate(([css, attribute]) => document.querySelector(css)?.getAttribute(attribute) ?? null, [selector, name] as const);
  }

  count(selector: string): Promise<number> {
    return this.evaluate((css) => document.querySelectorAll(css).length, selector);
  }


  async close(): Promise<void> {
    await this.bidi.send('browsingContext.close', { context: this.context }).catch((error: unknown) => {
      if (!(error instanceof BidiError && error.code === 'no such frame')) throw error;
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
