/**
 * Every request the extension makes itself (not the pages it watches), for the README's privacy
 * section. Nothing in the extension imports this list: tests/unit/origins/own-requests.test.ts scans the
 * sources for every network call (fetch, XMLHttpRequest, WebSocket, EventSource, sendBeacon, Image) and
 * fails when a file makes one that is not listed here with its path, when a listed one is gone, when a
 * call sends credentials, or when the README's table (`ownRequestsTable`) differs from this list.
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
  /** The fetch `credentials` mode of the call, checked in the source: 'omit' sends no cookies and no `Authorization`. */
  credentials: 'omit';
}

const VERSION_READ = 'Its JSON `major`, `minor` and `patch` (if it answers OK), written into the export as the Immich version (`v2.7.5`); nothing else is read or kept.';

export const OWN_REQUESTS: readonly OwnRequest[] = [
  {
    path: '/api/server/ping',
    source: 'utils/origins/immich-probe.ts',
    when: 'From the popup, when it opens on a site you do not watch, and when you click *Check*: is this Immich? Before you grant anything, only the click on the icon (`activeTab`) lets it read the answer.',
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
];

const CREDENTIALS: Record<OwnRequest['credentials'], string> = {
  omit: "none: no cookies, no `Authorization` (`credentials: 'omit'`), never cached (`cache: 'no-store'`)",
};

/** The README's table of own requests, between `<!-- own-requests -->` and `<!-- /own-requests -->`. */
export function ownRequestsTable(requests: readonly OwnRequest[] = OWN_REQUESTS): string {
  const rows = requests.map((request) => `| \`GET <site>${request.path}\` | ${request.when} | ${request.reads} | ${CREDENTIALS[request.credentials]} |`);
  return ['| request | sent | what is read | credentials |', '|---|---|---|---|', ...rows].join('\n');
}
