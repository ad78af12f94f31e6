import { describe, expect, it } from 'vitest';
import type { BrowserName } from '../../../utils/browser-name';
import { planClear, type SiteDataKind } from '../../../utils/clear/clear-plan';
import { checkedPageSiteData, clearSummary, reportClear, type Findings, type KindStatus, type PageSiteData } from '../../../utils/clear/clear-report';

const EMPTY: PageSiteData = { secureContext: true, localStorage: [], indexedDB: [], cacheStorage: [], serviceWorkers: [] };
const read = (data: Partial<PageSiteData> = {}): Findings['page'] => ({ state: 'read', data: { ...EMPTY, ...data }, url: 'http://127.0.0.1:2283/photos' });
const cookies = (...names: string[]): Findings['cookies'] => ({ state: 'read', names });

type Expected = Partial<Record<SiteDataKind, KindStatus>>;

describe('reportClear: "cleared" only for what was asked, looked at and found empty', () => {
  it.each<[string, BrowserName, Findings, Expected]>([
    ['Chrome, all gone', 'chromium', { cookies: cookies(), page: read() }, { cookies: 'cleared', localStorage: 'cleared', indexedDB: 'cleared', cacheStorage: 'cleared', serviceWorkers: 'cleared', cache: 'not-checked' }],
    // The measured Firefox bug: hostname alone keeps storage on a port.
    ['Firefox, storage left', 'firefox', { cookies: cookies(), page: read({ localStorage: ['lab-item'], indexedDB: ['lab-db'] }) }, { cookies: 'cleared', localStorage: 'still-there', indexedDB: 'still-there', serviceWorkers: 'cleared' }],
    // Firefox clears Cache Storage from inside the tab: what is found there afterwards is still there.
    ['Firefox, Cache Storage kept', 'firefox', { cookies: cookies(), page: read({ cacheStorage: ['lab-cache'] }) }, { cacheStorage: 'still-there', cache: 'not-checked' }],
    ['Firefox, Cache Storage gone', 'firefox', { cookies: cookies(), page: read() }, { cacheStorage: 'cleared' }],
    ['Firefox, no tab: Cache Storage not cleared, the rest not checked', 'firefox', { cookies: cookies(), page: { state: 'no-tab' } }, { cookies: 'cleared', cacheStorage: 'not-cleared', localStorage: 'not-checked' }],
    ['cookie left', 'chromium', { cookies: cookies('immich_access_token'), page: read() }, { cookies: 'still-there' }],
    ['no tab open', 'chromium', { cookies: cookies(), page: { state: 'no-tab' } }, { cookies: 'cleared', localStorage: 'not-checked', indexedDB: 'not-checked', cacheStorage: 'not-checked', serviceWorkers: 'not-checked' }],
    ['tab cannot be scripted', 'chromium', { cookies: cookies(), page: { state: 'failed', error: 'Cannot access contents of the page' } }, { localStorage: 'not-checked', serviceWorkers: 'not-checked' }],
    ['access revoked', 'chromium', { cookies: { state: 'no-access' }, page: { state: 'failed', error: 'Cannot access' } }, { cookies: 'not-checked', localStorage: 'not-checked' }],
    ['cookies API failed', 'firefox', { cookies: { state: 'failed', error: 'First-Party Isolation is enabled' }, page: read() }, { cookies: 'not-checked', localStorage: 'cleared' }],
    // An http:// LAN address is no secure context: it cannot have Cache Storage or service workers at all.
    ['http LAN page', 'chromium', { cookies: cookies(), page: read({ secureContext: false, cacheStorage: null, serviceWorkers: null }) }, { cacheStorage: 'none', serviceWorkers: 'none', localStorage: 'cleared' }],
    ['IndexedDB not listable', 'firefox', { cookies: cookies(), page: read({ indexedDB: null }) }, { indexedDB: 'not-checked' }],
    ['page API threw', 'chromium', { cookies: cookies(), page: read({ localStorage: { error: 'SecurityError: denied' } }) }, { localStorage: 'not-checked' }],
  ])('%s', (_name, family, findings, expected) => {
    const kinds = reportClear(planClear('http://127.0.0.1:2283', family), findings);
    expect(kinds.map((kind) => kind.kind)).toEqual(['cookies', 'localStorage', 'indexedDB', 'cacheStorage', 'serviceWorkers', 'cache']);
    for (const [kind, status] of Object.entries(expected)) expect(kinds.find((entry) => entry.kind === kind)?.status, kind).toBe(status);
  });

  it('says what is left and why, by name', () => {
    const kinds = reportClear(planClear('http://127.0.0.1:2283', 'firefox'), { cookies: cookies(), page: read({ localStorage: ['a', 'b', 'c', 'd', 'e'], cacheStorage: ['lab-cache'] }) });
    const noTab = reportClear(planClear('http://127.0.0.1:2283', 'firefox'), { cookies: cookies(), page: { state: 'no-tab' } });
    expect(noTab.find((kind) => kind.kind === 'cacheStorage')!.detail).toBe('Not cleared, and no tab of this site was open: this browser can clear it only from there.');
    const local = kinds.find((kind) => kind.kind === 'localStorage')!;
    expect(local.detail).toBe('The browser did not remove it: a, b, c and 2 more.');
    expect(local.left).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(kinds.find((kind) => kind.kind === 'cacheStorage')!.detail).toBe('The browser did not remove it: lab-cache.');
    expect(kinds.find((kind) => kind.kind === 'cache')!.detail).toContain('Firefox can clear it only for every site at once');
  });

  it.each([
    [[], 'none'],
    [['lab-cache'], 'still-there'],
  ] as const)('a kind not asked for, found %j → %s, never "cleared"', (found, status) => {
    const plan = { ...planClear('http://127.0.0.1:2283', 'firefox'), asked: ['cookies', 'localStorage', 'indexedDB', 'serviceWorkers'] as SiteDataKind[], inPage: [], notAsked: [{ kind: 'cacheStorage' as const, why: 'not this time' }] };
    const report = reportClear(plan, { cookies: cookies(), page: read({ cacheStorage: [...found] }) }).find((kind) => kind.kind === 'cacheStorage')!;
    expect(report.status).toBe(status);
    expect(report.detail).toContain('not this time');
  });

  it.each<[BrowserName, Expected]>([
    ['chromium', { cookies: 'none', localStorage: 'none', indexedDB: 'none', cacheStorage: 'none', serviceWorkers: 'none' }],
    // Firefox: only the storage removal was refused; the cookie and worker removal went through.
    ['firefox', { cookies: 'cleared', serviceWorkers: 'cleared', localStorage: 'none', indexedDB: 'none', cacheStorage: 'cleared' }],
  ])('a refused removal clears nothing: in %s its kinds found empty are "none", never "cleared"', (browser, expected) => {
    const plan = planClear('http://127.0.0.1:2283', browser);
    const refusedKinds = Object.keys(plan.removals.at(-1)!.dataTypes) as SiteDataKind[];
    const kinds = reportClear(plan, { cookies: cookies(), page: read(), refused: 'Firefox: unknown hostname', refusedKinds });
    for (const [kind, status] of Object.entries(expected)) expect(kinds.find((entry) => entry.kind === kind)?.status, kind).toBe(status);
    expect(kinds.find((entry) => entry.kind === 'localStorage')!.detail).toBe('Nothing stored; the browser refused to clear it.');
    const left = reportClear(plan, { cookies: cookies(), page: read({ localStorage: ['lab-item'] }), refused: 'x', refusedKinds }).find((entry) => entry.kind === 'localStorage')!;
    expect(left).toMatchObject({ status: 'still-there', detail: 'The browser refused to clear it: lab-item.' });
  });

  it('without access: every kind "not checked" (in Firefox, Cache Storage "not cleared"), with that reason, never "no tab was open"', () => {
    for (const browser of ['chromium', 'firefox'] as const) {
      const kinds = reportClear(planClear('http://127.0.0.1:2283', browser), { cookies: { state: 'no-access' }, page: { state: 'no-access' } });
      expect(kinds.map((kind) => kind.status)).toEqual(browser === 'firefox' ? ['not-checked', 'not-checked', 'not-checked', 'not-cleared', 'not-checked', 'not-checked'] : Array(6).fill('not-checked'));
      for (const kind of kinds.filter((entry) => entry.kind !== 'cache' && entry.kind !== 'cacheStorage')) expect(kind.detail, kind.kind).toContain('no longer has access to this site');
      expect(kinds.find((kind) => kind.kind === 'cacheStorage')!.detail).toContain('no longer has access to this site');
    }
  });

  it('gives the reason a kind was not checked', () => {
    const kinds = reportClear(planClear('http://127.0.0.1', 'chromium'), { cookies: { state: 'no-access' }, page: { state: 'no-tab' } });
    expect(kinds.find((kind) => kind.kind === 'cookies')!.detail).toContain('no longer has access to this site');
    expect(kinds.find((kind) => kind.kind === 'localStorage')!.detail).toBe('Asked to be cleared, but no tab of this site was open to look in. Open the site and clear again to see what is left.');
    expect(kinds.find((kind) => kind.kind === 'cache')!.detail).toBe('Asked to be cleared, but no browser lets an extension look into its HTTP cache.');
  });
});

