import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RESPONDERS, type Responder } from '../../../utils/classify/responder';
import { CATALOG, causeById } from '../../../utils/diagnose/catalog';
import { MEDIA_SCOPES, type CauseId, type MediaScope } from '../../../utils/diagnose/cause';
import { APACHE_PROXY_LINES, CHANGE_RANK, CHECKS, fillChecks, RESTART_NOTE, TOKENS, type FilledCheck } from '../../../utils/diagnose/check';

/** Whether a step `first` finds comes before one `then` finds, both there. */
const inOrder = (checks: readonly FilledCheck[], first: (check: FilledCheck) => unknown, then: (check: FilledCheck) => unknown) => {
  const [a, b] = [checks.findIndex(first), checks.findIndex(then)];
  return a >= 0 && b >= 0 && a < b;
};

/**
 * The checks a user pastes: every command of every cause, filled in every variant the engine can make
 * (each responder, scope, server version and kind of address), must run as pasted in bash, with nothing
 * left to fill in by hand, in the guide's safe order, and end with a Verify step.
 */

const ORIGINS = ['https://photos.example.com', 'http://192.168.1.10:2283', 'http://127.0.0.1:8443', "http://o'brien.lan:8080", 'http://[::1]:8080'];
const VERSIONS = [undefined, 'v2.7.5', 'v2.4.0', 'v2.3.0', 'v1.137.0', 'v1.125.0', 'v1.106.0'];
const SCOPES: Array<MediaScope | undefined> = [undefined, ...MEDIA_SCOPES];

interface Variant {
  cause: CauseId;
  responder: Responder;
  scope?: MediaScope;
  serverVersion?: string;
  origin: string;
  checks: FilledCheck[];
}

function fill(cause: CauseId, context: Omit<Variant, 'cause' | 'checks'>): FilledCheck[] {
  return fillChecks(causeById(cause).checks, context);
}

const VARIANTS: Variant[] = CATALOG.flatMap((cause) =>
  RESPONDERS.flatMap((responder) =>
    SCOPES.flatMap((scope) =>
      VERSIONS.flatMap((serverVersion) =>
        ORIGINS.map((origin) => ({ cause: cause.id, responder, scope, serverVersion, origin, checks: fill(cause.id, { responder, scope, serverVersion, origin }) })),
      ),
    ),
  ),
);

/** Every distinct shell command of the catalog, filled, with one variant that makes it (for the failure message). */
const COMMANDS = new Map<string, string>();
for (const variant of VARIANTS) {
  for (const check of variant.checks) {
    for (const command of [check.command, check.docker]) {
      if (command && !COMMANDS.has(command)) COMMANDS.set(command, `${variant.cause} / ${variant.responder} / ${variant.serverVersion ?? 'version unknown'} / ${variant.origin}: ${check.title}`);
    }
  }
}

const text = (check: FilledCheck) => [check.title, check.detail, check.command, check.docker, ...(check.lookFor ?? [])].filter(Boolean).join('\n');

