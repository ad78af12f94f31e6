import { browser } from 'wxt/browser';
import type { ExportFile } from '../export/export-file';

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  // In slices: String.fromCharCode(...) takes a limited number of arguments.
  for (let offset = 0; offset < bytes.length; offset += 0x8000) binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return btoa(binary);
}

/**
 * Saves a file to the Downloads folder, from the background so that Firefox closing the popup cannot
 * cancel it. Chrome's service worker has no `URL.createObjectURL`, so it gets a data: URL; Firefox's
 * background page gets a blob: URL, released once the download is done.
 */
export async function downloadFile(file: ExportFile): Promise<number> {
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
  return id;
}
