import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { clearSiteData } from '../../../utils/actions/clear-site-data';
import type { PageSiteData } from '../../../utils/clear/clear-report';

/**
 * `clearSiteData` against WXT's fake browser. The fake has tabs but no browsingData, scripting, cookies,
 * permissions or tabs.reload: those are stubbed, each recording into one ordered list of calls, so the
 * order (remove, read, then reload) is what is asserted.
 */
const ORIGIN = 'http://192.168.1.10:2283';
const EMPTY: PageSiteData = { secureContext: false, localStorage: [], indexedDB: [], cacheStorage: null, serviceWorkers: null };

function stubBrowser({ access = true, refuse = false, page = EMPTY }: { access?: boolean; refuse?: boolean; page?: PageSiteData } = {}) {
  const calls: string[] = [];
  const remove = vi.fn(async (_filter: unknown, dataTypes: object) => {
    calls.push(`remove ${Object.keys(dataTypes).join(',')}`);
    if (refuse) throw new Error('Type error for parameter options');
  });
  const executeScript = vi.fn(async ({ target, func }: { target: { tabId: number }; func: { name: string } }) => {
    calls.push(`script ${func.name} in ${target.tabId}`);
    return [{ result: page }];
  });
  const reload = vi.fn(async (tabId: number) => void calls.push(`reload ${tabId}`));
  const getAll = vi.fn(async () => (calls.push('cookies'), []));
  const contains = vi.fn(async () => access);
  Object.assign(fakeBrowser, { browsingData: { remove }, scripting: { executeScript }, cookies: { getAll } });
  Object.assign(fakeBrowser.permissions, { contains });
  Object.assign(fakeBrowser.tabs, { reload });
  return { calls, remove, executeScript, reload, contains };
}

const open = async (url: string) => (await fakeBrowser.tabs.create({ url })).id!;

beforeEach(() => {
  fakeBrowser.reset();
});

describe('clearSiteData', () => {
  it.each([
    ['a shared link', '/share/planted-share-key-123?x=1', '/share/REDACTED?x=1'],
    ['OAuth’s return', '/auth/login?code=planted-code-123&state=planted-state-123', '/auth/login?code=REDACTED&state=REDACTED'],
  ])('the tab it read in, on %s, is named without its credentials', async (_name, path, shown) => {
    await open(`${ORIGIN}${path}`);
    stubBrowser({ page: EMPTY });
    const reply = await clearSiteData(ORIGIN, 'chromium');
    if (!reply.ok) throw new Error(reply.message);
    expect(reply.checkedIn).toBe(`${ORIGIN}${shown}`);
    expect(JSON.stringify(reply)).not.toContain('planted');
  });

  it('reads what is left in the tab before reloading it, and reports it per kind', async () => {
    const tab = await open(`${ORIGIN}/photos`);
    const { calls } = stubBrowser({ page: { ...EMPTY, localStorage: ['lab-item'] } });
    const reply = await clearSiteData(ORIGIN, 'chromium');
    expect(calls).toEqual([
      'remove cookies,localStorage,indexedDB,cacheStorage,serviceWorkers,cache',
      'cookies',
      'cookies',
      `script readPageSiteData in ${tab}`,
      `reload ${tab}`,
    ]);
    if (!reply.ok) throw new Error(reply.message);
    expect(reply).toMatchObject({ checkedIn: `${ORIGIN}/photos`, reloadedTabs: 1, access: true });
    expect(Object.fromEntries(reply.kinds.map((kind) => [kind.kind, kind.status]))).toEqual({
      cookies: 'cleared',
      localStorage: 'still-there',
      indexedDB: 'cleared',
      cacheStorage: 'none',
      serviceWorkers: 'none',
      cache: 'not-checked',
    });
  });

  it('only the tabs of that exact origin are scripted and reloaded: not another port, scheme or host', async () => {
    const own = await open(`${ORIGIN}/photos`);
    for (const other of ['http://192.168.1.10/', 'http://192.168.1.10:8080/', 'https://192.168.1.10:2283/', 'http://192.168.1.11:2283/', 'about:blank']) await open(other);
    const { executeScript, reload } = stubBrowser();
    const reply = await clearSiteData(ORIGIN, 'firefox');
    expect(executeScript.mock.calls.map(([options]) => options.target.tabId)).toEqual([own, own]); // Firefox: delete caches, then read
    expect(reload.mock.calls).toEqual([[own]]);
    expect(reply).toMatchObject({ ok: true, reloadedTabs: 1 });
  });

  it('Firefox: two removals, cookies and workers by host name, storage by host:port', async () => {
    const { remove } = stubBrowser();
    await clearSiteData(ORIGIN, 'firefox');
    expect(remove.mock.calls).toEqual([
      [{ hostnames: ['192.168.1.10'] }, { cookies: true, serviceWorkers: true }],
      [{ hostnames: ['192.168.1.10:2283'] }, { localStorage: true, indexedDB: true }],
    ]);
  });

  it('a refused removal: what is found empty is "none" with the refusal, never "cleared"', async () => {
    await open(`${ORIGIN}/photos`);
    stubBrowser({ refuse: true });
    const reply = await clearSiteData(ORIGIN, 'chromium');
    if (!reply.ok) throw new Error(reply.message);
    expect(reply.refused).toBe('Type error for parameter options');
    const statuses = reply.kinds.map((kind) => kind.status);
    expect(statuses).not.toContain('cleared');
    expect(reply.kinds.find((kind) => kind.kind === 'localStorage')).toMatchObject({ status: 'none', detail: 'Nothing stored; the browser refused to clear it.' });
  });

  it('without access (removed in the browser): asked once, nothing read, every kind "not checked" because of the access, not "no tab was open"', async () => {
    await open(`${ORIGIN}/photos`);
    const { calls, contains } = stubBrowser({ access: false });
    const reply = await clearSiteData(ORIGIN, 'chromium');
    if (!reply.ok) throw new Error(reply.message);
    // hasOriginAccess: the page and the WebSocket patterns, asked once.
    expect(contains.mock.calls).toEqual([[{ origins: ['http://192.168.1.10:2283/*', 'ws://192.168.1.10:2283/*'] }]]);
    expect(calls.filter((call) => call.startsWith('script') || call === 'cookies')).toEqual([]);
    expect(reply.access).toBe(false);
    for (const kind of reply.kinds.filter((entry) => entry.kind !== 'cache')) {
      expect(kind.status, kind.kind).toBe('not-checked');
      expect(kind.detail, kind.kind).toContain('no longer has access to this site');
      expect(kind.detail, kind.kind).not.toContain('no tab');
    }
  });
});
