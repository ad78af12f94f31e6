import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { downloadFile } from '../../../utils/actions/download-file';
import { exportStatus, type DownloadEnd } from '../../../utils/messages';

/**
 * `downloadFile` against a stand-in for the browser's downloads API (WXT's fake browser has none): the
 * download's state is changed by the test, and `onChanged` tells the listeners, as the browser does.
 * With `URL.createObjectURL` stubbed, it takes Firefox's path (a blob: URL, released once the download
 * is over).
 */
const FILE = { filename: 'immich-doctor-photos.example.com-20261201-151000.json', mimeType: 'application/json', text: '{"a":1}' };

function stubDownloads({ savedAs = `/home/ada/Downloads/${FILE.filename}`, doneAtOnce = false, search }: { savedAs?: string; doneAtOnce?: boolean; search?: () => Promise<unknown[]> } = {}) {
  const listeners = new Set<(delta: { id: number; state?: { current?: string } }) => void>();
  const item: { id: number; state: string; filename: string; error?: string } = { id: 7, state: doneAtOnce ? 'complete' : 'in_progress', filename: savedAs };
  const downloads = {
    download: vi.fn(async () => item.id),
    search: vi.fn(search ?? (async ({ id }: { id: number }) => (id === item.id ? [{ ...item }] : []))),
    onChanged: { addListener: (listener: never) => listeners.add(listener), removeListener: (listener: never) => listeners.delete(listener) },
  };
  Object.assign(fakeBrowser, { downloads });
  const end = (state: 'complete' | 'interrupted', error?: string) => {
    Object.assign(item, { state, error });
    for (const listener of [...listeners]) listener({ id: item.id, state: { current: state } });
  };
  return { end, listeners, downloads };
}

let revoked: ReturnType<typeof vi.fn>;
beforeEach(() => {
  revoked = vi.fn();
  vi.stubGlobal('URL', Object.assign(class extends URL {}, { createObjectURL: () => 'blob:x', revokeObjectURL: revoked }));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  fakeBrowser.reset();
});

describe('downloadFile says how the download ended', () => {
  it('saved: the name the browser gave it (" (1)" when the name was taken), without the folders; the file released, no listener left', async () => {
    const { end, listeners } = stubDownloads({ savedAs: '/home/ada/Downloads/immich-doctor-photos.example.com-20261201-151000 (1).json' });
    const saving = downloadFile(FILE);
    await vi.waitFor(() => expect(listeners.size).toBe(1));
    end('complete');
    expect(await saving).toEqual({ state: 'complete', filename: 'immich-doctor-photos.example.com-20261201-151000 (1).json' });
    expect(listeners.size).toBe(0);
    expect(revoked).toHaveBeenCalledTimes(1);
  });

  it('a Windows path: the name only', async () => {
    stubDownloads({ savedAs: 'C:\\Users\\ada\\Downloads\\report.md', doneAtOnce: true });
    expect(await downloadFile(FILE)).toEqual({ state: 'complete', filename: 'report.md' });
  });

  it('done before the listener was added: read, not waited for', async () => {
    const { listeners } = stubDownloads({ doneAtOnce: true });
    expect(await downloadFile(FILE, 60_000)).toEqual({ state: 'complete', filename: FILE.filename });
    expect(listeners.size).toBe(0);
    expect(revoked).toHaveBeenCalledTimes(1);
  });

  it('stopped: its reason', async () => {
    const { end, listeners } = stubDownloads();
    const saving = downloadFile(FILE);
    await vi.waitFor(() => expect(listeners.size).toBe(1));
    end('interrupted', 'FILE_NO_SPACE');
    expect(await saving).toEqual({ state: 'interrupted', error: 'FILE_NO_SPACE' });
  });

  it.each([
    { case: 'gone from the downloads list', search: async () => [], reason: 'it is no longer in the browser’s downloads list' },
    {
      case: 'the list cannot be read',
      search: async () => Promise.reject(new Error('boom')),
      reason: 'the browser’s downloads list could not be read (boom)',
    },
  ])('$case: said at once, not after the wait', async ({ search, reason }) => {
    vi.useFakeTimers();
    stubDownloads({ search });
    const saving = downloadFile(FILE, 15_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(await saving).toEqual({ state: 'unknown', reason });
    expect(revoked).toHaveBeenCalledTimes(1);
  });

  it('still going after the wait: in progress; its listener stays until it ends, then the file is released', async () => {
    vi.useFakeTimers();
    const { end, listeners } = stubDownloads();
    const saving = downloadFile(FILE, 15_000);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await saving).toEqual({ state: 'in-progress' });
    expect(listeners.size).toBe(1);
    expect(revoked).not.toHaveBeenCalled();
    end('complete');
    await vi.advanceTimersByTimeAsync(0);
    expect(listeners.size).toBe(0);
    expect(revoked).toHaveBeenCalledTimes(1);
  });

  it('refused by the browser: the error, and the file released', async () => {
    const { downloads } = stubDownloads();
    downloads.download.mockRejectedValueOnce(new Error('Invalid filename'));
    await expect(downloadFile(FILE)).rejects.toThrow('Invalid filename');
    expect(revoked).toHaveBeenCalledTimes(1);
  });
});

describe('exportStatus', () => {
  const reply = (download?: DownloadEnd) => ({ ok: true as const, filename: 'immich-doctor-x.har', text: '', bytes: 2_500, ...(download && { download }) });
  it.each([
    { download: { state: 'complete', filename: 'immich-doctor-x (1).har' } as const, expected: 'Saved immich-doctor-x (1).har (3 kB) in your Downloads folder.' },
    { download: { state: 'interrupted', error: 'FILE_ACCESS_DENIED' } as const, expected: 'immich-doctor-x.har was not saved: the browser stopped the download (FILE_ACCESS_DENIED).' },
    { download: { state: 'interrupted', error: 'USER_CANCELED' } as const, expected: 'immich-doctor-x.har was not saved: the download was cancelled.' },
    { download: { state: 'in-progress' } as const, expected: "Downloading immich-doctor-x.har (3 kB): the browser's downloads list shows when it is saved." },
    { download: { state: 'unknown', reason: 'it is no longer in the browser’s downloads list' } as const, expected: 'Could not tell whether immich-doctor-x.har was saved: it is no longer in the browser’s downloads list. Look in your Downloads folder.' },
    { download: undefined, expected: 'Built immich-doctor-x.har (3 kB).' },
  ])('$download.state', ({ download, expected }) => {
    expect(exportStatus(reply(download))).toBe(expected);
  });
});
