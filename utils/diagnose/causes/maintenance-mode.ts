import { IMMICH_ROUTE_KINDS } from '../../classify/request-kind';
import { defineCause } from '../cause';
import { CHECKS, verify } from '../check';
import { outcomes, responders } from '../filters';

/**
 * In maintenance mode (v2.3+) Immich serves only a few routes; asset and API routes answer 404 from
 * Immich itself (immich.md §3). Normally an original never gets a 404 (a missing file is a 500, an
 * unknown asset a 400), and API routes the web app calls always exist.
 */
const maintenanceSignal = { kinds: ['original', 'api'] as const, outcome: outcomes.status(404), responder: responders.immich };
/** Once the signal spans two routes or more (not one missing endpoint), every 404 from Immich's routes is maintenance's (thumbnails too). */
const everyImmich404 = { kinds: IMMICH_ROUTE_KINDS, outcome: outcomes.status(404), responder: responders.immich };
const SERVER_WIDE_ROUTES = 2;

export const maintenanceMode = defineCause({
  id: 'maintenance-mode',
  title: 'Immich is in maintenance mode',
  summary: 'Immich is in maintenance mode',
  layer: 'server',
  stopsSite: true,
  explanation:
    'An administrator put Immich in maintenance mode (or a restore is running): it answers "not found" for photos and most of the API until maintenance ends.',
  checks: [
    {
      title: 'Confirm it: the public server config says whether maintenance mode is on',
      changes: 'nothing',
      command: "curl -s '{{origin}}/api/server/config'",
      runs: 'here',
      lookFor: ['"maintenanceMode":true'],
      source: 'immich.md: Version landmarks (v2.3.0), §2 /api/server/config',
    },
    CHECKS.containers,
    { title: 'When the work (a restore, a migration) is done, end maintenance mode in Administration → Maintenance', changes: 'config', source: 'immich.md: Version landmarks (v2.3.0)' },
    verify('The config should say "maintenanceMode":false and photos load.', "curl -s '{{origin}}/api/server/config'"),
  ],
  detect(view) {
    const routes = view.routesOf(maintenanceSignal);
    if (routes === 0) return undefined;
    return { matched: [routes >= SERVER_WIDE_ROUTES ? everyImmich404 : maintenanceSignal], strength: 0.8, healthyKinds: ['page'] };
  },
});
