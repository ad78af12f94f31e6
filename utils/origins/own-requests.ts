/**
 * Every request the extension makes itself (not the pages it watches), for the README's privacy
 * section. Nothing in the extension imports this list: tests/unit/origins/own-requests.test.ts scans the
 * sources for every network call (fetch, XMLHttpRequest, WebSocket, EventSource, sendBeacon, Image) and
 * fails when a file makes one that is not listed here with its path, when a listed one is gone, when a
 * call's credentials differ from its entry's, or when the README's table (`ownRequestsTable`) differs from
 * this list. The server checks (issue 11) send from one file (utils/server-checks/ask.ts) the routes
 * utils/server-checks/routes.ts gives for the server's version: their entries say so (`routesFrom`) and
 * the test derives their paths from the routes the checks read.
 */
export interface OwnRequest {
  /** The path, always on the site's own origin: `GET <origin><path>`. */
  path: string;
  /** The file that sends it. */
  source: string;
  /** When it is sent, and from where. */
  when: string;
  /** What is read from the answer, and what of it is kept. */
  reads: string;
  /**
   * The fetch `credentials` mode of the call, checked in the source: 'omit' sends no cookies and no
   * `Authorization`; 'include' sends the user's Immich session cookie to this site only, or, when the
   * user entered an API key for it, that key and no cookies (`credentials: 'omit'` in that call).
   */
  credentials: 'omit' | 'include';
  /** Where the paths are named, when not in `source`: the version's routes (older versions' paths in brackets). */
  routesFrom?: 'utils/server-checks/routes.ts';
}

const CHECKS_WHEN = 'Only when you click *Run checks* in the popup of a watched site (or open the popup on a failing site, if you turned that on in the options).';

/** A server check's request: sent by utils/server-checks/ask.ts to the path utils/server-checks/routes.ts gives for the version. */
const serverCheck = (path: string, when: string, reads: string): OwnRequest => ({ path, source: 'utils/server-checks/ask.ts', routesFrom: 'utils/server-checks/routes.ts', when, reads, credentials: 'include' });

const SHOWN = 'shown in the popup and kept with the site until it is no longer watched or the browser closes (`session:checks:<origin>`), and in its exports';

/**
 * The server checks' requests (utils/server-checks/), for the current routes; where an older Immich
 * answers elsewhere, the entry names that path too (tests/unit/origins/own-requests.test.ts derives both).
 */
const SERVER_CHECKS: readonly OwnRequest[] = [
  serverCheck('/api/server/version', 'First: the version picks every other path.', `Its \`major\`, \`minor\`, \`patch\`: the version, ${SHOWN}; the cards' steps follow it.`),
  serverCheck('/api/server-info/version', 'Only when `/api/server/version` gave no version (Immich before v1.107).', 'The same.'),
  serverCheck('/api/server/ping', 'Reachability (`/api/server-info/ping` before v1.107).', 'Whether it is `{"res":"pong"}`.'),
  serverCheck('/api/server-info/ping', 'Reachability, Immich before v1.107.', 'The same.'),
  serverCheck('/api/server/features', 'Reachability (v1.107+).', 'How many features are on.'),
  serverCheck('/api/server/config', 'Reachability (v1.107+).', '`maintenanceMode` only (v2.3+).'),
  serverCheck('/', 'Web app versus server: the page of the web app, as a new tab would load it.', 'The names of the files it loads (`/_app/immutable/…`); nothing is kept.'),
  serverCheck('/_app/immutable/{file}', "Web app versus server: up to 6 of the web app's files your open tab loaded, then those in the log, again, three at a time.", 'Whether each is still there (not a 404, not an HTML page): counts are kept.'),
  serverCheck('/api/server/storage', 'Storage (`/api/server-info` before v1.107).', `\`diskUsagePercentage\`, \`diskSize\`, \`diskAvailable\`, ${SHOWN}.`),
  serverCheck('/api/server-info', 'Storage, Immich before v1.107.', 'The same.'),
  serverCheck('/api/queues', 'Jobs, Immich v2.4 and later (administrators only: anyone else gets "Needs more access").', `Each queue's name, failed and waiting counts, paused or not, ${SHOWN}.`),
  serverCheck('/api/queues/{name}/jobs?status=failed', 'Jobs, v2.4+, only when thumbnail jobs failed.', 'How many, and their error text if they carry one.'),
  serverCheck('/api/jobs', 'Jobs, Immich before v2.4.', 'The same as `/api/queues`.'),
  serverCheck('/api/users/me', 'Failing assets (v1.106+), first: whose session or key asks.', 'Its `id` only, to tell your assets from other users\'.'),
  serverCheck(
    '/api/assets/{id}',
    'Failing assets (v1.106+): for up to 20 assets of the failing requests and 10 that loaded, three at a time.',
    'Whether it exists for you, `isOffline`, whether it has a `thumbhash`, `originalFileName`, `originalPath`, `createdAt`, `fileCreatedAt`, `ownerId`, `libraryId`: their patterns are kept and exported, the file names and paths only shown in the popup.',
  ),
  ...[
    ['/api/assets/{id}/thumbnail?size=thumbnail', 'its thumbnail'],
    ['/api/assets/{id}/original', 'its original, only its first byte (`Range: bytes=0-0`)'],
    ['/api/asset/thumbnail/{id}', 'its thumbnail, Immich before v1.106'],
    ['/api/asset/file/{id}', 'its original, Immich before v1.106, first byte only'],
  ].map(([path, what]) =>
    serverCheck(
      path!,
      `Direct versus through the proxy, only when you entered the server's direct address in the options: ${what}, for one failing asset, through the site and through that address (the only request sent anywhere else).`,
      'Its status and `Server` header only.',
    ),
  ),
  serverCheck(
    '/api/socket.io/?EIO=4&transport=websocket',
    'WebSocket: opened (`ws://`, `wss://`) as the web app opens it, and closed at once; only if it fails, the same address as a plain GET, to see who answers.',
    "Whether engine.io's open packet comes; of the plain GET, its status, `Server` header and error message.",
  ),
];

