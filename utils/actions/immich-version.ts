import { readBodyWithin } from '../read-body';
import { versionOf } from '../version';

/** Immich's answer is a few bytes of JSON; whatever else a proxy may send is not read further. */
const MAX_VERSION_BODY_BYTES = 4096;

/** `v2.7.5` from the public `GET /api/server/version` (v1.107+; `/api/server-info/version` before), or undefined. */
export async function immichVersion(origin: string, fetcher: typeof fetch = fetch): Promise<string | undefined> {
  for (const path of ['/api/server/version', '/api/server-info/version']) {
    try {
      const response = await fetcher(`${origin}${path}`, { credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(2000) });
      if (!response.ok) continue;
      const body = await readBodyWithin(response, MAX_VERSION_BODY_BYTES);
      const version = body === undefined ? undefined : versionOf(JSON.parse(body));
      if (version) return version;
    } catch {
      // Unreachable or not JSON: try the older route, then give up quietly (the version is optional).
    }
  }
  return undefined;
}
