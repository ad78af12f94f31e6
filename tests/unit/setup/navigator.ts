/**
 * What the extension reads of `navigator` that Node 20, which runs the unit tests, lacks: the user
 * agent an export names, and the Web Locks (utils/origins/watched-origins.ts). Of the locks, the part
 * of their contract the extension uses: `request(name, callback)` in the default exclusive mode, each
 * callback run once those asked before it under the same name have settled, its result the request's
 * (https://w3c.github.io/web-locks/#api-lock-manager-request). Shared by every module of a test file,
 * as the browser's is by every page of the extension. The browser tests run the real one.
 */
class ExclusiveLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  request<T>(name: string, callback: (lock: { name: string; mode: 'exclusive' }) => T | Promise<T>): Promise<T> {
    const held = (this.tails.get(name) ?? Promise.resolve()).then(() => callback({ name, mode: 'exclusive' }));
    this.tails.set(name, held.catch(() => undefined));
    return held;
  }
}

if (typeof navigator === 'undefined') Object.defineProperty(globalThis, 'navigator', { value: { userAgent: 'Vitest' }, configurable: true });
if (!('locks' in navigator)) Object.defineProperty(navigator, 'locks', { value: new ExclusiveLocks(), configurable: true });