const VERSION_READ = 'Its JSON `major`, `minor` and `patch` (if it answers OK), written into the export as the Immich version (`v2.7.5`); nothing else is read or kept.';

export const OWN_REQUESTS: readonly OwnRequest[] = [
  {
    path: '/api/server/ping',
    source: 'utils/origins/immich-probe.ts',
    when: 'From the popup, when it opens on a site you do not watch, and when you click *Check*: is this Immich? Before you grant anything, only the click on the icon (`activeTab`) lets it read the answer. Firefox does not let the extension read it even then, so when the extension gets no answer, your open tab of the site makes the same request (`scripting`, the same two paths).',
    reads: 'Whether it answers OK with the JSON `{"res":"pong"}`; nothing is kept.',
    credentials: 'omit',
  },
  {
    path: '/.well-known/immich',
    source: 'utils/origins/immich-probe.ts',
    when: 'Right after the ping, only when the ping did not answer `pong`.',
    reads: 'Whether it answers OK with JSON whose `api.endpoint` is a string; nothing is kept.',
    credentials: 'omit',
  },
  {
    path: '/api/server/version',
    source: 'utils/actions/immich-version.ts',
    when: 'From the background, for every export of a watched site: each download, each *Copy for a forum post*, and each *preview* (again when you change a redaction option while the preview is open).',
    reads: VERSION_READ,
    credentials: 'omit',
  },
  {
    path: '/api/server-info/version',
    source: 'utils/actions/immich-version.ts',
    when: 'Right after `/api/server/version`, only when that gave no version (Immich before v1.107).',
    reads: VERSION_READ,
    credentials: 'omit',
  },
  ...SERVER_CHECKS,
];

const CREDENTIALS: Record<OwnRequest['credentials'], string> = {
  omit: "no cookies, no `Authorization` (`credentials: 'omit'`), never cached (`cache: 'no-store'`)",
  include: "your Immich session cookie (`credentials: 'include'`; the extension never reads its value), or, if you entered an API key for the site in the options, that key in `x-api-key` and no cookies (Immich would read a session first), and then no redirect followed (a browser sends the header along to wherever a redirect leads, a login gateway's address); never cached",
};

/** The README's tables of own requests, between `<!-- own-requests -->` and `<!-- /own-requests -->`: without credentials, then the server checks'. */
export function ownRequestsTable(requests: readonly OwnRequest[] = OWN_REQUESTS): string {
  const rows = (credentials: OwnRequest['credentials']) => requests.filter((request) => request.credentials === credentials).map((request) => `| \`GET <site>${request.path}\` | ${request.when} | ${request.reads} |`);
  const head = ['| request | sent | what is read |', '|---|---|---|'];
  return [`Without credentials: ${CREDENTIALS.omit}.`, '', ...head, ...rows('omit'), '', `${CHECKS_WHEN} With ${CREDENTIALS.include}:`, '', ...head, ...rows('include')].join('\n');
}
