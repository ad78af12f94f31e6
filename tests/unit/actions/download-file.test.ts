import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { downloadFile } from '../../../utils/actions/download-file';
import { exportStatus, type DownloadEnd } from '../../../utils/messages';

/**
 * `downloadFile` against a stand-in for the browser's downloads API (WXT's fake browser has none): the
 * download's state is changed by the test, and `onChanged` tells the listeners, as the browser does.
 */
const FILE = { filename: 'immich-doctor-photos.example.com-20261201-151000.json', mimeType: 'application/json', text: '{"a":1}' };

function stubDownloads({ savedAs = `/home/ada/Downloads/${FILE.filename}`, doneAtOnce = false } = {}) {
  const listeners = new Set<(delta: { id: number; state?: { current?: string } }) => void>();
  const item: { id: number; state: string; filename: string; error?: string } = { id: 7, state: doneAtOnce ? 'complete' : 'in_progress', filename: savedAs };
  const downloads = {
    download: vi.fn(async () => item.id),
    search: vi.fn(async ({ id }: { id: number }) => (id === item.id ? [{ ...item }] : [])),
    onChanged: { addListener: (listener: never) => listeners.add(listener), removeListener: (listener: never) => listeners.delete(listener) },
  };
  Object.assign(fakeBrowser, { downloads });
  const end = (state: 'complete' | 'interrupted', error?: string) => {
    Object.assign(item, { state, error });
    for (const listener of [...listeners]) listener({ id: item.id, state: { current: state } });
  };
  return { end, listeners, downloads };
}

beforeEach(() => {
  vi.stubGlobal('URL', Object.assign(class extends URL {}, { createObjectURL: () => 'blob:x', revokeObjectURL: vi.fn() }));
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  fakeBrowser.reset();
});

describe('downloadFile says how the download ended', () => {
  it('saved: the name the browser gave it (" (1)" when the name was taken), without the folders', async () => {
    const { end, listeners } = stubDownloads({ savedAs: '/home/ada/Downloads/immich-doctor-photos.example.com-20261201-151000 (1).json' });
    const saving = downloadFile(FILE);
    await vi.waitFor(() => expect(listeners.size).toBe(2));
    end('complete');
    expect(await saving).toEqual({ state: 'complete', filename: 'immich-doctor-photos.example.com-20261201-151000 (1).json' });
    // Only the blob's own release listener is left, and it goes too.
    expect(listeners.size).toBe(0);
  });

  it('a Windows path: the name only', async () => {
    const { end } = stubDownloads({ savedAs: 'C:\\Users\\ada\\Downloads\\report.md' });
    const saving = downloadFile(FILE);
    await Promise.resolve();
    end('complete');
    expect(await saving).toEqual({ state: 'complete', filename: 'report.md' });
  });

  it('done before the listener was added: read, not waited for', async () => {
    stubDownloads({ doneAtOnce: true });
    expect(await downloadFile(FILE, 60_000)).toEqual({ state: 'complete', filename: FILE.filename });
  });

  it('stopped by the browser: its reason', async () => {
    const { end } = stubDownloads();
    const saving = downloadFile(FILE);
    await Promise.resolve();
    end('interrupted', 'FILE_NO_SPACE');
    expect(await saving).toEqual({ state: 'interrupted', error: 'FILE_NO_SPACE' });
  });

  it('still going after the wait: in progress, and no listener of its own left behind', async () => {
    vi.useFakeTimers();
    const { listeners } = stubDownloads();
    const saving = downloadFile(FILE, 15_000);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(await saving).toEqual({ state: 'in-progress' });
    // The blob's release listener stays until the download ends.
    expect(listeners.size).toBe(1);
  });
});

describe('exportStatus', () => {
  const reply = (download?: DownloadEnd) => ({ ok: true as const, filename: 'immich-doctor-x.har', text: '', bytes: 2_500, ...(download && { download }) });
  it.each([
    { download: { state: 'complete', filename: 'immich-doctor-x (1).har' } as const, expected: 'Saved immich-doctor-x (1).har (3 kB) in your Downloads folder.' },
    { download: { state: 'interrupted', error: 'FILE_ACCESS_DENIED' } as const, expected: 'immich-doctor-x.har was not saved: the browser stopped the download (FILE_ACCESS_DENIED).' },
    { download: { state: 'in-progress' } as const, expected: "Downloading immich-doctor-x.har (3 kB): the browser's downloads list shows when it is saved." },
  ])('$download.state', ({ download, expected }) => {
    expect(exportStatus(reply(download))).toBe(expected);
  });
});
