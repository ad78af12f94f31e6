import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fetchFromPage, probeImmich, probeSite, type ProbeResult } from '../../../utils/origins/immich-probe';
import { endlessResponse } from '../../fixtures/endless-response';

const SITE = 'http://192.168.1.20:2283';
const PING = `${SITE}/api/server/ping`;
const WELL_KNOWN = `${SITE}/.well-known/immich`;

/** An answer as the site gives it: a status and a body, or none at all (the request failed). */
type Answer = { status: number; body: string } | 'no answer';

const pong: Answer = { status: 200, body: '{"res":"pong"}' };
const discovery: Answer = { status: 200, body: '{"api":{"endpoint":"/api"}}' };
const notFound: Answer = { status: 404, body: 'Not Found' };
const page: Answer = { status: 200, body: '<!doctype html><title>Router</title>' };

/** A `fetch` that answers each address as the table says (no entry: no answer). */
function site(answers: Record<string, Answer>): typeof fetch {
  return async (input) => {
    const answer = answers[String(input)] ?? 'no answer';
    if (answer === 'no answer') throw new TypeError('NetworkError when attempting to fetch resource.');
    return new Response(answer.body, { status: answer.status });
  };
}

describe('probeImmich: does the site answer like Immich', () => {
  it.each<[string, Record<string, Answer>, ProbeResult]>([
    ['the ping answers pong', { [PING]: pong }, 'immich'],
    ['no ping, the discovery file names the API (a proxy that hides /api/server/ping)', { [PING]: notFound, [WELL_KNOWN]: discovery }, 'immich'],
    ['the ping answers OK with something else, no discovery file', { [PING]: page, [WELL_KNOWN]: page }, 'not-immich'],
    ['both 404', { [PING]: notFound, [WELL_KNOWN]: notFound }, 'not-immich'],
    ['the ping answers JSON that is not pong', { [PING]: { status: 200, body: '{"res":"ping"}' }, [WELL_KNOWN]: notFound }, 'not-immich'],
    ['the discovery file without an endpoint', { [PING]: notFound, [WELL_KNOWN]: { status: 200, body: '{"api":{}}' } }, 'not-immich'],
    ['one answered, one did not', { [PING]: notFound }, 'not-immich'],
    ['nothing answered', {}, 'unreachable'],
  ])('%s: %s', async (_name, answers, expected) => {
    expect(await probeImmich(SITE, site(answers))).toBe(expected);
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('probeImmich: a site that answers without end', () => {
  it('is not Immich, read no further than the probe needs', async () => {
    const endless = [endlessResponse(), endlessResponse()];
    const fetcher = vi.fn(async () => endless[fetcher.mock.calls.length - 1]!.response);
    expect(await probeImmich(SITE, fetcher as unknown as typeof fetch)).toBe('not-immich');
    // The first piece, and the one the stream had ready: 128 kB of an endless answer, each.
    for (const { pulls } of endless) expect(pulls()).toBeLessThanOrEqual(2);
  });
});

describe('fetchFromPage: one request made by the site’s own page', () => {
  beforeEach(() => vi.stubGlobal('location', { origin: SITE }));

  it('gives the status and at most 4,096 characters of the body', async () => {
    vi.stubGlobal('fetch', site({ [PING]: { status: 503, body: 'x'.repeat(10_000) } }));
    expect(await fetchFromPage(PING, SITE, 4000)).toEqual({ status: 503, body: 'x'.repeat(4096) });
  });

  it('reads only the start of an answer without end', async () => {
    const { response, pulls } = endlessResponse({ status: 200 });
    vi.stubGlobal('fetch', async () => response);
    expect(await fetchFromPage(PING, SITE, 4000)).toEqual({ status: 200, body: ' '.repeat(4096) });
    expect(pulls()).toBeLessThanOrEqual(2);
  });

  it('gives null when it got no answer', async () => {
    vi.stubGlobal('fetch', site({}));
    expect(await fetchFromPage(PING, SITE, 4000)).toBeNull();
  });

  it('gives null, asking nothing, when the tab shows another site since the popup looked', async () => {
    const fetched = vi.fn(site({ [PING]: pong }));
    vi.stubGlobal('fetch', fetched);
    vi.stubGlobal('location', { origin: 'https://example.com' });
    expect(await fetchFromPage(PING, SITE, 4000)).toBeNull();
    expect(fetched).not.toHaveBeenCalled();
  });
});

describe('probeSite: the extension asks, and in Firefox the user’s tab of the site asks what it could not read', () => {
  /** What `fetchFromPage` gives back from inside the tab, per address (no entry: the page got no answer either). */
  let inPage: Record<string, Answer>;
  let activeTab: { id?: number; url?: string } | undefined;
  /** The extension's own requests, by address. */
  let direct: string[];

  beforeEach(() => {
    fakeBrowser.reset();
    inPage = {};
    direct = [];
    activeTab = { id: 7, url: `${SITE}/photos` };
    vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation(async () => (activeTab ? [activeTab as never] : []));
    Object.assign(fakeBrowser, {
      scripting: {
        executeScript: vi.fn(async ({ args }: { args: [string, string, number] }) => {
          const answer = inPage[args[0]] ?? 'no answer';
          return [{ frameId: 0, result: answer === 'no answer' ? null : answer }];
        }),
      },
    });
  });

  /** The extension's own requests reach the site as `answers` says (Firefox: sent, but no answer readable). */
  const extensionGets = (answers: Record<string, Answer>) => {
    const answer = site(answers);
    vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
      direct.push(String(input));
      return answer(input, init);
    });
  };
  const executeScript = () => vi.mocked(fakeBrowser.scripting.executeScript);

  it('Chromium: the extension reads the answer itself; its tab is never asked, even when nothing answered', async () => {
    extensionGets({});
    inPage = { [PING]: pong };
    expect(await probeSite(SITE, 'chromium')).toBe('unreachable');
    expect(executeScript()).not.toHaveBeenCalled();
  });

  it('Firefox, the answer readable (CORS headers): the tab is not asked', async () => {
    extensionGets({ [PING]: pong });
    expect(await probeSite(SITE, 'firefox')).toBe('immich');
    expect(executeScript()).not.toHaveBeenCalled();
  });

  it('Firefox, no answer readable (Immich sends no CORS headers): the ping again from the tab, pong, and nothing more', async () => {
    extensionGets({});
    inPage = { [PING]: pong };
    expect(await probeSite(SITE, 'firefox')).toBe('immich');
    expect(executeScript()).toHaveBeenCalledTimes(1);
    expect(executeScript()).toHaveBeenCalledWith(expect.objectContaining({ target: { tabId: 7 }, args: [PING, SITE, 4000] }));
    // The discovery file is asked only when the ping did not say pong, by either.
    expect(direct).toEqual([PING]);
  });

  it.each<[string, () => void, ProbeResult, boolean]>([
    ['the page gets 404 twice: not Immich', () => (inPage = { [PING]: notFound, [WELL_KNOWN]: notFound }), 'not-immich', true],
    ['the page gets an empty 204 (a status that has no body): not Immich', () => (inPage = { [PING]: { status: 204, body: '' }, [WELL_KNOWN]: notFound }), 'not-immich', true],
    ['the page got no answer either', () => (inPage = {}), 'unreachable', true],
    ['the active tab is another site: not asked', () => (activeTab = { id: 7, url: 'https://example.com/' }), 'unreachable', false],
    ['no active tab: not asked', () => (activeTab = undefined), 'unreachable', false],
    ['the tab cannot be scripted (no activeTab grant: the popup opened as a tab)', () => executeScript().mockRejectedValue(new Error('Missing host permission for the tab')), 'unreachable', true],
  ])('Firefox, no answer readable, %s', async (_name, arrange, expected, asked) => {
    extensionGets({});
    // Whatever the row, the page would say pong if it were asked wrongly.
    inPage = { [PING]: pong };
    arrange();
    expect(await probeSite(SITE, 'firefox')).toBe(expected);
    expect(executeScript().mock.calls.length > 0).toBe(asked);
  });

  it.each([
    ['a status fetch never gives', { status: 0, body: '' }],
    ['a body that is not text', { status: 200, body: 42 }],
    ['not an answer at all', 'pong'],
  ])('what the page sends back is checked: %s reads as no answer', async (_name, result) => {
    extensionGets({});
    executeScript().mockResolvedValue([{ frameId: 0, result }] as never);
    expect(await probeSite(SITE, 'firefox')).toBe('unreachable');
  });

  it('a tab that never runs the script does not keep the probe waiting past its time', async () => {
    extensionGets({});
    executeScript().mockReturnValue(new Promise(() => undefined) as never);
    // The probe's own time limit, ended by the test instead of after 4 s.
    const timeUp = new AbortController();
    vi.spyOn(AbortSignal, 'timeout').mockReturnValue(timeUp.signal);
    const probing = probeSite(SITE, 'firefox');
    await vi.waitFor(() => expect(executeScript()).toHaveBeenCalled());
    timeUp.abort(new DOMException('The operation timed out.', 'TimeoutError'));
    expect(await probing).toBe('unreachable');
  });
});
