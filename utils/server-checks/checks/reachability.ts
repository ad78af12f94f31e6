import { versionOf } from '../../version';
import { askServer, type Answer, type ServerAsker } from '../ask';
import { serverRoutes } from '../routes';
import type { AskedRoute, CauseVerdict } from '../types';
import type { CheckContext, CheckOutcome } from './context';
import { refusal } from './refusal';

/** Public, on every version: `/api/server/version` since v1.107, `/api/server-info/version` before (immich.md, Version landmarks). */
const VERSION_ROUTES = [serverRoutes(undefined).version, serverRoutes('1.100.0').version];

/** The server's version, asked first: it picks every other route. The newer route first, the older one when it is not there. */
export async function askVersion(asker: ServerAsker): Promise<{ version?: string; asked: AskedRoute[] }> {
  const asked: AskedRoute[] = [];
  for (const path of VERSION_ROUTES) {
    const answer = await askServer(asker, path);
    asked.push(answer.route);
    const version = versionOf(answer.body);
    if (version) return { version, asked };
    // No answer at all: the older route will not get one either.
    if (answer.route.status === undefined) break;
  }
  return { asked };
}

/** A proxy's answers when Immich behind it does not answer: 502, 503, 504, and Cloudflare's 520-527. */
const GATEWAY_ERRORS = /^(50[234]|52[0-7])$/;

const isPong = (answer: Answer) => answer.route.status === 200 && (answer.body as { res?: unknown } | undefined)?.res === 'pong';

/** The features the server says are on, counted (immich.md §1: booleans). */
function featuresOn(body: unknown): { on: number; of: number } | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const flags = Object.values(body).filter((value) => typeof value === 'boolean');
  return flags.length > 0 ? { on: flags.filter(Boolean).length, of: flags.length } : undefined;
}

/**
 * Reachability and version: the ping, the version, the features and the config (whose
 * `maintenanceMode` says since v2.3 whether the server is in maintenance, immich.md §1). All public: it
 * needs no session.
 */
export async function checkReachability(context: CheckContext, version: { version?: string; asked: AskedRoute[] }): Promise<CheckOutcome> {
  const { asker, routes } = context;
  const [ping, features, config] = await Promise.all([
    askServer(asker, routes.ping),
    routes.features ? askServer(asker, routes.features) : undefined,
    routes.config ? askServer(asker, routes.config) : undefined,
  ]);
  const asked = [...version.asked, ping.route, ...[features, config].flatMap((answer) => (answer ? [answer.route] : []))];
  const on = featuresOn(features?.body);
  const maintenance = routes.maintenanceMode ? (config?.body as { maintenanceMode?: unknown } | undefined)?.maintenanceMode : undefined;
  const figure = [
    version.version ?? 'version unknown',
    `ping ${isPong(ping) ? 'pong' : (ping.route.status ?? ping.route.error)}`,
    on ? `${on.on} of ${on.of} features on` : undefined,
    typeof maintenance === 'boolean' ? `maintenanceMode ${maintenance}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  const unlabelled = routes.basis === 'version' ? '' : routes.basis === 'unknown' ? ' Its version is unknown: the checks use the current routes.' : ' Its version is older than v1.100: the checks use the oldest routes known, which may not all exist.';

  if (!isPong(ping)) {
    const why = refusal(ping, 'the ping');
    const answered = ping.route.status !== undefined;
    // Only a gateway's own errors say the proxy cannot reach Immich; a 401 or 403 is something in front that refuses (its own causes).
    const gateway = GATEWAY_ERRORS.test(String(ping.route.status));
    const verdicts: CauseVerdict[] = gateway ? [{ cause: 'upstream-unreachable', verdict: 'supports', reason: `the ping got ${ping.route.status}, not pong` }] : [];
    return {
      status: answered ? 'problem' : 'error',
      summary: answered ? `The ping did not get Immich's pong (${ping.route.status}): something other than Immich answers at this address, or Immich is not up.` : (why?.summary ?? 'No answer.'),
      figure,
      asked,
      verdicts,
    };
  }
  if (maintenance === true) {
    return { status: 'problem', summary: 'Immich is in maintenance mode: it answers "not found" for photos until an administrator ends it.', figure, asked, verdicts: [{ cause: 'maintenance-mode', verdict: 'supports', reason: 'the server config says maintenanceMode true' }] };
  }
  const verdicts: CauseVerdict[] = [
    { cause: 'upstream-unreachable', verdict: 'against', reason: 'the ping got pong through this address' },
    { cause: 'connection-refused', verdict: 'against', reason: 'the ping got pong through this address' },
  ];
  if (maintenance === false) verdicts.push({ cause: 'maintenance-mode', verdict: 'against', reason: 'the server config says maintenanceMode false' });
  return { status: 'ok', summary: `Immich${version.version ? ` ${version.version}` : ''} answers.${unlabelled}`, figure, asked, verdicts };
}
