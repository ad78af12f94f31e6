import type { CauseId } from '../../diagnose/cause';
import { askServer, KEY_NOT_FOLLOWED, type Answer } from '../ask';
import type { AskedRoute, CauseVerdict } from '../types';
import type { CheckContext, CheckOutcome } from './context';

/**
 * The causes that sit in front of Immich and can fail its media (the catalog's proxy layer, less the
 * WebSocket, uploads and mixed content), and those behind it, in the server or its storage.
 */
export const PROXY_MEDIA_CAUSES: readonly CauseId[] = ['upstream-unreachable', 'proxy-timeout', 'proxy-forbidden', 'html-instead-of-media'];
export const SERVER_MEDIA_CAUSES: readonly CauseId[] = ['media-file-unreadable', 'thumbnail-not-generated'];

/** A thumbnail answers 200; an original asked for its first byte 206 (immich.md §3, ranges), or 200 from a server that ignores ranges. */
const loads = (answer: Answer) => answer.route.status === 200 || answer.route.status === 206;
const said = (route: AskedRoute) =>
  route.error === KEY_NOT_FOLLOWED ? `a redirect${route.status ? ` (${route.status})` : ''}, not followed` : route.status === undefined ? `no answer (${route.error})` : `${route.status}${route.server ? ` from ${route.server}` : ''}`;

/** An answer with a redirect the API key's request did not follow (../ask.ts): a browser shows it as no answer at all. */
const redirected = (answers: readonly Answer[]) => answers.some((answer) => answer.route.error === KEY_NOT_FOLLOWED);

const verdicts = (causes: readonly CauseId[], verdict: CauseVerdict['verdict'], reason: string): CauseVerdict[] => causes.map((cause) => ({ cause, verdict, reason }));

/**
 * Local versus through the proxy: the same failing asset's thumbnail and original (its first byte),
 * asked through the watched address and through the direct one the user entered (the server's LAN
 * address, granted in the options). Fails only through the proxy: the proxy; through both: the server
 * or its storage. The direct address gets the same credentials: the browser's session there, or the key.
 * Its texts never name that address: an export hides only the watched host.
 */
export async function checkDirect({ asker, routes, settings, sample }: CheckContext): Promise<CheckOutcome> {
  const direct = settings.directOrigin;
  if (!direct) return { status: 'skipped', summary: "Enter the server's direct address (its LAN IP and port) in the options to compare it with the way through the proxy.", asked: [], verdicts: [] };
  const id = sample?.failingAssets[0];
  if (!id) return { status: 'skipped', summary: 'No failing request named an asset: nothing to compare.', asked: [], verdicts: [] };
  const paths = [routes.thumbnail(id), routes.original(id)];
  // The original's first byte says it is there without downloading it; a thumbnail is small.
  const ask = (origin: string) => Promise.all(paths.map((path, index) => askServer({ ...asker, origin }, path, index === 1 ? { headers: { Range: 'bytes=0-0' } } : {})));
  const [proxied, straight] = await Promise.all([ask(asker.origin), ask(direct)]);
  const asked = [...proxied, ...straight].map((answer) => answer.route);
  const figure = `thumbnail: ${said(proxied[0]!.route)} through the proxy, ${said(straight[0]!.route)} direct · original: ${said(proxied[1]!.route)} through the proxy, ${said(straight[1]!.route)} direct`;
  // Before "does not answer": a browser gives a redirect it did not follow no status.
  if (redirected(straight)) return { status: 'error', summary: "The direct address answered with a redirect, not followed so that the API key is not sent elsewhere: enter the address Immich itself answers at (the server's LAN IP and Immich's port), not one behind a login gateway.", figure, asked, verdicts: [] };
  if (redirected(proxied)) return { status: 'skipped', summary: "Through the proxy, the API key's requests were redirected (a login gateway in front of Immich?) and not followed, so that the key is not sent elsewhere: the key cannot compare the two ways. Remove the key in the options to compare them with this browser's session.", figure, asked, verdicts: [] };
  if (straight.every((answer) => answer.route.status === undefined)) return { status: 'error', summary: 'The direct address does not answer: check it in the options, and that this browser can reach it.', figure, asked, verdicts: [] };
  if (straight.some((answer) => answer.route.status === 401)) return { status: 'skipped', summary: 'The direct address asks for a sign-in: sign in to Immich at that address once in this browser, or enter an API key in the options.', figure, asked, verdicts: [] };
  const onlyThroughProxy = paths.some((_, index) => !loads(proxied[index]!) && loads(straight[index]!));
  const both = paths.some((_, index) => !loads(proxied[index]!) && !loads(straight[index]!));
  if (onlyThroughProxy && !both) {
    return { status: 'problem', summary: 'The same asset loads from the direct address but fails through the proxy: the proxy (or what is in front of Immich) is the fault, not Immich or its disk.', figure, asked, verdicts: [...verdicts(PROXY_MEDIA_CAUSES, 'supports', 'it fails only through the proxy'), ...verdicts(SERVER_MEDIA_CAUSES, 'against', 'it loads from the direct address')] };
  }
  if (both) {
    return { status: 'problem', summary: 'The same asset fails from the direct address too: the fault is in Immich or its storage, not the proxy.', figure, asked, verdicts: verdicts(PROXY_MEDIA_CAUSES, 'against', 'it fails from the direct address too') };
  }
  return { status: 'ok', summary: 'The asset loads both through the proxy and from the direct address now.', figure, asked, verdicts: [] };
}
