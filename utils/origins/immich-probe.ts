/**
 * Does an origin answer like Immich? Asked only when the user opens the popup on a site (the activeTab
 * grant) or clicks "Check": `GET /api/server/ping` answers `{"res":"pong"}` and `/.well-known/immich`
 * `{"api":{"endpoint":"/api"}}` on every version from v1.100 (immich.md §1-2). Both are public.
 */
export type ProbeResult = 'immich' | 'not-immich' | 'unreachable';

async function answers(fetcher: typeof fetch, url: string, test: (body: unknown) => boolean): Promise<boolean | undefined> {
  let response: Response;
  try {
    response = await fetcher(url, { credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(4000) });
  } catch {
    return undefined;
  }
  if (!response.ok) return false;
  try {
    return test(await response.json());
  } catch {
    return false;
  }
}

export async function probeImmich(origin: string, fetcher: typeof fetch = fetch): Promise<ProbeResult> {
  const ping = await answers(fetcher, `${origin}/api/server/ping`, (body) => (body as { res?: unknown })?.res === 'pong');
  if (ping) return 'immich';
  const wellKnown = await answers(fetcher, `${origin}/.well-known/immich`, (body) => typeof (body as { api?: { endpoint?: unknown } })?.api?.endpoint === 'string');
  if (wellKnown) return 'immich';
  return ping === undefined && wellKnown === undefined ? 'unreachable' : 'not-immich';
}
