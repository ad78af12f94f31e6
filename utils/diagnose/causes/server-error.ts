import { IMMICH_ROUTE_KINDS } from '../../classify/request-kind';
import { defineCause } from '../cause';
import { CHECKS, DOCS, RESTART_NOTE, verify } from '../check';
import { filters, outcomes, responders } from '../filters';

/**
 * Immich's own 5xx on routes that read no media file (the user, the timeline, albums, search,
 * sessions, the socket): Immich itself is failing, its database or Redis is unreachable, or it is
 * crash-looping. The storage report reads the media volume, so it is the storage cause's evidence.
 */
const serverFailed = { kinds: ['api' as const, 'websocket' as const], outcome: outcomes.serverErrors, responder: responders.immich, where: (request: { route?: string }) => !filters.storageReport(request) };
/**
 * When such 500s span two routes or more (the user and the timeline, not one broken endpoint), every
 * 5xx Immich gave is this cause's: media failing too is then a consequence, not missing files.
 */
const everyImmich5xx = { kinds: IMMICH_ROUTE_KINDS, outcome: outcomes.serverErrors, responder: responders.immich };
const SERVER_WIDE_ROUTES = 2;

export const serverError = defineCause({
  id: 'server-error',
  title: 'Immich itself is failing (server errors)',
  summary: '5xx from Immich on routes that read no file (user, timeline, albums): its database or Redis is down, or it crash-loops',
  layer: 'server',
  stopsSite: true,
  explanation:
    'Immich answered with internal errors: its database or Redis may be down or unhealthy, a migration failed after an update, or storage is unavailable.',
  checks: [
    CHECKS.containers,
    CHECKS.serverLogs(['ECONNREFUSED (the database or Redis is unreachable)', 'connection refused', 'database unavailable', 'migration', 'Internal server error'], 'Read the errors around the failing requests: the database or Redis first.'),
    CHECKS.allLogs,
    CHECKS.disk,
    CHECKS.versionWanted,
    CHECKS.backUpDatabase,
    {
      title: 'Start the database and Redis if they are stopped, then restart the Immich server',
      changes: 'config',
      command: 'docker compose up -d && docker compose restart immich-server',
      docker: 'docker start immich_postgres immich_redis && docker restart immich_server',
      runs: 'immich-folder',
      detail: RESTART_NOTE,
      source: 'guide: Check Whether Immich Containers Are Running Correctly',
      url: DOCS.dockerCompose,
    },
    CHECKS.versions,
    verify('The timeline, albums and photos should load; no 500 from Immich.'),
  ],
  detect(view) {
    const routes = view.routesOf(serverFailed);
    if (routes === 0) return undefined;
    // No counter-evidence: with the server failing, whatever still loads proves nothing either way.
    return { matched: [routes >= SERVER_WIDE_ROUTES ? everyImmich5xx : serverFailed], strength: 0.85 };
  },
});
