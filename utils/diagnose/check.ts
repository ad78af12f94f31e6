import { RESPONDERS, type Responder } from '../classify/responder';
import { serverRoutes } from '../server-checks/routes';
import { compareVersions, versionParts } from '../version';
import type { Changes, MediaScope } from './cause';

/** The order steps must follow: everything that only looks comes before anything that changes something. */
export const CHANGE_RANK: Record<Changes, number> = { nothing: 0, browser: 1, config: 2, data: 2 };

/** Where a command runs. Filled into the step as words (`where`). */
export type RunsOn = 'immich-folder' | 'server' | 'proxy' | 'here';

const WHERE: Record<RunsOn, string> = {
  'immich-folder': 'Run on the Immich server, in the folder with its docker-compose.yml and .env.',
  server: 'Run on the Immich server.',
  proxy: 'Run on the machine that runs the reverse proxy.',
  here: 'Run on this computer (or any that opens Immich).',
};

/**
 * One step of a cause, as the catalog writes it, in the guide's safe order. Commands may hold
 * `{{origin}}`, `{{host}}`, `{{port}}`, `{{media}}` (the media folder inside the container for the
 * server's version) and `{{ping}}` (the ping's route for it), filled per diagnosis by `fillChecks`:
 * what is pasted runs as it is.
 */
export interface Check {
  title: string;
  detail?: string;
  changes: Changes;
  /** A bash command, as pasted: the `docker compose` form, or the only form. */
  command?: string;
  /** The same with plain `docker` and Immich's container names (immich_server, immich_postgres…). */
  docker?: string;
  /** Where `command` runs. */
  runs?: RunsOn;
  /** A snippet for a configuration file (not a shell command), and which file it goes in. */
  config?: string;
  configFile?: string;
  /** Log lines that point at *this* cause, to look for in what the command prints. */
  lookFor?: readonly string[];
  /** The last step of every card: how to confirm the fix worked. */
  verify?: boolean;
  /** Only shown when the diagnosis points at one of these responders (e.g. nginx settings for nginx). */
  only?: readonly Responder[];
  /** Only shown for these media scopes (rerunning thumbnail jobs does nothing for missing originals). */
  scopes?: readonly MediaScope[];
  /**
   * Only for servers of these versions (`from` inclusive, `before` exclusive, `1.137.0` style). With the
   * version unknown, the current form is shown: checks without `before`.
   */
  versions?: { from?: string; before?: string };
  /** `guide: <section>` (the troubleshooting guide) or `immich.md: <section>`. */
  source: string;
  /** The Immich docs page (or upstream issue) the step comes from, when there is one. */
  url?: string;
}

/** A step as a diagnosis carries it: filled for its site, proxy and server version, ready to show or paste. */
export interface FilledCheck {
  title: string;
  detail?: string;
  changes: Changes;
  command?: string;
  docker?: string;
  /** Where to run the command, in words. */
  where?: string;
  config?: string;
  configFile?: string;
  lookFor?: string[];
  verify?: boolean;
  source: string;
  url?: string;
}

/** What a diagnosis knows when it picks and fills its checks. */
export interface CheckContext {
  responder: Responder;
  scope?: MediaScope;
  /** `v2.7.5` or `2.7.5`, when the server said. */
  serverVersion?: string;
  /** The watched site, `https://photos.example.com` or `http://192.168.1.10:2283`. */
  origin?: string;
}

function fitsVersion(range: NonNullable<Check['versions']>, serverVersion: string | undefined): boolean {
  const server = serverVersion === undefined ? undefined : versionParts(serverVersion);
  if (!server) return range.before === undefined;
  const from = range.from === undefined ? undefined : versionParts(range.from);
  const before = range.before === undefined ? undefined : versionParts(range.before);
  return (!from || compareVersions(server, from) >= 0) && (!before || compareVersions(server, before) < 0);
}

/** Whether a check fits this diagnosis: the proxy that answered, the media hit and the server's version. */
export function checkApplies(check: Check, context: CheckContext): boolean {
  return (
    (!check.only || check.only.includes(context.responder)) &&
    (!check.scopes || context.scope === undefined || check.scopes.includes(context.scope)) &&
    (!check.versions || fitsVersion(check.versions, context.serverVersion))
  );
}