describe('clearSummary', () => {
  const plan = planClear('http://127.0.0.1:2283', 'firefox');
  it.each<[string, Findings, string]>([
    ['all gone', { cookies: cookies(), page: read() }, 'Nothing checked is left; 1 kind of data could not be checked.'],
    ['storage left', { cookies: cookies(), page: read({ localStorage: ['x'], indexedDB: ['y'] }) }, 'Not everything is gone: Local storage, IndexedDB are still there.'],
    ['refused', { cookies: cookies('t'), page: read(), refused: 'Unexpected property "origins"' }, 'The browser refused part of the clearing: Unexpected property "origins". Not everything is gone: Cookies is still there.'],
    ['no tab open: Cache Storage could not be cleared', { cookies: cookies(), page: { state: 'no-tab' } }, 'Not everything is gone: Cache Storage could not be cleared.'],
    ['cookies left, and no tab open', { cookies: cookies('t'), page: { state: 'no-tab' } }, 'Not everything is gone: Cookies is still there; Cache Storage could not be cleared.'],
  ])('%s', (_name, findings, text) => {
    expect(clearSummary(reportClear(plan, findings), findings)).toBe(text);
  });
});

describe("checkedPageSiteData: the page's answer, read as the page's text", () => {
  const LISTINGS = { localStorage: [], indexedDB: [], cacheStorage: null, serviceWorkers: [] };

  it.each<[string, unknown, PageSiteData | undefined]>([
    ['an answer as readPageSiteData gives it', { secureContext: true, ...LISTINGS, localStorage: ['immich-user'] }, { secureContext: true, ...LISTINGS, localStorage: ['immich-user'] }],
    // A storage key the page chose: shown reversed by its right-to-left override, raw.
    ['a name with a right-to-left override or an escape sequence, written out', { secureContext: false, ...LISTINGS, indexedDB: ['\u202egpj.exe', '\u001b[2J'] }, { secureContext: false, ...LISTINGS, indexedDB: ['\\u202egpj.exe', '\\x1b[2J'] }],
    ["the page's error, written out and cut", { secureContext: true, ...LISTINGS, cacheStorage: { error: `SecurityError\u2066${'x'.repeat(400)}` } }, { secureContext: true, ...LISTINGS, cacheStorage: { error: `SecurityError\\u2066${'x'.repeat(400)}`.slice(0, 300) } }],
    ['a list of something else than names', { secureContext: true, ...LISTINGS, localStorage: [1, {}] }, { secureContext: true, ...LISTINGS, localStorage: { error: 'the page answered something other than a list of names' } }],
    ['a listing that is a string', { secureContext: true, ...LISTINGS, serviceWorkers: 'none' }, { secureContext: true, ...LISTINGS, serviceWorkers: { error: 'the page answered something other than a list of names' } }],
    ['nothing', undefined, undefined],
    ['no secureContext', { ...LISTINGS }, undefined],
  ])('%s', (_name, answer, read) => {
    expect(checkedPageSiteData(answer)).toEqual(read);
  });

  it('a name the page wrote out reaches the report as written out', () => {
    const data = checkedPageSiteData({ secureContext: true, ...LISTINGS, localStorage: ['\u202egpj.exe'] })!;
    const [local] = reportClear(planClear('https://photos.example.com', 'chromium'), { cookies: { state: 'read', names: [] }, page: { state: 'read', data, url: 'https://photos.example.com/' } }).filter((kind) => kind.kind === 'localStorage');
    expect(local?.detail).toContain('\\u202egpj.exe');
  });
});
