import { endlessResponse } from '../../fixtures/endless-response';

/**
 * A fake Immich for the server checks' unit tests: answers by path from a table, as `fetch` would
 * (real `Response`s), and records what was asked with which options. Not a test file itself.
 */
export interface FakeAnswer {
  status: number;
  body?: unknown;
  /** Default: JSON for an object or array body, HTML otherwise. */
  contentType?: string;
}

/** `endless`: a JSON answer whose body never ends (tests/fixtures/endless-response.ts). */
export type FakeRoutes = Record<string, FakeAnswer | 'network-error' | 'hang' | 'endless'>;

export interface FakeServer {
  fetcher: typeof fetch;
  asked: Array<{ url: string; init?: RequestInit }>;
}

export const ORIGIN = 'https://photos.example';

export function fakeServer(routes: FakeRoutes, origin = ORIGIN): FakeServer {
  const asked: FakeServer['asked'] = [];
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    asked.push({ url, init });
    const path = url.slice(origin.length);
    const answer = routes[path] ?? { status: 404, body: { message: `Cannot GET ${path}`, error: 'Not Found', statusCode: 404 } };
    if (answer === 'network-error') throw new TypeError('Failed to fetch');
    if (answer === 'endless') return endlessResponse({ headers: { 'Content-Type': 'application/json' } }).response;
    if (answer === 'hang') {
      return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    }
    const json = typeof answer.body === 'object' && answer.body !== null;
    const contentType = answer.contentType ?? (json ? 'application/json; charset=utf-8' : 'text/html');
    return new Response(json ? JSON.stringify(answer.body) : String(answer.body ?? ''), { status: answer.status, headers: { 'Content-Type': contentType } });
  }) as typeof fetch;
  return { fetcher, asked };
}

export const json = (body: unknown, status = 200): FakeAnswer => ({ status, body });

/** The public routes of a healthy v2.7.5 (immich.md, "Confirmed on a running Immich v2.7.5"). */
export const HEALTHY_V2: FakeRoutes = {
  '/api/server/version': json({ major: 2, minor: 7, patch: 5 }),
  '/api/server/ping': json({ res: 'pong' }),
  '/api/server/features': json({ smartSearch: true, map: false, trash: true }),
  '/api/server/config': json({ isInitialized: true, maintenanceMode: false }),
};

/** How the fake server's WebSocket upgrade goes: engine.io opens, the upgrade fails, or nothing happens. */
export type SocketBehaviour = 'opens' | 'fails' | 'hangs';

/** A WebSocket factory for the checks (`ServerAsker.openSocket`) that records the addresses it was given. */
export function fakeSocket(behaviour: SocketBehaviour) {
  const opened: string[] = [];
  const openSocket = (url: string) => {
    opened.push(url);
    const socket = { onmessage: null, onerror: null, onclose: null, close: () => undefined } as unknown as WebSocket;
    setTimeout(() => {
      if (behaviour === 'opens') socket.onmessage?.({ data: '0{"sid":"abc","upgrades":[],"pingInterval":25000}' } as MessageEvent);
      if (behaviour === 'fails') {
        socket.onerror?.(new Event('error'));
        socket.onclose?.({} as CloseEvent);
      }
    }, 1);
    return socket;
  };
  return { openSocket, opened };
}