/** A step whose command changed in version `since`: the current form from then on, the older one before. */
function changedIn(since: string, step: Omit<Check, 'versions'>, current: Partial<Check>, older: Partial<Check>): readonly [Check, Check] {
  return [
    { ...step, ...current, versions: { from: since } },
    { ...step, ...older, versions: { before: since } },
  ];
}

/** The tokens a command may hold, and nothing else: `{{.Names}}` (docker's own templates) stays as written. */
export const TOKENS = ['origin', 'host', 'port', 'media', 'ping'] as const;
type Token = (typeof TOKENS)[number];

/** A value for inside single quotes in bash. */
const quoted = (value: string) => value.replace(/'/g, `'\\''`);

function tokenValues(context: CheckContext): Record<Token, string> {
  let origin = 'http://localhost:2283';
  let host = 'localhost';
  let port = '2283';
  if (context.origin) {
    try {
      const url = new URL(context.origin);
      origin = url.origin;
      host = url.hostname;
      port = url.port || (url.protocol === 'https:' ? '443' : '80');
    } catch {
      // An origin that does not parse keeps the defaults: the commands still run.
    }
  }
  const routes = serverRoutes(context.serverVersion);
  return { origin: quoted(origin), host: quoted(host), port: quoted(port), media: routes.mediaRoot, ping: routes.ping };
}

function fill(text: string, values: Record<Token, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => ((TOKENS as readonly string[]).includes(name) ? values[name as Token] : whole));
}

/**
 * What a step says when the server's version is unknown and its command (either form) uses the media
 * folder. Not said of `{{ping}}`: only servers before v1.107 (mid-2024) need its older route.
 */
const MEDIA_UNKNOWN = 'Immich before v1.137 mounted its media at /usr/src/app/upload instead of /data.';

/** The checks that fit a diagnosis, filled with what it knows: its site, the proxy that answered, the server's version. */
export function fillChecks(checks: readonly Check[], context: CheckContext): FilledCheck[] {
  const values = tokenValues(context);
  const versionKnown = context.serverVersion !== undefined && versionParts(context.serverVersion) !== undefined;
  return checks
    .filter((check) => checkApplies(check, context))
    .map((check) => {
      const filled: FilledCheck = { title: fill(check.title, values), changes: check.changes, source: check.source };
      const usesMedia = [check.command, check.docker].some((command) => command?.includes('{{media}}'));
      const detail = [check.detail && fill(check.detail, values), usesMedia && !versionKnown ? MEDIA_UNKNOWN : undefined].filter(Boolean).join(' ');
      if (detail) filled.detail = detail;
      if (check.command) filled.command = fill(check.command, values);
      if (check.docker) filled.docker = fill(check.docker, values);
      if (check.runs) filled.where = WHERE[check.runs];
      if (check.config) filled.config = check.config;
      if (check.configFile) filled.configFile = check.configFile;
      if (check.lookFor) filled.lookFor = [...check.lookFor];
      if (check.verify) filled.verify = true;
      if (check.url) filled.url = check.url;
      return filled;
    });
}

/** Immich's documentation pages the steps come from. */
export const DOCS = {
  reverseProxy: 'https://docs.immich.app/administration/reverse-proxy',
  faq: 'https://docs.immich.app/FAQ',
  dockerCompose: 'https://docs.immich.app/install/docker-compose',
  jobs: 'https://docs.immich.app/administration/jobs-workers',
  systemIntegrity: 'https://docs.immich.app/administration/system-integrity',
  upgrading: 'https://docs.immich.app/install/upgrading',
  backup: 'https://docs.immich.app/administration/backup-and-restore',
} as const;

/** An Immich issue or discussion (GitHub sends an issue number to its pull request or discussion). */
export const immichIssue = (number: number) => `https://github.com/immich-app/immich/issues/${number}`;

/** The proxies the steps know by name; any other responder (unknown, Immich itself, one added later) gets the generic steps. */
const NAMED_PROXIES = ['nginx', 'caddy', 'traefik', 'apache', 'cloudflare'] as const satisfies readonly Responder[];
/** Responders no named proxy step fits: they get steps that find the proxy by the site's port. */
export const GENERIC_RESPONDERS: readonly Responder[] = RESPONDERS.filter((responder) => !(NAMED_PROXIES as readonly Responder[]).includes(responder));

/** Runs `body` for each running container whose name matches `pattern` (`$c` is the name); prints nothing when none does. */
export const eachContainer = (pattern: string, body: string) => `for c in $(docker ps --format '{{.Names}}' | grep -iE '${pattern}'); do echo "== $c"; ${body}; done`;

/** Reads UPLOAD_LOCATION from the .env beside docker-compose.yml, and says so when it is not there (never runs with it empty). */
const withUploadLocation = (body: string) =>
  `UPLOAD_LOCATION=$(sed -n 's/^UPLOAD_LOCATION=//p' .env | tr -d "\\"'"); if [ -n "$UPLOAD_LOCATION" ]; then echo "UPLOAD_LOCATION=$UPLOAD_LOCATION"; ${body}; else echo "No UPLOAD_LOCATION in ./.env: cd to the folder with Immich's docker-compose.yml and .env first"; fi`;

const INSPECT_MOUNTS = `docker inspect immich_server --format '{{range .Mounts}}{{.Source}} -> {{.Destination}}{{println}}{{end}}'`;

/**
 * Immich's documented Apache lines (https://docs.immich.app/administration/reverse-proxy): the
 * timeout, the WebSocket upgrade, the reverse mapping and the host kept, in the VirtualHost.
 */
export const APACHE_PROXY_LINES = ['ProxyPass / http://127.0.0.1:2283/ timeout=600 upgrade=websocket', 'ProxyPassReverse / http://127.0.0.1:2283/', 'ProxyPreserveHost On'].join('\n');

/** Read the proxy's error log, for the proxy that answered (or found by the site's port when unknown). */
function proxyLogs(lookFor: { nginx?: string[]; caddy?: string[]; traefik?: string[]; apache?: string[] } = {}): Check[] {
  const source = 'guide: Inspect Reverse Proxy and Domain Configuration';
  return [
    {
      title: "Read nginx's error log",
      changes: 'nothing',
      command: 'sudo tail -n 100 /var/log/nginx/error.log',
      docker: eachContainer('nginx|npm|swag|proxy', 'docker logs --tail=100 "$c" 2>&1'),
      runs: 'proxy',
      detail: 'Nginx Proxy Manager keeps a log per proxy host: /data/logs/proxy-host-*_error.log in its container.',
      ...(lookFor.nginx ? { lookFor: lookFor.nginx } : {}),
      only: ['nginx'],
      source,
    },
    {
      title: "Read Caddy's log",
      changes: 'nothing',
      command: 'sudo journalctl -u caddy --since "1 hour ago" --no-pager | tail -n 100',
      docker: eachContainer('caddy', 'docker logs --tail=100 "$c" 2>&1'),
      runs: 'proxy',
      ...(lookFor.caddy ? { lookFor: lookFor.caddy } : {}),
      only: ['caddy'],
      source,
    },
    {
      title: "Read Traefik's log",
      changes: 'nothing',
      command: 'sudo journalctl -u traefik --since "1 hour ago" --no-pager | tail -n 100',
      docker: eachContainer('traefik', 'docker logs --tail=100 "$c" 2>&1'),
      runs: 'proxy',
      ...(lookFor.traefik ? { lookFor: lookFor.traefik } : {}),
      only: ['traefik'],
      source,
    },
    {
      title: "Read Apache's error log",
      changes: 'nothing',
      command: 'sudo tail -n 100 /var/log/apache2/error.log',
      docker: eachContainer('apache|httpd', 'docker logs --tail=100 "$c" 2>&1'),
      runs: 'proxy',
      ...(lookFor.apache ? { lookFor: lookFor.apache } : {}),
      only: ['apache'],
      source,
    },
    {
      title: 'Open the Cloudflare dashboard → Security → Events (and Zero Trust → Logs for a Tunnel or Access) for this host',
      changes: 'nothing',
      only: ['cloudflare'],
      source,
    },
    {
      title: 'Find what answers on port {{port}} (your reverse proxy, or Immich), then read its log',
      changes: 'nothing',
      command: "sudo ss -ltnp 'sport = :{{port}}'",
      docker: `docker ps --format '{{.Names}}\\t{{.Image}}\\t{{.Ports}}' | grep -E ':{{port}}->' || echo 'No container publishes port {{port}}: the proxy runs on the host (see the ss form)'`,
      runs: 'proxy',
      detail: 'Then: docker logs --tail=100 with that container\'s name, or the proxy\'s own log (nginx: /var/log/nginx/error.log).',
      only: GENERIC_RESPONDERS,
      source,
    },
  ];
}

/** Reload the proxy after changing its configuration, for the proxy that answered (of `forResponders`, when only some get a change to reload). */
function reloadProxy(forResponders?: readonly Responder[]): Check[] {
  const source = 'guide: Inspect Reverse Proxy and Domain Configuration';
  const steps: Check[] = [
    {
      title: 'Check and reload nginx',
      changes: 'config',
      command: 'sudo nginx -t && sudo systemctl reload nginx',
      docker: eachContainer('nginx|swag', 'docker exec "$c" nginx -t && docker exec "$c" nginx -s reload'),
      runs: 'proxy',
      detail: 'Nginx Proxy Manager applies a proxy host when you save it: nothing to reload.',
      only: ['nginx'],
      source,
    },
    {
      title: 'Reload Caddy',
      changes: 'config',
      command: 'sudo systemctl reload caddy',
      docker: eachContainer('caddy', 'docker exec -w /etc/caddy "$c" caddy reload'),
      runs: 'proxy',
      only: ['caddy'],
      source,
    },
    {
      title: 'Restart Traefik (entry point settings are static configuration; routers and middlewares in files reload by themselves)',
      changes: 'config',
      command: 'sudo systemctl restart traefik',
      docker: eachContainer('traefik', 'docker restart "$c"'),
      runs: 'proxy',
      only: ['traefik'],
      source,
    },
    {
      title: 'Check and reload Apache',
      changes: 'config',
      command: 'sudo apachectl configtest && sudo systemctl reload apache2',
      runs: 'proxy',
      only: ['apache'],
      source,
    },
    {
      title: 'Reload your reverse proxy so that the change takes effect',
      changes: 'config',
      detail: 'nginx: nginx -t, then nginx -s reload; Caddy: caddy reload; Traefik: restart it for entry point settings; Nginx Proxy Manager: save the proxy host.',
      only: GENERIC_RESPONDERS,
      source,
    },
  ];
  if (!forResponders) return steps;
  return steps.flatMap((step) => {
    const only = step.only?.filter((responder) => forResponders.includes(responder));
    return only && only.length > 0 ? [{ ...step, only }] : [];
  });
}

/** What the thumbnail job logs when it fails. */
const JOB_LOG_LINES = ['Unable to run job handler (AssetGenerateThumbnails): … (the thumbnail job; its name differs by version)', 'thumbnail generation failed', 'EACCES: permission denied', 'ENOSPC: no space left on device'];

/**
 * What restarting or recreating Immich's containers interrupts, and what `docker compose up -d` (not
 * plain `docker start`) also does: it applies every change made to docker-compose.yml or .env since the containers were created,
 * and pulls an image it does not have (https://docs.docker.com/reference/cli/docker/compose/up/), so a
 * changed IMMICH_VERSION becomes an upgrade.
 */
export const RESTART_NOTE =
  "Uploads, video conversions and jobs under way are cut (the jobs can be run again); not in the middle of a database restore or an upgrade's migration. If docker-compose.yml or .env was edited since, the compose form applies the edits too (a changed IMMICH_VERSION is an upgrade): `docker compose config` shows what will run.";

/** Immich's database dumped into `immich-db-<date>.sql.gz` as `username` (a shell word), or a message and no file when the dump fails (CHECKS.backUpDatabase). */
const dumpDatabase = (username: string) =>
  `BACKUP="immich-db-$(date +%F).sql.gz"; if (set -o pipefail; docker exec immich_postgres pg_dumpall --clean --if-exists --username=${username} | gzip > "$BACKUP"); then ls -l "$BACKUP"; else rm -f "$BACKUP"; echo "The backup failed (is the database running?): no file was kept"; fi`;

/** Immich's server log, with the lines that point at this cause. */
function serverLogs(lookFor: readonly string[], detail?: string): Check {
  return {
    title: "Read the Immich server's log",
    changes: 'nothing',
    command: 'docker compose logs --tail=200 immich-server',
    docker: 'docker logs --tail=200 immich_server',
    runs: 'immich-folder',
    lookFor,
    ...(detail ? { detail } : {}),
    source: 'guide: Check Whether Immich Containers Are Running Correctly',
    url: DOCS.dockerCompose,
  };
}

/** The Verify step that ends every card: what to do once the fix is in, and what the popup should then show. */
export function verify(then: string, command?: string): Check {
  return {
    title: "Verify: click Test again in Immich Doctor's popup on the site, then browse the same photos again",
    detail: `${then} If the same failures come back, the fix did not take: go back to the first step.`,
    changes: 'nothing',
    ...(command ? { command, runs: 'here' as const } : {}),
    verify: true,
    source: 'guide: Use a Safe Troubleshooting Order',
  };
}

/**
 * The checks several causes share, written once (a step that changed with a version is a pair, and a
 * step per proxy is a list: spread them). Each cause lists them in the guide's "safe troubleshooting
 * order": containers, logs, storage, permissions, jobs, direct access, proxy, updates; read-only first.
 */
export const CHECKS = {
  containers: {
    title: 'Check that every Immich container is running or healthy',
    changes: 'nothing',
    command: 'docker compose ps -a',
    docker: "docker ps -a --filter name=immich --format 'table {{.Names}}\\t{{.Status}}'",
    runs: 'immich-folder',
    lookFor: ['Restarting', 'Exited', '(unhealthy)'],
    detail: 'A server, database or Redis container that keeps restarting breaks image loading.',
    source: 'guide: Check Whether Immich Containers Are Running Correctly',
    url: DOCS.dockerCompose,
  },
  serverLogs,
  /** A mount or permission problem: the file errors Immich logs when it cannot send a file (immich.md §3, rows 30-32). */
  fileErrorLogs: serverLogs(['Unable to send file: Error: ENOENT', 'EACCES: permission denied', 'Failed to read (the start-up check of a .immich folder: a mount is missing)']),
  /**
   * The thumbnail job's failures (the guide's words, and the job handler's error line). Before v1.106
   * the jobs ran in a container of their own, immich_microservices, which v1.106 merged into the server
   * (https://github.com/immich-app/immich/releases/tag/v1.106.1; users asking where it went: #9957).
   */
  jobLogs: changedIn('1.106.0', serverLogs(JOB_LOG_LINES), {}, { title: "Read the Immich microservices container's log (it ran the jobs before v1.106)", command: 'docker compose logs --tail=200 immich-microservices', docker: 'docker logs --tail=200 immich_microservices', url: 'https://github.com/immich-app/immich/releases/tag/v1.106.1' }),
  allLogs: {
    title: 'Read the logs of the machine-learning, database and Redis containers',
    changes: 'nothing',
    command: 'docker compose logs --tail=100 immich-machine-learning database redis',
    docker: 'for c in immich_machine_learning immich_postgres immich_redis; do echo "== $c"; docker logs --tail=100 "$c" 2>&1; done',
    runs: 'immich-folder',
    lookFor: ['FATAL', 'database system is shut down', 'No space left on device', 'Out of memory'],
    source: 'guide: Check Whether Immich Containers Are Running Correctly',
    url: DOCS.dockerCompose,
  },
  hostMount: {
    title: 'Check the upload folder on the host: it must exist, be mounted and hold your files',
    changes: 'nothing',
    command: withUploadLocation('ls -lah "$UPLOAD_LOCATION"'),
    docker: INSPECT_MOUNTS,
    runs: 'immich-folder',
    detail: 'The docker form lists each host folder and where the container sees it; ls the host folder next to /data (or /usr/src/app/upload). An empty or missing folder means the disk, NAS or share is not mounted.',
    source: 'guide: Verify Storage Paths and Mounted Volumes',
    url: DOCS.dockerCompose,
  },
  containerMount: {
    title: 'Check the same folder inside the container',
    changes: 'nothing',
    command: 'docker compose exec immich-server ls -lah {{media}}',
    docker: 'docker exec immich_server ls -lah {{media}}',
    runs: 'immich-folder',
    detail:
      "Files on the host but not in the container mean the volume mapping in docker-compose.yml is wrong. The folder inside the container is the right side of the UPLOAD_LOCATION line in your docker-compose.yml (docker compose config shows it), whatever the server's version: a compose file kept through upgrades may still name the old folder.",
    source: 'guide: Verify Storage Paths and Mounted Volumes; immich.md: §3 Disk paths, Version landmarks (v1.137.0)',
    url: DOCS.systemIntegrity,
  },
  thumbsFolder: {
    title: 'Check the generated thumbnails folder',
    changes: 'nothing',
    command: 'docker compose exec immich-server ls -lah {{media}}/thumbs',
    docker: 'docker exec immich_server ls -lah {{media}}/thumbs',
    runs: 'immich-folder',
    scopes: ['thumbnails', 'all'],
    source: 'immich.md: §3 Disk paths',
    url: DOCS.systemIntegrity,
  },
  permissions: {
    title: 'Check ownership and permissions: Immich must read originals and write thumbs, encoded-video and profile',
    changes: 'nothing',
    command: withUploadLocation('ls -lan "$UPLOAD_LOCATION" "$UPLOAD_LOCATION/thumbs" | head -20'),
    docker: 'docker exec immich_server sh -c \'id; ls -lan {{media}} {{media}}/thumbs | head -20\'',
    runs: 'immich-folder',
    detail: 'Fix the owner or group deliberately; do not chmod 777 the whole library.',
    source: 'guide: Review File and Folder Permissions',
  },
  disk: {
    title: 'Check free disk space and free inodes',
    changes: 'nothing',
    command: 'df -h && df -i',
    docker: 'docker exec immich_server df -h {{media}} && docker exec immich_server df -i {{media}}',
    runs: 'server',
    lookFor: ['Use% at 100%', 'IUse% at 100%'],
    detail: 'Free space by removing old Docker images, logs or backups, never media or database volumes without a backup.',
    source: 'guide: Check Disk Space and Inode Availability',
  },
  jobs: changedIn(
    '2.4.0',
    {
      title: '',
      changes: 'nothing',
      source: 'guide: Confirm That Thumbnails and Preview Jobs Are Working; immich.md: §6',
      url: DOCS.jobs,
    },
    { title: 'Open Administration → Queues and look at the failed counts', detail: 'Open {{origin}}/admin/queues. Thumbnail generation, metadata extraction and video conversion should not be stuck or failing. (Before v2.4 the page was Administration → Jobs.)' },
    { title: 'Open Administration → Jobs and look at the failed counts', detail: 'Open {{origin}}/admin/jobs-status. Thumbnail generation, metadata extraction and video conversion should not be stuck or failing.' },
  ),
  rerunThumbnails: changedIn(
    '2.4.0',
    {
      title: 'Rerun thumbnail generation for missing thumbnails',
      changes: 'data',
      scopes: ['thumbnails'],
      source: 'guide: Confirm That Thumbnails and Preview Jobs Are Working; immich.md: §5',
      url: DOCS.jobs,
    },
    { detail: 'Administration → Queues → Generate Thumbnails → "Missing". Use "All" only if files were replaced.' },
    { detail: 'Administration → Jobs → Generate Thumbnails → "Missing". Use "All" only if files were replaced.' },
  ),
  /**
   * For thumbnail files gone from disk while the database still records them: "Missing" picks the
   * photos the database says have none (`streamForThumbnailJob` without `force`, in Immich's
   * asset-job repository: no preview or thumbnail time, no thumbhash), so it queues nothing for them.
   */
  regenerateLostThumbnails: changedIn(
    '2.4.0',
    {
      title: 'Only if the thumbnail files are really gone (not merely unmounted): regenerate every thumbnail',
      changes: 'data',
      scopes: ['thumbnails', 'all'],
      source: 'immich.md: §5 (thumbnail 500: run the Thumbnails job "All")',
      url: DOCS.jobs,
    },
    { detail: 'Administration → Queues → Generate Thumbnails → "All". "Missing" would skip them: it picks the photos the database records without thumbnails, and these have them on record. "All" redoes every photo: hours on a large library.' },
    { detail: 'Administration → Jobs → Generate Thumbnails → "All". "Missing" would skip them: it picks the photos the database records without thumbnails, and these have them on record. "All" redoes every photo: hours on a large library.' },
  ),
  /** Through the proxy from here, and straight to Immich's port on the server: the same answer means the proxy is not the problem. */
  directAccess: [
    {
      title: 'Ask Immich for a pong through the address you use',
      changes: 'nothing',
      command: "curl -si '{{origin}}{{ping}}'",
      runs: 'here',
      detail: 'Expect HTTP 200 and {"res":"pong"}. An HTML page or another status came from something in front of Immich.',
      source: 'guide: Use a Safe Troubleshooting Order ("Test direct access")',
    },
    {
      title: 'Then ask Immich directly on its port, bypassing the proxy',
      changes: 'nothing',
      // The host's port, 2283 in every version's docker-compose.yml: before v1.118 it published
      // `2283:3001`, the container's port being 3001 (immich.md, Version landmarks), which the host does not listen on.
      command: 'curl -si http://localhost:2283{{ping}}',
      runs: 'server',
      detail: 'Expect {"res":"pong"}. 2283 is the port docker-compose.yml publishes by default (the first number of its ports: line): use yours if you changed it.',
      source: 'guide: Use a Safe Troubleshooting Order ("Test direct access"); immich.md: Version landmarks',
    },
  ],
  proxyLogs,
  reloadProxy,
  /** Start what is stopped: changes nothing in the configuration, only runs the containers it describes. */
  startImmich: {
    title: 'Start Immich again (after fixing what the log showed)',
    changes: 'config',
    command: 'docker compose up -d',
    docker: 'docker start immich_postgres immich_redis immich_machine_learning immich_server',
    runs: 'immich-folder',
    detail: RESTART_NOTE,
    source: 'guide: Check Whether Immich Containers Are Running Correctly',
    url: DOCS.dockerCompose,
  },
  clearSiteData: {
    title: 'Clear the browser cache and site data for this Immich address, then log in again',
    changes: 'browser',
    detail: 'Or test in a private window or another browser first: if it works there, the problem is in this browser.',
    source: 'guide: Clear Browser Cache and Test Another Client',
  },
  logInAgain: {
    title: 'Log out and log back in',
    changes: 'browser',
    source: 'guide: Clear Browser Cache and Test Another Client',
  },
  otherClient: {
    title: 'Test in a private window, another browser or the mobile app',
    changes: 'nothing',
    source: 'guide: Clear Browser Cache and Test Another Client',
  },
  /** Before an upgrade: which version .env asks for, and the database backed up (the upgrade's migrations cannot be undone). */
  versionWanted: {
    title: 'See which version your .env asks for, and which one runs',
    changes: 'nothing',
    command: "grep -n '^IMMICH_VERSION' .env; docker compose images immich-server",
    docker: "docker inspect immich_server --format '{{.Config.Image}}'",
    runs: 'immich-folder',
    detail: 'No IMMICH_VERSION line means release (the next step says what pulling it does).',
    source: 'guide: Review Recent Updates and Version Compatibility',
    url: DOCS.upgrading,
  },
  /**
   * Immich's documented dump (DOCS.backup), with the user's DB_USERNAME from .env, and checked: a pipe
   * gives gzip's status, so a stopped database left a 20-byte "backup" and said nothing (a review); the
   * dump's status decides (pipefail, in a subshell so the user's shell keeps its options), and a failed
   * dump's file is removed. Without the docs' `-t`: a terminal would turn the dump's line feeds into CRLF.
   */
  backUpDatabase: {
    title: 'Back up the database before any upgrade',
    changes: 'nothing',
    command: `DB_USERNAME=$(sed -n 's/^DB_USERNAME=//p' .env | tr -d "\\"'"); ${dumpDatabase('"${DB_USERNAME:-postgres}"')}`,
    docker: dumpDatabase('postgres'),
    runs: 'immich-folder',
    detail: "Uses the .env's DB_USERNAME (the docker form Immich's default, postgres). Writes immich-db-<date>.sql.gz here, or says it failed. A stopped database cannot be backed up: start it (the next step) and back up before upgrading. An upgrade migrates the database and cannot be undone without it; back up the media folder (UPLOAD_LOCATION) too.",
    source: 'guide: Review Recent Updates and Version Compatibility',
    url: DOCS.backup,
  },
  versions: {
    title: 'Compare your docker-compose.yml and .env with the release notes, then pull and restart: an upgrade',
    changes: 'data',
    command: 'docker compose pull && docker compose up -d',
    runs: 'immich-folder',
    detail:
      "Not only a restart, an upgrade: pull fetches the newest image of the tag your .env's IMMICH_VERSION names (release: the latest release, whatever its major version; a major tag such as v2: the newest of that major). Read the release notes of every version in between (v1.137 moved the library mount to /data) and back up the database and media first. Portainer, Unraid, TrueNAS: re-pull the stack or app from their page.",
    source: 'guide: Review Recent Updates and Version Compatibility',
    url: DOCS.upgrading,
  },
} satisfies Record<string, Check | readonly Check[] | ((...args: never[]) => Check | Check[])>;
