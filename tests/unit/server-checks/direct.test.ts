import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../utils/diagnose/catalog';
import { PROXY_MEDIA_CAUSES, SERVER_MEDIA_CAUSES } from '../../../utils/server-checks/checks/direct';
import { runServerChecks } from '../../../utils/server-checks/run';
import { fakeSocket, HEALTHY_V2, json, ORIGIN, type FakeAnswer } from './fake-server';

const DIRECT = 'http://192.168.1.10:2283';
const ID = '3f2a9c1e-5b7d-4e8f-9a0b-000000000001';
const THUMBNAIL = `/api/assets/${ID}/thumbnail?size=thumbnail`;
const ORIGINAL = `/api/assets/${ID}/original`;
const image = (status = 200): FakeAnswer => ({ status, body: 'x', contentType: 'image/webp' });
const badGateway: FakeAnswer = { status: 502, body: '<html>502 Bad Gateway</html>', contentType: 'text/html' };
const toLogin: FakeAnswer = { status: 302, body: '' };
const missing: FakeAnswer = { status: 500, body: { message: 'Internal server error', statusCode: 500 } };

/** Two servers: the watched address (its proxy) and the direct one, each a table of answers. */
function twoWays(proxied: Record<string, FakeAnswer | 'network-error'>, direct: Record<string, FakeAnswer | 'network-error'>) {
  const asked: Array<{ url: string; range?: string }> = [];
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    asked.push({ url, range: (init?.headers as Record<string, string> | undefined)?.Range });
    const table = (url.startsWith(DIRECT) ? direct : { ...HEALTHY_V2, ...proxied }) as Record<string, FakeAnswer | 'network-error'>;
    const origin = url.startsWith(DIRECT) ? DIRECT : ORIGIN;
    const answer = table[url.slice(origin.length)] ?? { status: 404, body: { message: 'Cannot GET' } };
    if (answer === 'network-error') throw new TypeError('Failed to fetch');
    const headers: Record<string, string> = { 'Content-Type': answer.contentType ?? 'application/json' };
    if (answer.status === 502) headers.Server = 'nginx/1.22.1';
    return new Response(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body), { status: answer.status, headers });
  }) as typeof fetch;
  return { fetcher, asked };
}

async function check(proxied: Record<string, FakeAnswer | 'network-error'>, direct: Record<string, FakeAnswer | 'network-error'>, options: { directOrigin?: string; failing?: string[]; apiKey?: string } = {}) {
  const { fetcher, asked } = twoWays(proxied, direct);
  const report = await runServerChecks(
    { origin: ORIGIN, fetcher, openSocket: fakeSocket('opens').openSocket, timeoutMs: 500, apiKey: options.apiKey },
    { settings: { diskFullPercent: 95, directOrigin: 'directOrigin' in options ? options.directOrigin : DIRECT }, sample: { failingAssets: options.failing ?? [ID], loadedAssets: [], appFiles: [] } },
  );
  return { result: report.results.find((result) => result.id === 'direct')!, asked };
}

const tally = (verdicts: Array<{ cause: string; verdict: string }>) => [...new Set(verdicts.map(({ verdict }) => verdict))].map((verdict) => `${verdict} ${verdicts.filter((entry) => entry.verdict === verdict).length}`);

