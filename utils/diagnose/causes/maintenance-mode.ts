import type { Cause, RequestFilter } from '../cause';
import { CHECKS } from '../check';
import { outcomes, responders } from '../log-view';

/**
 * In maintenance mode (v2.3+) Immich serves only a few routes; asset and API routes answer 404 from
 * Immich itself (immich.md §3). Normally an original never gets a 404 (a missing file is a 500, an
 * unknown asset a 400), and API routes the web app calls always exist.
 */
export const maintenanceSignals: readonly RequestFilter[] = [
  { kinds: ['original', 'api'], outcome: outcomes.status(404), responder: responders.immich },
];

export const maintenanceMode: Cause = {
  id: 'maintenance-mode',
  title: 'Immich is in maintenance mode',
  layer: 'server',
  severity: 'critical',
  explanation:
    'An administrator put Immich in maintenance mode (or a restore is running): it answers "not found" for photos and most of the API until maintenance ends.',
  checks: [
    {
      title: 'Open Administration → Maintenance and end maintenance mode when the work is done',
      detail: 'The public config shows it: "maintenanceMode": true.',
      command: 'curl -s https://IMMICH_HOST/api/server/config',
      source: 'immich.md: Version landmarks (v2.3.0), §2 /api/server/config',
    },
    CHECKS.containers,
    CHECKS.serverLogs,
  ],
  detect(view) {
    if (!maintenanceSignals.some((filter) => view.has(filter))) return undefined;
    return { matched: maintenanceSignals, strength: 0.8, healthyKinds: ['page'] };
  },
};
