import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fetchFromPage, probeImmich, probeSite, type ProbeResult } from '../../../utils/origins/immich-probe';

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

describe('fetchFromPage: one request made by the site’s own page', () => {
  it('gives the status and at most 4,096 characters of the body', async () => {
    vi.stubGlobal('fetch', site({ [PING]: { status: 503, body: 'x'.repeat(10_000) } }));
    expect(await fetchFromPage(PING)).toEqual({ status: 503, body: 'x'.repeat(4096) });
  });

  it('gives null when it got no answer', async () => {
    vi.stubGlobal('fetch', site({}));
    expect(await fetchFromPage(PING)).toBeNull();
  });
});

describe('probeSite: from the extension, then from the user’s tab of the site', () => {
  /** What `fetchFromPage` gives back from inside the tab, per address (no entry: the page got no answer either). */
  let inPage: Record<string, Answer>;
  let activeTab: { id?: number; url?: string } | undefined;

  beforeEach(() => {
    fakeBrowser.reset();
    inPage = {};
    activeTab = { id: 7, url: `${SITE}/photos` };
    vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation(async () => (activeTab ? [activeTab as never] : []));
    Object.assign(fakeBrowser, {
      scripting: {
        executeScript: vi.fn(async ({ args }: { args: [string] }) => {
          const answer = inPage[args[0]] ?? 'no answer';
          return [{ frameId: 0, result: answer === 'no answer' ? null : answer }];
        }),
      },
    });
  });

  /** The extension's own request reaches the site as `direct` says. */
  const direct = (answers: Record<string, Answer>) => vi.stubGlobal('fetch', site(answers));

  it('the extension reads the answer itself (Chromium’s activeTab): the tab is not asked', async () => {
    direct({ [PING]: pong });
    expect(await probeSite(SITE)).toBe('immich');
    expect(fakeBrowser.scripting.executeScript).not.toHaveBeenCalled();
  });

  it('the extension cannot read it (Firefox’s activeTab, no CORS header): the tab of the site asks, and it is Immich', async () => {
    direct({});
    inPage = { [PING]: pong };
    expect(await probeSite(SITE)).toBe('immich');
    expect(fakeBrowser.scripting.executeScript).toHaveBeenCalledWith(expect.objectContaining({ target: { tabId: 7 }, args: [PING] }));
  });

  it.each<[string, () => void, ProbeResult]>([
    ['the page gets 404 twice: not Immich', () => (inPage = { [PING]: notFound, [WELL_KNOWN]: notFound }), 'not-immich'],
    ['the page got no answer either', () => undefined, 'unreachable'],
    ['the active tab is another site: not asked', () => (activeTab = { id: 7, url: 'https://example.com/' }), 'unreachable'],
    ['no active tab', () => (activeTab = undefined), 'unreachable'],
    [
      'the tab cannot be scripted (no activeTab grant: the popup opened as a tab)',
      () => {
        inPage = { [PING]: pong };
        vi.mocked(fakeBrowser.scripting.executeScript).mockRejectedValue(new Error('Missing host permission for the tab'));
      },
      'unreachable',
    ],
  ])('%s', async (_name, arrange, expected) => {
    direct({});
    arrange();
    expect(await probeSite(SITE)).toBe(expected);
  });

  it.each([
    ['a status fetch never gives', { status: 0, body: '' }],
    ['a body that is not text', { status: 200, body: 42 }],
    ['not an answer at all', 'pong'],
  ])('what the page sends back is checked: %s reads as no answer', async (_name, result) => {
    direct({});
    vi.mocked(fakeBrowser.scripting.executeScript).mockResolvedValue([{ frameId: 0, result }] as never);
    expect(await probeSite(SITE)).toBe('unreachable');
  });
});
