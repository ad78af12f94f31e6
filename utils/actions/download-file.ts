import { browser } from 'wxt/browser';
import type { ExportFile } from '../export/export-file';
import type { DownloadEnd } from '../messages';

/** How long an export waits for its download to end before saying it is still under way. */
const DOWNLOAD_WAIT_MS = 15_000;

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  // In slices: String.fromCharCode(...) takes a limited number of arguments.
  for (let offset = 0; offset < bytes.length; offset += 0x8000) binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return btoa(binary);
}

/** The file's own name, without the folders of the path the browser gives (`DownloadItem.filename` is absolute). */
const baseName = (path: string) => path.split(/[\\/]/).pop() || path;

/**
 * Resolves once download `id` is complete or interrupted, or after `waitMs` while it is still going.
 * The state is read again after listening: a small file can be done before the listener is added.
 */
function downloadEnd(id: number, waitMs: number): Promise<DownloadEnd> {
  return new Promise((resolve) => {
    const finish = (end: DownloadEnd) => {
      clearTimeout(timer);
      browser.downloads.onChanged.removeListener(changed);
      resolve(end);
    };
    const read = async () => {
      const [item] = await browser.downloads.search({ id });
      if (item?.state === 'complete') finish({ state: 'complete', filename: baseName(item.filename) });
      else if (item?.state === 'interrupted') finish({ state: 'interrupted', error: item.error ?? 'no reason given' });
    };
    const changed = (delta: { id: number; state?: { current?: string } }) => {
      if (delta.id === id && delta.state?.current && delta.state.current !== 'in_progress') void read();
    };
    const timer = setTimeout(() => finish({ state: 'in-progress' }), waitMs);
    browser.downloads.onChanged.addListener(changed);
    void read();
  });
}

/**
 * Saves a file to the Downloads folder, from the background so that Firefox closing the popup cannot
 * cancel it, and says how it ended: the name it was saved under (the browser adds " (1)" when one is
 * already there), or why it failed. Chrome's service worker has no `URL.createObjectURL`, so it gets a
 * data: URL; Firefox's background page gets a blob: URL, released once the download is done.
 */
export async function downloadFile(file: ExportFile, waitMs = DOWNLOAD_WAIT_MS): Promise<DownloadEnd> {
  const canBlob = typeof URL.createObjectURL === 'function';
  const url = canBlob ? URL.createObjectURL(new Blob([file.text], { type: file.mimeType })) : `data:${file.mimeType};charset=utf-8;base64,${base64(file.text)}`;
  const id = await browser.downloads.download({ url, filename: file.filename, saveAs: false, conflictAction: 'uniquify' });
  if (canBlob) {
    const release = (delta: { id: number; state?: { current?: string } }) => {
      if (delta.id !== id || (delta.state?.current !== 'complete' && delta.state?.current !== 'interrupted')) return;
      URL.revokeObjectURL(url);
      browser.downloads.onChanged.removeListener(release);
    };
    browser.downloads.onChanged.addListener(release);
  }
  return downloadEnd(id, waitMs);
}
