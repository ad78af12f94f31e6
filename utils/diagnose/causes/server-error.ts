import { whenAnySeen, type Cause } from '../cause';
import { CHECKS } from '../check';
import { outcomes, responders } from '../log-view';

/** 5xx produced by Immich itself on its API (media routes have their own, more precise causes). */
const immichFailed = { kinds: ['api' as const, 'websocket' as const], outcome: outcomes.serverErrors, responder: responders.immich };

export const serverError: Cause = {
  id: 'server-error',
  title: 'Immich itself is failing (server errors)',
  layer: 'server',
  severity: 'critical',
  explanation:
    'Immich answered with internal errors: its database or Redis may be down or unhealthy, a migration failed after an update, or storage is unavailable.',
  checks: [CHECKS.containers, CHECKS.serverLogs, CHECKS.allLogs, CHECKS.disk, CHECKS.versions],
  detect: whenAnySeen([immichFailed], 0.75, ['thumbnail', 'original']),
};
