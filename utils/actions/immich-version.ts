/** `v2.7.5` from the public `GET /api/server/version` (v1.107+; `/api/server-info/version` before), or undefined. */
export async function immichVersion(origin: string, fetcher: typeof fetch = fetch): Promise<string | undefined> {
  for (const path of ['/api/server/version', '/api/server-info/version']) {
    try {
      const response = await fetcher(`${origin}${path}`, { credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(2000) });
      if (!response.ok) continue;
      const { major, minor, patch } = (await response.json()) as Record<string, unknown>;
      if ([major, minor, patch].every((part) => Number.isInteger(part))) return `v${major}.${minor}.${patch}`;
    } catch {
      // Unreachable or not JSON: try the older route, then give up quietly (the version is optional).
    }
  }
  return undefined;
}
