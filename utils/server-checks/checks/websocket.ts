import { askServer, errorText, openServerSocket } from '../ask';
import type { AskedRoute } from '../types';
import type { CheckContext, CheckOutcome } from './context';

/**
 * WebSocket: the web app's live updates need the socket.io upgrade, and Immich has no polling fallback
 * (immich.md §1, rows 50d and 51b). When the upgrade fails, the same address asked over plain HTTP says
 * who stands in the way: engine.io's own 400 `{"code":3}` (row 50f) means the request reached Immich
 * without its `Upgrade` header, so the proxy does not pass WebSocket upgrades; anything else is the
 * proxy's (or a gateway's) own answer.
 */
export async function checkWebSocket({ asker, routes }: CheckContext): Promise<CheckOutcome> {
  const socket = await openServerSocket(asker, routes.socket);
  const asked: AskedRoute[] = [socket.opened ? { path: routes.socket, status: 101 } : { path: routes.socket, error: socket.error }];
  if (socket.opened) {
    return { status: 'ok', summary: 'The WebSocket opens: the live updates reach the web app.', figure: '101, engine.io open packet', asked, verdicts: [{ cause: 'websocket-blocked', verdict: 'against', reason: 'the WebSocket opened through this address' }] };
  }
  const plain = await askServer(asker, routes.socket);
  asked.push(plain.route);
  const { status, server } = plain.route;
  // Nothing answers at all: the site is down or unreachable (reachability says which), not a WebSocket fault.
  if (status === undefined) return { status: 'error', summary: `The WebSocket does not open (${socket.error}), and the same address gets no answer over plain HTTP either (${plain.route.error}).`, asked, verdicts: [] };
  const engineIo = status === 400 && (plain.body as { code?: unknown } | undefined)?.code === 3;
  const who = engineIo ? "Immich's engine.io answered the plain request (400, Bad request): the upgrade was dropped on the way" : `the plain request got ${status}${server ? ` from ${server}` : ''}${errorText(plain.body) ? ` (${errorText(plain.body)})` : ''}`;
  return {
    status: 'problem',
    summary: `The WebSocket does not open (${socket.error}): ${who}. The proxy must pass the Upgrade and Connection headers.`,
    figure: engineIo ? 'upgrade failed · plain GET 400 {"code":3}' : `upgrade failed · plain GET ${status}`,
    asked,
    verdicts: [{ cause: 'websocket-blocked', verdict: 'supports', reason: engineIo ? 'the upgrade is dropped before Immich' : 'the WebSocket does not open' }],
  };
}