describe('direct versus through the proxy', () => {
  it.each<[string, Record<string, FakeAnswer | 'network-error'>, Record<string, FakeAnswer | 'network-error'>, { status: string; summary: RegExp; verdicts: string[] }]>([
    ['fails only through the proxy: the proxy', { [THUMBNAIL]: badGateway, [ORIGINAL]: badGateway }, { [THUMBNAIL]: image(), [ORIGINAL]: image(206) }, { status: 'problem', summary: /loads from the direct address but fails through the proxy/, verdicts: ['supports 4', 'against 2'] }],
    ['fails both ways: Immich or its storage', { [THUMBNAIL]: missing, [ORIGINAL]: image(206) }, { [THUMBNAIL]: missing, [ORIGINAL]: image(206) }, { status: 'problem', summary: /fails from the direct address too/, verdicts: ['against 4'] }],
    ['loads both ways now', { [THUMBNAIL]: image(), [ORIGINAL]: image(206) }, { [THUMBNAIL]: image(), [ORIGINAL]: image(206) }, { status: 'ok', summary: /loads both/, verdicts: [] }],
    ['the direct address wants a sign-in', { [THUMBNAIL]: badGateway }, { [THUMBNAIL]: json({ message: 'Authentication required' }, 401), [ORIGINAL]: json({ message: 'Authentication required' }, 401) }, { status: 'skipped', summary: /asks for a sign-in: sign in to Immich at that address/, verdicts: [] }],
    ['the direct address does not answer', { [THUMBNAIL]: badGateway }, { [THUMBNAIL]: 'network-error', [ORIGINAL]: 'network-error' }, { status: 'error', summary: /does not answer/, verdicts: [] }],
  ])('%s', async (_, proxied, direct, expected) => {
    const { result } = await check(proxied, direct);
    expect(result.status).toBe(expected.status);
    expect(result.summary).toMatch(expected.summary);
    expect(tally(result.verdicts)).toEqual(expected.verdicts);
    // An export hides only the watched host: no text of the check names the direct one.
    expect(JSON.stringify({ summary: result.summary, figure: result.figure, verdicts: result.verdicts })).not.toContain('192.168.1.10');
  });

  it('names who answered each way, asks originals for their first byte only, and only the two addresses', async () => {
    const { result, asked } = await check({ [THUMBNAIL]: badGateway, [ORIGINAL]: badGateway }, { [THUMBNAIL]: image(), [ORIGINAL]: image(206) });
    expect(result.figure).toBe('thumbnail: 502 from nginx/1.22.1 through the proxy, 200 direct · original: 502 from nginx/1.22.1 through the proxy, 206 direct');
    const media = asked.filter((entry) => entry.url.includes(`/api/assets/${ID}/`));
    expect(media.map((entry) => entry.url).sort()).toEqual([`${DIRECT}${ORIGINAL}`, `${DIRECT}${THUMBNAIL}`, `${ORIGIN}${ORIGINAL}`, `${ORIGIN}${THUMBNAIL}`]);
    for (const entry of media) expect(entry.range).toBe(entry.url.endsWith('/original') ? 'bytes=0-0' : undefined);
    for (const { url } of asked) expect(url.startsWith(ORIGIN) || url.startsWith(DIRECT)).toBe(true);
  });

  // With a key, a redirect is not followed (../../../utils/server-checks/ask.ts): Node's fetch gives it
  // its 3xx, a browser status 0, which read as "fails from the direct address too" and "does not answer".
  it.each<[string, Record<string, FakeAnswer>, Record<string, FakeAnswer>, { status: string; summary: RegExp }]>([
    ['the direct address redirects the key', { [THUMBNAIL]: badGateway, [ORIGINAL]: badGateway }, { [THUMBNAIL]: toLogin, [ORIGINAL]: toLogin }, { status: 'error', summary: /^The direct address answered with a redirect, not followed so that the API key is not sent elsewhere/ }],
    ['the proxy redirects the key', { [THUMBNAIL]: toLogin, [ORIGINAL]: toLogin }, { [THUMBNAIL]: image(), [ORIGINAL]: image(206) }, { status: 'skipped', summary: /^Through the proxy, the API key's requests were redirected .* Remove the key in the options/ }],
  ])('%s, with an API key: said, no verdict', async (_, proxied, direct, expected) => {
    const { result } = await check(proxied, direct, { apiKey: 'planted-key-123' });
    expect(result).toMatchObject({ status: expected.status, verdicts: [] });
    expect(result.summary).toMatch(expected.summary);
    // Its figure names the redirect too, not "no answer".
    expect(result.figure).toContain('a redirect (302), not followed');
    expect(result.figure).not.toContain('no answer');
  });

  it.each([
    ['no direct address entered', { directOrigin: undefined }, /Enter the server's direct address/],
    ['no failing asset', { failing: [] }, /No failing request named an asset/],
  ])('%s: skipped', async (_, options, summary) => {
    const { result, asked } = await check({}, {}, options);
    expect(result).toMatchObject({ status: 'skipped', asked: [] });
    expect(result.summary).toMatch(summary);
    expect(asked.some((entry) => entry.url.startsWith(DIRECT))).toBe(false);
  });

  it('its cause lists are the catalog’s: proxy-layer media causes, and the storage and job ones', () => {
    const layerOf = new Map(CATALOG.map((cause) => [cause.id, cause.layer]));
    for (const cause of PROXY_MEDIA_CAUSES) expect(layerOf.get(cause)).toBe('proxy');
    for (const cause of SERVER_MEDIA_CAUSES) expect(['storage', 'jobs']).toContain(layerOf.get(cause));
  });
});
