import type { CDPSession, Page } from '@playwright/test';
import type { BuiltExtension } from '../fixtures';
import type { VirtualDisplay } from './xvfb';

/** The manifest's `_execute_action` shortcut (wxt.config.ts): opens the popup as a toolbar click does. */
export const OPEN_POPUP_KEYS = 'alt+shift+d';
/** A popup that does not answer within this is gone (Chrome closes it when its permission dialog opens). */
const REPLY_MS = 5_000;
/** Windows virtual key codes, which Chromium's key events carry. */
const KEY_CODES = { Escape: 27, Enter: 13 } as const;

/**
 * The real toolbar popup, not `popup.html` in a tab: opened from the keyboard on the user's tab, which
 * grants activeTab as a click on the toolbar button does. Playwright does not list extension popups as
 * pages, so the popup is reached through the DevTools protocol: found among the browser's targets,
 * attached, and driven with `Runtime.evaluate` and trusted `Input` events (a real user gesture).
 */
export class ToolbarPopup {
  private nextId = 0;
  private readonly replies = new Map<number, (message: { result?: unknown; error?: { message: string } }) => void>();

  private constructor(
    private readonly cdp: CDPSession,
    private readonly sessionId: string,
  ) {
    cdp.on('Target.receivedMessageFromTarget', (event) => {
      if (event.sessionId !== this.sessionId) return;
      const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
      if (message.id !== undefined) this.replies.get(message.id)?.(message);
    });
    // A closed popup never answers what was pending: fail those calls now rather than hang the test.
    cdp.on('Target.detachedFromTarget', (event) => {
      if (event.sessionId !== this.sessionId) return;
      for (const reply of [...this.replies.values()]) reply({ error: { message: 'the toolbar popup closed' } });
    });
  }

  /** Presses the shortcut on `tab` and attaches to the popup that opens; throws if none does. */
  static async open(extension: BuiltExtension, display: VirtualDisplay, tab: Page): Promise<ToolbarPopup> {
    await tab.bringToFront();
    await display.key(OPEN_POPUP_KEYS);
    const cdp = await extension.context.newCDPSession(tab);
    const popupUrl = `chrome-extension://${extension.id}/popup.html`;
    const deadline = Date.now() + 10_000;
    let lastError: unknown;
    for (;;) {
      const { targetInfos } = await cdp.send('Target.getTargets');
      const target = targetInfos.find((info) => info.type === 'page' && info.url.startsWith(popupUrl));
      if (target) {
        try {
          // The older, non-flat protocol: Playwright's session forwards messages for a child session this way.
          const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
          const popup = new ToolbarPopup(cdp, sessionId);
          await popup.waitFor('main[data-phase]:not([data-phase="loading"])');
          return popup;
        } catch (error) {
          // A popup that was closing when it was listed (an earlier one): look again.
          lastError = error;
        }
      }
      if (Date.now() > deadline) throw new Error(`the toolbar popup did not open on ${OPEN_POPUP_KEYS}${lastError ? `: ${String(lastError)}` : ''}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private send<T>(method: string, params: object): Promise<T> {
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => this.replies.get(id)?.({ error: { message: `no answer within ${REPLY_MS} ms` } }), REPLY_MS);
      this.replies.set(id, (message) => {
        clearTimeout(timer);
        this.replies.delete(id);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result as T);
      });
      this.cdp.send('Target.sendMessageToTarget', { sessionId: this.sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
  }

  /** Evaluates an expression in the popup; its value must be JSON. */
  async evaluate<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = await this.send<{ result: { value: T }; exceptionDetails?: { text: string } }>('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (exceptionDetails) throw new Error(`in the toolbar popup: ${exceptionDetails.text}`);
    return result.value;
  }

  /** The text of the first element matching `selector` ('' when there is none). */
  text(selector: string): Promise<string> {
    return this.evaluate(`document.querySelector(${JSON.stringify(selector)})?.innerText ?? ''`);
  }

  /** As Playwright's `page.getAttribute`: waits for an element to match, then its attribute or `null`. */
  async getAttribute(selector: string, name: string, { timeout = 10_000 }: { timeout?: number } = {}): Promise<string | null> {
    await this.waitFor(selector, timeout);
    return this.evaluate(`document.querySelector(${JSON.stringify(selector)})?.getAttribute(${JSON.stringify(name)}) ?? null`);
  }

  async waitFor(selector: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.evaluate<boolean>(`document.querySelector(${JSON.stringify(selector)}) !== null`))) {
      if (Date.now() > deadline) throw new Error(`the toolbar popup never showed ${selector}: ${await this.text('main')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** A trusted click in the middle of an element, as the user's mouse makes it (a user gesture). */
  async click(selector: string): Promise<void> {
    const box = await this.evaluate<{ x: number; y: number; width: number; height: number } | null>(
      // Scrolled into view first, as a user scrolls to a button below the fold before clicking it.
      `(() => { const e = document.querySelector(${JSON.stringify(selector)}); e?.scrollIntoView({ block: 'center' }); const r = e?.getBoundingClientRect(); return r ? { x: r.x, y: r.y, width: r.width, height: r.height } : null; })()`,
    );
    if (!box) throw new Error(`the toolbar popup has no ${selector}`);
    const point = { x: box.x + box.width / 2, y: box.y + box.height / 2, button: 'left', clickCount: 1 };
    await this.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...point });
    // The popup may close on this click (Chrome closes it when a permission dialog opens).
    await this.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...point }).catch(() => undefined);
  }

  /** A trusted key press on the focused element (`Escape`, `Enter`…), as the user's keyboard makes it. */
  async press(key: 'Escape' | 'Enter', code = KEY_CODES[key]): Promise<void> {
    const event = { key, code: key, windowsVirtualKeyCode: code, nativeVirtualKeyCode: code };
    await this.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', ...event });
    // The popup may close on this key.
    await this.send('Input.dispatchKeyEvent', { type: 'keyUp', ...event }).catch(() => undefined);
  }

  /** Whether the popup still answers (Chrome closes it on some keys and clicks). */
  async isOpen(): Promise<boolean> {
    return this.evaluate<boolean>('true').catch(() => false);
  }

  async close(): Promise<void> {
    await this.evaluate('window.close()').catch(() => undefined);
    await this.cdp.detach().catch(() => undefined);
  }
}
