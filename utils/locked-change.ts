/**
 * Reads a stored value and writes it back changed (`change` gives `undefined` for no change; it may
 * read what else it needs, under the same lock), after
 * every change of the same value started before it, in this page or any other of the extension: each
 * reads then writes, and two at once lost one (seen: Stop watching two sites in the options page left
 * a site listed without its access, and an API key of a site no longer watched). A Web Lock named for
 * the value orders them across the popup, the options page and the background, which share the
 * extension's origin (https://w3c.github.io/web-locks/; Chrome 69, Firefox 96). Gives the value as it
 * now is.
 */
export async function changeUnderLock<T>(lock: string, read: () => Promise<T>, write: (value: T) => Promise<void>, change: (value: T) => T | undefined | Promise<T | undefined>): Promise<T> {
  // Awaited: the DOM typings wrap the callback's promise once more; the lock resolves it.
  return await navigator.locks.request(lock, async () => {
    const value = await read();
    const next = await change(value);
    if (next !== undefined) await write(next);
    return next ?? value;
  });
}