describe('every command runs as pasted in bash', () => {
  it('there are commands to check (every cause with a shell step is among them)', () => {
    expect(COMMANDS.size).toBeGreaterThan(60);
  });

  it('bash -n accepts every command, in every filled variant', () => {
    const failures: string[] = [];
    for (const [command, where] of COMMANDS) {
      const result = spawnSync('bash', ['-n', '-c', command], { encoding: 'utf8' });
      if (result.status !== 0) failures.push(`${where}\n  ${command}\n  ${result.stderr.trim()}`);
    }
    expect(failures).toEqual([]);
  });

  it('no placeholder is left: no {{token}}, no <proxy>, no IMMICH_HOST, no "# or:" alternative on one line', () => {
    const left = [...COMMANDS.keys()].filter(
      (command) =>
        new RegExp(`\\{\\{(${TOKENS.join('|')})\\}\\}`).test(command) ||
        /<[A-Za-z][\w-]*>/.test(command) ||
        /\bIMMICH_(HOST|IP|PORT)\b|\bYOUR_|\bPATH_TO\b/.test(command) ||
        /#\s*or\b/i.test(command),
    );
    expect(left).toEqual([]);
  });

  it('every $VAR a command reads, it sets itself (UPLOAD_LOCATION lives in .env, not in the shell)', () => {
    const unset: string[] = [];
    for (const command of COMMANDS.keys()) {
      for (const [, name] of command.matchAll(/\$\{?([A-Za-z_]\w*)/g)) {
        if (!new RegExp(`(^|[\\s;(])${name}=|\\bfor ${name} in\\b`).test(command)) unset.push(`${name} in: ${command}`);
      }
    }
    expect(unset).toEqual([]);
  });

  it('every step with a command says where to run it', () => {
    const nowhere = VARIANTS.flatMap((variant) => variant.checks.filter((check) => (check.command || check.docker) && !check.where).map((check) => `${variant.cause}: ${check.title}`));
    expect([...new Set(nowhere)]).toEqual([]);
  });

  it('every step that runs in the Immich folder also has a plain docker form, with Immich\'s container names', () => {
    const steps = VARIANTS.flatMap((variant) => variant.checks).filter((check) => check.command?.startsWith('docker compose') || check.command?.includes('.env'));
    expect(steps.length).toBeGreaterThan(0);
    for (const check of steps) {
      if (check.command!.startsWith('docker compose pull')) continue; // an upgrade: Portainer and co. re-pull from their page (said in the detail)
      expect(check.docker, check.title).toMatch(/docker (logs|exec|inspect|ps|start|restart)|for c in immich_/);
      expect(check.docker, check.title).not.toMatch(/immich-server|immich-machine-learning/);
    }
  });
});

describe('the UPLOAD_LOCATION form, run for real', () => {
  const hostMount = fillChecks([CHECKS.hostMount], { responder: 'immich' })[0]!.command!;
  const folder = mkdtempSync(join(tmpdir(), 'immich-doctor-env-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  const run = (cwd: string) => spawnSync('bash', ['-c', hostMount], { cwd, encoding: 'utf8' });

  it('in the Immich folder, it lists the folder .env names (relative and quoted values too)', () => {
    const immich = join(folder, 'immich-app');
    mkdirSync(join(immich, 'library', 'thumbs'), { recursive: true });
    writeFileSync(join(immich, '.env'), 'DB_PASSWORD=postgres\nUPLOAD_LOCATION="./library"\nIMMICH_VERSION=release\n');
    const result = run(immich);
    expect(result.stdout).toContain('UPLOAD_LOCATION=./library');
    expect(result.stdout).toContain('thumbs');
    expect(result.stderr).not.toContain("cannot access ''");
  });

  it('elsewhere, it says to cd to the Immich folder instead of "cannot access \'\'" (which reads as a disk not mounted)', () => {
    const result = run(folder);
    expect(result.stdout).toContain('cd to the folder with Immich');
    expect(result.stdout + result.stderr).not.toContain("cannot access ''");
  });
});

describe('the database backup, run for real against a stand-in docker', () => {
  const backup = fillChecks([CHECKS.backUpDatabase], { responder: 'immich' })[0]!.command!;
  const folder = mkdtempSync(join(tmpdir(), 'immich-doctor-backup-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  /** Runs the step in a fresh Immich folder, `docker` being a script that prints a dump (or fails, as with a stopped database) and records its arguments. */
  function run(dockerBody: string) {
    const immich = mkdtempSync(join(folder, 'immich-app-'));
    writeFileSync(join(immich, '.env'), 'UPLOAD_LOCATION=./library\nDB_USERNAME="immich"\n');
    const bin = join(immich, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'docker'), `#!/bin/sh\necho "$*" > "${immich}/docker-args"\n${dockerBody}\n`, { mode: 0o755 });
    const result = spawnSync('bash', ['-c', backup], { cwd: immich, encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    const kept = readdirSync(immich).filter((name) => name.endsWith('.sql.gz'));
    return { result, kept, args: readFileSync(join(immich, 'docker-args'), 'utf8').trim(), immich };
  }

  it("a dump is kept, gzipped, under .env's DB_USERNAME", () => {
    const { result, kept, args, immich } = run('echo "-- PostgreSQL database cluster dump"');
    expect(result.status).toBe(0);
    expect(kept).toEqual([expect.stringMatching(/^immich-db-\d{4}-\d{2}-\d{2}\.sql\.gz$/)]);
    expect(gunzipSync(readFileSync(join(immich, kept[0]!))).toString()).toBe('-- PostgreSQL database cluster dump\n');
    expect(args).toBe('exec immich_postgres pg_dumpall --clean --if-exists --username=immich');
  });

  it('a dump that fails (the database stopped) leaves no file and says so, where gzip alone reported success', () => {
    const { result, kept } = run('echo "Error response from daemon: container is not running" >&2; exit 1');
    expect(kept).toEqual([]);
    expect(result.stdout).toContain('The backup failed (is the database running?): no file was kept');
  });
});

describe('read-only first, Verify last', () => {
  it.each(CATALOG.map((cause) => [cause.id] as const))('%s: the catalog lists steps from those that change nothing up', (id) => {
    const ranks = causeById(id)
      .checks.filter((check) => !check.verify)
      .map((check) => CHANGE_RANK[check.changes]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('every filled card ends with exactly one Verify step, and it changes nothing', () => {
    const wrong = VARIANTS.filter((variant) => {
      const verifies = variant.checks.filter((check) => check.verify);
      return verifies.length !== 1 || variant.checks.at(-1) !== verifies[0] || verifies[0]!.changes !== 'nothing';
    });
    expect(wrong.map((variant) => `${variant.cause}/${variant.responder}/${variant.scope}`)).toEqual([]);
  });

  it('every filled card starts with a step that changes nothing, or its gentlest step', () => {
    for (const variant of VARIANTS) {
      const ranks = variant.checks.map((check) => CHANGE_RANK[check.changes]);
      expect(ranks.slice(0, -1), `${variant.cause}/${variant.responder}`).toEqual([...ranks.slice(0, -1)].sort((a, b) => a - b));
    }
  });
});

const nginx = { responder: 'nginx' as const, origin: 'https://photos.example.com' };

describe('steps are tailored to the cause, the scope and the proxy', () => {
  it.each<[string, CauseId, Partial<Variant>, (checks: FilledCheck[]) => unknown, unknown]>([
    ['originals missing: no thumbnail rerun, no thumbs folder', 'media-file-unreadable', { responder: 'immich', scope: 'originals' }, (checks) => checks.some((check) => /thumbnail/i.test(check.title)), false],
    ['thumbnails missing: the regeneration comes after the read-only disk checks', 'media-file-unreadable', { responder: 'immich', scope: 'thumbnails' }, (checks) => {
      const titles = checks.map((check) => check.title);
      return titles.findIndex((title) => title.includes('regenerate every thumbnail')) > titles.findIndex((title) => title.startsWith('Check the upload folder'));
    }, true],
    // "Missing" picks what the database records without thumbnails: files gone from disk are on record (Immich's streamForThumbnailJob).
    ['thumbnail files gone from disk: "All", never "Missing", which would skip them', 'media-file-unreadable', { responder: 'immich', scope: 'thumbnails', serverVersion: 'v2.7.5' }, (checks) => checks.filter((check) => /Generate Thumbnails/.test(check.detail ?? '')).map((check) => /→ "All"/.test(check.detail!) && !/→ "Missing"/.test(check.detail!)), [true]],
    ['thumbnails never generated: "Missing"', 'thumbnail-not-generated', { responder: 'immich', serverVersion: 'v2.7.5' }, (checks) => checks.filter((check) => /Generate Thumbnails/.test(check.detail ?? '')).map((check) => /→ "Missing"/.test(check.detail!)), [true]],
    ['a storage fault looks for ENOENT and EACCES', 'media-file-unreadable', { responder: 'immich', scope: 'all' }, (checks) => checks.flatMap((check) => check.lookFor ?? []).some((line) => line.includes('ENOENT')), true],
    ['the gateway card: log in to the gateway before changing the proxy', 'auth-gateway-redirect', nginx, (checks) => checks.find((check) => check.changes !== 'nothing')?.title, 'Log in to the gateway in this browser, then reload Immich'],
    ['the timeout card: the direct test before any configuration', 'proxy-timeout', nginx, (checks) => checks.findIndex((check) => check.command?.includes('localhost:2283')) < checks.findIndex((check) => check.changes === 'config'), true],
    ['the 413 card reloads nginx before Verify', 'proxy-body-too-large', nginx, (checks) => checks.at(-2)?.command, 'sudo nginx -t && sudo systemctl reload nginx'],
    ['the 413 card for Caddy reloads Caddy', 'proxy-body-too-large', { responder: 'caddy' }, (checks) => checks.at(-2)?.command, 'sudo systemctl reload caddy'],
    // A Bypass policy on the application that covers the whole host would open all of it to anyone.
    ['the gateway card for Cloudflare exempts /api with an Access application of its own', 'auth-gateway-redirect', { responder: 'cloudflare' }, (checks) => checks.filter((check) => /bypass/i.test(text(check))).map((check) => check.title), ['Cloudflare Access: exempt /api and /.well-known/immich with an application of their own, with a Bypass policy']],
    ['a compose volume changed: the server container is recreated, not only restarted', 'media-file-unreadable', { responder: 'immich', scope: 'all' }, (checks) => checks.find((check) => check.title.startsWith('Mount the disk'))?.command, 'docker compose up -d --force-recreate immich-server'],
    // Apache 2.4.54+ refuses bodies over 1 GiB by default (https://httpd.apache.org/docs/2.4/mod/core.html#limitrequestbody).
    ['the 413 card for Apache finds and lifts LimitRequestBody', 'proxy-body-too-large', { responder: 'apache' }, (checks) => [checks.find((check) => check.command?.includes('LimitRequestBody'))?.changes, checks.find((check) => check.config === 'LimitRequestBody 0')?.changes], ['nothing', 'config']],
    // Immich's documented Apache lines (docs.immich.app/administration/reverse-proxy), whole, wherever a card gives them.
    ['the timeout card for Apache gives ProxyPass its 600 s', 'proxy-timeout', { responder: 'apache' }, (checks) => checks.some((check) => check.config === APACHE_PROXY_LINES), true],
    ['the WebSocket card for Apache gives the documented lines, timeout and reverse mapping included', 'websocket-blocked', { responder: 'apache' }, (checks) => checks.filter((check) => check.config?.includes('ProxyPass')).map((check) => check.config), [APACHE_PROXY_LINES]],
    ['the timeout card for Caddy has a change to reload for', 'proxy-timeout', { responder: 'caddy' }, (checks) => inOrder(checks, (check) => check.config?.includes('read_timeout'), (check) => check.title === 'Reload Caddy'), true],
    // Immich's nginx example sets Host from $http_host, which keeps a port other than the scheme's.
    ['nginx forwards the Host with its port', 'mixed-content', { responder: 'nginx' }, (checks) => checks.some((check) => check.config?.includes('proxy_set_header Host $http_host;')) && !checks.some((check) => check.config?.includes('Host $host;')), true],
    // Before v1.106 the jobs ran in immich_microservices (immich-app/immich#9957).
    ['jobs before v1.106: the microservices container\'s log', 'thumbnail-not-generated', { responder: 'immich', serverVersion: 'v1.105.1' }, (checks) => checks.filter((check) => check.command?.includes(' logs ')).map((check) => [check.command, check.docker]), [['docker compose logs --tail=200 immich-microservices', 'docker logs --tail=200 immich_microservices']]],
    ['jobs from v1.106: the server\'s log', 'thumbnail-not-generated', { responder: 'immich', serverVersion: 'v1.106.0' }, (checks) => checks.filter((check) => check.command?.includes(' logs ')).map((check) => check.command), ['docker compose logs --tail=200 immich-server']],
    ['a restart says what it cuts, and that it applies edits to the compose file', 'server-error', { responder: 'immich' }, (checks) => checks.filter((check) => check.command?.includes('restart')).map((check) => check.detail === RESTART_NOTE), [true]],
    ['the upgrade comes after the database is backed up', 'server-error', { responder: 'immich' }, (checks) => inOrder(checks, (check) => check.command?.includes('pg_dumpall'), (check) => check.command === 'docker compose pull && docker compose up -d'), true],
    ['the containers step lists stopped ones too', 'upstream-unreachable', nginx, (checks) => checks.find((check) => check.title.startsWith('Check that every Immich container'))?.command, 'docker compose ps -a'],
  ])('%s', (_name, cause, context, read, expected) => {
    expect(read(fill(cause, { responder: 'immich', origin: 'https://photos.example.com', ...context }))).toEqual(expected);
  });

  it.each<CauseId>(['proxy-timeout', 'upstream-unreachable', 'maintenance-mode', 'connection-refused', 'network-unreachable', 'proxy-forbidden', 'websocket-blocked', 'session-expired'])(
    '%s: no ENOENT, no "thumbnail generation failed", no thumbnail rerun',
    (cause) => {
      for (const responder of RESPONDERS) {
        const all = fill(cause, { responder, origin: 'https://photos.example.com' }).map(text).join('\n');
        expect(all).not.toMatch(/ENOENT|thumbnail generation failed|Rerun thumbnail/i);
      }
    },
  );

  it.each<CauseId>(['websocket-blocked', 'proxy-body-too-large', 'proxy-timeout', 'upstream-unreachable', 'auth-gateway-redirect', 'mixed-content', 'proxy-forbidden', 'html-instead-of-media', 'tls-error'])(
    '%s: an unknown responder gets the generic proxy steps, not nginx\'s, Apache\'s and Nginx Proxy Manager\'s at once',
    (cause) => {
      const checks = fill(cause, { responder: 'unknown', origin: 'http://127.0.0.1:8443' });
      expect(checks.filter((check) => /^(nginx|Apache|Nginx Proxy Manager|Caddy|Traefik|Cloudflare)\b|^(Read|Reload|Check and reload) (nginx|Caddy|Traefik|Apache)/.test(check.title)).map((check) => check.title)).toEqual([]);
      expect(checks.some((check) => check.command?.includes("sport = :8443") || check.docker?.includes(':8443->') || /your (reverse )?proxy|the proxy in front/i.test(check.title))).toBe(true);
    },
  );

  it('nginx gets nginx\'s steps and no other proxy\'s', () => {
    const titles = fill('websocket-blocked', nginx).map((check) => check.title);
    expect(titles).toContain('nginx: forward the WebSocket upgrade in the Immich location');
    expect(titles.filter((title) => /Apache|Cloudflare|Caddy|Traefik/.test(title))).toEqual([]);
  });
});

describe('filled with what is known', () => {
  it('the site\'s host and port go into the commands that need them', () => {
    const origin = 'http://192.168.1.10:8443';
    const commands = (cause: CauseId, responder: Responder = 'unknown') => fill(cause, { responder, origin }).flatMap((check) => [check.command, check.docker]).join('\n');
    expect(commands('upstream-unreachable', 'nginx')).toContain("curl -si 'http://192.168.1.10:8443/api/server/ping'");
    expect(commands('connection-refused')).toContain("sudo ss -ltnp 'sport = :8443'");
    expect(commands('tls-error')).toContain("openssl s_client -connect '192.168.1.10:8443' -servername '192.168.1.10'");
    expect(commands('dns-failure')).toContain("nslookup '192.168.1.10'");
    expect(commands('websocket-blocked')).toContain("'http://192.168.1.10:8443/api/socket.io/?EIO=4&transport=websocket'");
    // An address without a port: its scheme's.
    expect(fill('tls-error', { responder: 'unknown', origin: 'https://photos.example.com' })[0]!.command).toContain("'photos.example.com:443'");
  });

  it.each([
    [undefined, '/data', 'Administration → Queues', 'localhost:2283/api/server/ping', true],
    ['v2.7.5', '/data', 'Administration → Queues', 'localhost:2283/api/server/ping', false],
    ['v2.3.0', '/data', 'Administration → Jobs', 'localhost:2283/api/server/ping', false],
    ['v1.125.0', '/usr/src/app/upload', 'Administration → Jobs', 'localhost:2283/api/server/ping', false],
    ['v1.110.0', '/usr/src/app/upload', 'Administration → Jobs', 'localhost:2283/api/server/ping', false],
    // The host's port in every version: before v1.118 the compose file published 2283:3001 (immich.md, Version landmarks).
    ['v1.106.0', '/usr/src/app/upload', 'Administration → Jobs', 'localhost:2283/api/server-info/ping', false],
  ])('server version %s: media at %s, %s, direct test %s', (serverVersion, media, jobsPage, direct, notesOlderPath) => {
    const storage = fill('media-file-unreadable', { responder: 'immich', scope: 'thumbnails', serverVersion, origin: 'https://photos.example.com' });
    const jobs = fill('thumbnail-not-generated', { responder: 'immich', serverVersion, origin: 'https://photos.example.com' });
    const upstream = fill('upstream-unreachable', { responder: 'nginx', serverVersion, origin: 'https://photos.example.com' });
    const inContainer = storage.find((check) => check.title === 'Check the same folder inside the container')!;
    expect(inContainer.command).toBe(`docker compose exec immich-server ls -lah ${media}`);
    expect(inContainer.docker).toBe(`docker exec immich_server ls -lah ${media}`);
    expect(inContainer.detail?.includes('/usr/src/app/upload instead of /data') ?? false).toBe(notesOlderPath);
    expect(jobs[0]!.title).toContain(jobsPage);
    expect(jobs[0]!.detail).toContain(jobsPage.endsWith('Queues') ? 'https://photos.example.com/admin/queues' : 'https://photos.example.com/admin/jobs-status');
    expect(upstream.map((check) => check.command).filter((command) => command?.includes('localhost:'))).toEqual([`curl -si http://${direct}`]);
    // Through the proxy, the same version's ping route.
    expect(upstream.map((check) => check.command)).toContain(`curl -si 'https://photos.example.com${direct.slice('localhost:2283'.length)}'`);
  });

  it('a step whose docker form alone uses the media folder notes the older one too, when the version is unknown', () => {
    const steps = CATALOG.flatMap((cause) => cause.checks).filter((check) => check.docker?.includes('{{media}}') && !check.command?.includes('{{media}}'));
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) {
      const [unknown] = fillChecks([step], { responder: step.only?.[0] ?? 'immich', ...(step.scopes ? { scope: step.scopes[0] } : {}) });
      const [known] = fillChecks([step], { responder: step.only?.[0] ?? 'immich', serverVersion: 'v2.7.5', ...(step.scopes ? { scope: step.scopes[0] } : {}) });
      expect(unknown!.detail, step.title).toContain('/usr/src/app/upload instead of /data');
      expect(known!.detail ?? '', step.title).not.toContain('/usr/src/app/upload');
    }
  });

  it('a quote in a host name cannot break out of the command', () => {
    const [ping] = fill('upstream-unreachable', { responder: 'nginx', origin: "http://o'brien.lan:8080" }).filter((check) => check.command?.startsWith('curl -si \''));
    expect(ping!.command).toBe("curl -si 'http://o'\\''brien.lan:8080/api/server/ping'");
  });
});

describe('sources', () => {
  const steps = CATALOG.flatMap((cause) => cause.checks);

  it('every step names its source; a step from the Immich docs links to them', () => {
    for (const step of steps) {
      expect(step.source).toMatch(/^(guide|immich\.md): /);
      if (/reverse-proxy\.md|FAQ/.test(step.source) && !/#\d+\)$/.test(step.source)) expect(step.url, step.title).toMatch(/^https:\/\/(docs\.immich\.app|github\.com\/immich-app)\//);
    }
  });

  it('every link is https', () => {
    for (const step of steps) if (step.url) expect(step.url).toMatch(/^https:\/\//);
  });
});
