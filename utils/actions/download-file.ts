import { browser, type Browser } from 'wxt/browser';
import type { ExportFile } from '../export/export-file';
import { errorMessage } from '../error-message';
import type { DownloadEnd } from '../messages';

/** How long an export waits for its download to end before saying it is still under way. */
const DOWNLOAD_WAIT_MS = 15_000;

type DownloadDelta = Browser.downloads.DownloadDelta;

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  // In slices: String.fromCharCode(...) takes a limited number of arguments.
  for (let offset = 0; offset < bytes.length; offset += 0x8000) binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return btoa(binary);
}

/** The file's own name, without the folders of the path the browser gives (`DownloadItem.filename` is absolute). */
const baseName = (path: string) => path.split(/[\\/]/).pop() || path;

/** Whether a change says the download is over, one way or the other. */
const ended = (delta: DownloadDelta) => delta.state?.current === 'complete' || delta.state?.current === 'interrupted';

/**
 * How download `id` ended, as the browser lists it now; undefined while it runs. An item that is gone
 * (erased from the list meanwhile) or a list that cannot be read is an end too: nothing more will come.
 */
async function readEnd(id: number): Promise<DownloadEnd | undefined> {
  try {
    const [item] = await browser.downloads.search({ id });
    if (!item) return { state: 'unknown', reason: 'it is no longer in the browser’s downloads list' };
    if (item.state === 'complete') return { state: 'complete', filename: baseName(item.filename) };
    if (item.state === 'interrupted') return { state: 'interrupted', error: item.error ?? 'no reason given' };
    return undefined;
  } catch (error) {
    return { state: 'unknown', reason: `the browser’s downloads list could not be read (${errorMessage(error)})` };
  }
}

/**
 * Resolves once download `id` is over, or after `waitMs` while it is still going (then `onEnd` still
 * runs when it ends). The state is read again after listening: a small file can be done before the
 * listener is added.
 */
function downloadEnd(id: number, waitMs: number, onEnd: () => void): Promise<DownloadEnd> {
  return new Promise((resolve) => {
    let answered = false;
    const finish = (end: DownloadEnd) => {
      browser.downloads.onChanged.removeListener(changed);
      clearTimeout(timer);
      onEnd();
      if (!answered) resolve(end);
      answered = true;
    };
    const read = async () => {
      const end = await readEnd(id);
      if (end) finish(end);
    };
    const changed = (delta: DownloadDelta) => {
      if (delta.id === id && ended(delta)) void read();
    };
    // Past the wait the export answers "still downloading"; the listener stays to release the file.
    const timer = setTimeout(() => {
      answered = true;
      resolve({ state: 'in-progress' });
    }, waitMs);
    browser.downloads.onChanged.addListener(changed);
    void read();
  });
}

/**
 * Saves a file to the Downloads folder, from the background so that Firefox closing the popup cannot
 * cancel it, and says how it ended: the name it was saved under (the browser adds " (1)" when one is
 * already there), or why it failed. Chrome's service worker has no `URL.createObjectURL`, so it gets a
 * data: URL; Firefox's background page gets a blob: URL, released once the download is over.
 */
export async function downloadFile(file: ExportFile, waitMs = DOWNLOAD_WAIT_MS): Promise<DownloadEnd> {
  const canBlob = typeof URL.createObjectURL === 'function';
  const url = canBlob ? URL.createObjectURL(new Blob([file.text], { type: file.mimeType })) : `data:${file.mimeType};charset=utf-8;base64,${base64(file.text)}`;
  const release = () => {
    if (canBlob) URL.revokeObjectURL(url);
  };
  let id: number;
  try {
    id = await browser.downloads.download({ url, filename: file.filename, saveAs: false, conflictAction: 'uniquify' });
  } catch (error) {
    release();
    throw error;
  }
  return downloadEnd(id, waitMs, release);
}
