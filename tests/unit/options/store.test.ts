import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { messaging, type ExportReply } from '../../../utils/messages';
import { createOptionsStore } from '../../../utils/options/store';
import { watchedOriginsItem } from '../../../utils/origins/watched-origins';
import { weighByServerChecks } from '../../../utils/server-checks/evidence';
import type { ServerCheckReport } from '../../../utils/server-checks/types';
import { checksItem, summaryItem } from '../../../utils/state/site-state';
import { summarize } from '../../../utils/state/summarize';
import { ORIGIN } from '../../fixtures/responses';
import { twoCauses } from '../../fixtures/two-causes';

const FIRST = 'https://photos.example.com';
const SECOND = 'http://192.168.1.20:2283';

/** What the background answers to an export: saved, under the name it asked for. */
const saved = (name: string): ExportReply => ({ ok: true, filename: name, text: 'text', bytes: 10, download: { state: 'complete', filename: name } });

let removeBackground: (() => void) | undefined;

beforeEach(() => {
  fakeBrowser.reset();
});

afterEach(() => {
  removeBackground?.();
  removeBackground = undefined;
  vi.restoreAllMocks();
});

/**
 * The background's side of `export`: the first export of FIRST waits until the test ends it, as a
 * download the browser is still writing; every other one is saved at once.
 */
function background() {
  let endSlow!: () => void;
  let slowOnes = 1;
  removeBackground = messaging.onMessage('export', async ({ data }) => {
    const name = `${new URL(data.origin).hostname}.${data.format}`;
    if (data.origin === FIRST && slowOnes-- > 0) await new Promise<void>((resolve) => (endSlow = resolve));
    return saved(name);
  });
  return { endSlow: () => endSlow() };
}

describe('the dashboard says which watched site the browser no longer gives access to', () => {
  it('access removed in the browser’s menus: that site’s row says so; the other’s does not', async () => {
    await watchedOriginsItem.setValue([FIRST, SECOND]);
    Object.assign(fakeBrowser.permissions, { contains: vi.fn(async ({ origins }: { origins: string[] }) => !origins.some((pattern) => pattern.startsWith(SECOND))) });
    const store = createOptionsStore();
    await store.getState().load();
    expect(store.getState().sites.map(({ origin, access }) => [origin, access])).toEqual([
      [FIRST, true],
      [SECOND, false],
    ]);
  });
});

describe("the dashboard's top cause is the popup's first card", () => {
  it("weighed by the site's last Run checks", async () => {
    await watchedOriginsItem.setValue([ORIGIN]);
    Object.assign(fakeBrowser.permissions, { contains: vi.fn(async () => true) });
    const summary = summarize(twoCauses());
    await summaryItem(ORIGIN).setValue(JSON.stringify(summary));
    const against: ServerCheckReport = { origin: ORIGIN, ranAt: Date.UTC(2026, 10, 25, 22, 40, 0), routesBasis: 'version', usedApiKey: false, results: [{ id: 'storage', status: 'ok', summary: 'The library disk has room.', ms: 35, asked: [], verdicts: [{ cause: 'media-file-unreadable', verdict: 'against', reason: 'the library disk reads fine' }] }] };
    const store = createOptionsStore();
    await store.getState().load();
    expect(store.getState().sites[0]!.topCause).toBe(summary.report.diagnoses[0]!.title);
    await checksItem(ORIGIN).setValue(against);
    await store.getState().load();
    const weighed = weighByServerChecks(summary.report, against).diagnoses[0]!.title;
    expect(weighed).not.toBe(summary.report.diagnoses[0]!.title);
    expect(store.getState().sites[0]!.topCause).toBe(weighed);
  });
});

describe('the options page says what became of each site’s export, under that site', () => {
  it('a site’s export still on its way is not overwritten by another site’s, and says so when it ends', async () => {
    const { endSlow } = background();
    const store = createOptionsStore();
    const slow = store.getState().exportLog(FIRST, 'json');
    await store.getState().exportLog(SECOND, 'har');
    expect(store.getState().exportStatus).toEqual({ [FIRST]: 'Exporting…', [SECOND]: 'Saved 192.168.1.20.har (1 kB) in your Downloads folder.' });
    endSlow();
    await slow;
    expect(store.getState().exportStatus).toEqual({
      [FIRST]: 'Saved photos.example.com.json (1 kB) in your Downloads folder.',
      [SECOND]: 'Saved 192.168.1.20.har (1 kB) in your Downloads folder.',
    });
  });

  it('two exports of one site: the later one is what it says, even when the earlier one ends last', async () => {
    const { endSlow } = background();
    const store = createOptionsStore();
    const slow = store.getState().exportLog(FIRST, 'json');
    await store.getState().exportLog(FIRST, 'markdown');
    endSlow();
    await slow;
    expect(store.getState().exportStatus).toEqual({ [FIRST]: 'Saved photos.example.com.markdown (1 kB) in your Downloads folder.' });
  });

  it('a site no longer watched has no status left, even from an export still on its way', async () => {
    const { endSlow } = background();
    vi.spyOn(fakeBrowser.permissions, 'getAll').mockResolvedValue({ origins: [] } as never);
    vi.spyOn(fakeBrowser.permissions, 'remove').mockResolvedValue(true as never);
    const store = createOptionsStore();
    await store.getState().exportLog(SECOND, 'json');
    const slow = store.getState().exportLog(FIRST, 'json');
    await store.getState().unwatch(SECOND);
    await store.getState().unwatch(FIRST);
    endSlow();
    await slow;
    expect(store.getState().exportStatus).toEqual({});
  });
});

describe('Watch waits for a Stop watching under way', () => {
  it('counts the Stop watching under way until each gives its access back, not only until the list changes; two at once both stop', async () => {
    vi.spyOn(fakeBrowser.permissions, 'getAll').mockResolvedValue({ origins: [`${FIRST}/*`, `${SECOND}/*`] } as never);
    let giveBack: () => void = () => undefined;
    const givenBack = new Promise<void>((resolve) => (giveBack = resolve));
    const remove = vi.spyOn(fakeBrowser.permissions, 'remove').mockImplementation(() => givenBack.then(() => true) as never);
    await watchedOriginsItem.setValue([FIRST, SECOND]);
    const store = createOptionsStore();
    const first = store.getState().unwatch(FIRST);
    const second = store.getState().unwatch(SECOND);
    await vi.waitFor(() => expect(remove).toHaveBeenCalledTimes(2));
    expect(store.getState().stopping).toBe(2);
    giveBack();
    await Promise.all([first, second]);
    expect(store.getState().stopping).toBe(0);
    // Both removals kept: each read the list and wrote it back, one after the other.
    expect(await watchedOriginsItem.getValue()).toEqual([]);
  });
});
