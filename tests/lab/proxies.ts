import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Real reverse proxies from Debian's packages, started on loopback with generated configs and stopped
 * afterwards. Each variant is one misconfiguration from the troubleshooting guide.
 */
export type NginxVariant =
  | 'healthy'
  | 'body-1m'
  | 'read-timeout-1s'
  | 'no-websocket'
  | 'acl-403'
  | 'forward-auth'
  | 'gateway-other-port'
  | 'gateway-same-origin'
  | 'gateway-session'
  | 'tls'
  | 'media-502';

export interface NginxOptions {
  /**
   * `gateway-session` only: the `host:port` of the gateway's session check (`startGatewaySession`),
   * which nginx's auth_request asks on every /api request.
   */
  gatewayCheck?: string;
  /** Listen on this loopback port: an nginx started again with a changed configuration keeps the site's address. */
  port?: number;
  /**
   * Gateway variants only: what stands in place of the gated `location /api/` block, as a user pastes a
   * step's configuration there (the gateway's check and login locations stay, unused by it).
   */
  apiLocations?: string;
  /**
   * Gateway variants only: where the gateway's `auth_request` stands. `api` (the default): in the
   * `location /api/` it guards; `server`: in the server block, guarding every location (the web app's
   * pages too), as a gateway put in front of a whole site is. Then only a location that says
   * `auth_request off` is exempt. `forward-auth`'s portal, answered by `location /`, is gated too: a
   * client that follows the redirect loops, so read the first answer only.
   */
  gate?: 'api' | 'server';
}

export interface RunningProxy {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** The proxy's own error log, for failure messages. */
  errorLog(): string;
}

/** The upstream Immich Doctor's configuration steps name, as Immich's docs do. */
const DOCUMENTED_UPSTREAM = 'immich-server:2283';

/** A step's configuration with its documented upstream replaced by a real one, as the steps ask the user to. */
export function withUpstream(config: string, upstream: string): string {
  return config.replaceAll(DOCUMENTED_UPSTREAM, upstream);
}

/** A free loopback port: bind to 0, read it, release it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`proxy exited with ${child.exitCode}: ${readLog(logFile)}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`proxy did not listen on ${port}: ${readLog(logFile)}`);
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-2000);
  } catch {
    return '(no log)';
  }
}

async function run(command: string, args: string[], port: number, dir: string, logFile: string): Promise<RunningProxy> {
  return attach(spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] }), port, dir, logFile);
}

async function attach(child: ChildProcess, port: number, dir: string, logFile: string): Promise<RunningProxy> {
  child.stderr?.on('data', (chunk: Buffer) => writeFileSync(logFile, chunk, { flag: 'a' }));
  await waitForPort(port, child, logFile);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    errorLog: () => readLog(logFile),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `media-502`: a location of its own for Immich's media (as some setups add, for caching or a
 * separate timeout) that points at a port nothing listens on: thumbnails and originals get nginx's
 * real 502 Bad Gateway, while the app and the API work, and Immich itself, asked directly, serves them.
 */
function mediaLocation(deadPort: number): string {
  return `
    location ~ ^/api/assets/[^/]+/(thumbnail|original)$ {
      proxy_pass http://127.0.0.1:${deadPort};
    }`;
}

/** The Immich location as Immich's docs write it, minus what a variant breaks. */
function nginxLocation(upstream: string, variant: NginxVariant): string {
  const lines = [
    `proxy_pass http://${upstream};`,
    'proxy_http_version 1.1;',
    'proxy_set_header Host $host;',
    'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
    'proxy_set_header X-Forwarded-Proto $scheme;',
    'proxy_redirect off;',
  ];
  if (variant !== 'no-websocket') lines.push('proxy_set_header Upgrade $http_upgrade;', 'proxy_set_header Connection $connection_upgrade;');
  lines.push(variant === 'read-timeout-1s' ? 'proxy_read_timeout 1s;' : 'proxy_read_timeout 600s;');
  if (variant === 'acl-403') lines.push('deny all;');
  return lines.map((line) => `      ${line}`).join('\n');
}

/** A self-signed certificate for 127.0.0.1, as a home server might use: browsers refuse it. */
function selfSignedCertificate(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { cert, key };
}

/**
 * SSO gateways (nginx `auth_request`, as Authelia, Authentik and oauth2-proxy document it) guarding
 * /api, each variant with its login portal somewhere else:
 * - `forward-auth`: the check always says "not logged in"; the portal is on another host name
 *   (localhost ≠ 127.0.0.1), same port (nginx's own `location /` answers it);
 * - `gateway-other-port`: the same, but the portal is on the same host name and another port, as
 *   Authelia on `:9091` beside Immich on one address: another origin all the same;
 * - `gateway-same-origin`: oauth2-proxy's layout, the portal under the site itself (`/oauth2/start`),
 *   a small HTML sign-in page that nginx serves;
 * - `gateway-session`: a session that lasts until it expires: auth_request asks the gateway's check
 *   (`startGatewaySession`), 200 while the session lasts, 401 once it expired; then as `gateway-other-port`.
 * A check that says 401 becomes the gateway's 302 to its portal. Immich's own 401s pass through
 * unchanged (`proxy_intercept_errors` is off), so only the gateway's refusals redirect.
 */
interface Gateway {
  portal: 'other-host' | 'other-port' | 'same-origin';
  /** host:port of the session check; none: nobody is ever logged in. */
  check?: string;
}

function gatewayOf(variant: NginxVariant, options: NginxOptions): Gateway | undefined {
  if (variant === 'forward-auth') return { portal: 'other-host' };
  if (variant === 'gateway-other-port') return { portal: 'other-port' };
  if (variant === 'gateway-same-origin') return { portal: 'same-origin' };
  if (variant === 'gateway-session') {
    if (!options.gatewayCheck) throw new Error('the gateway-session variant needs options.gatewayCheck (startGatewaySession)');
    return { portal: 'other-port', check: options.gatewayCheck };
  }
  return undefined;
}

/** The portal's sign-in page, as an nginx string literal (single-quoted, so no single quotes inside). */
const PORTAL_PAGE = `'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head><body><form method="post" action="/login"><h1>Sign in to continue</h1><label>User <input name="username"></label> <label>Password <input name="password" type="password"></label> <button>Sign in</button></form></body></html>'`;

function gatewayLocations(upstream: string, variant: NginxVariant, gateway: Gateway, portalPort: number | undefined, { apiLocations, gate = 'api' }: NginxOptions): string {
  const check = gateway.check
    ? `location = /_gateway_check {
      internal;
      proxy_pass http://${gateway.check}/verify;
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header X-Original-URI $request_uri;
    }`
    : // An error_page of its own, never used, so that a server-level gate's `error_page 401` is not
      // inherited and its 401 reaches auth_request as a 401, not as the login redirect: nginx inherits
      // error_page only into a level that has none (https://nginx.org/en/docs/http/ngx_http_core_module.html#error_page).
      'location = /_gateway_check { internal; error_page 599 = @gateway_login; return 401; }';
  const login = {
    'other-host': 'http://localhost:$server_port/sso/login?rd=$scheme://$host:$server_port$request_uri',
    'other-port': `http://127.0.0.1:${portalPort}/login?rd=$scheme://$http_host$request_uri`,
    'same-origin': '$scheme://$http_host/oauth2/start?rd=$scheme://$http_host$request_uri',
  }[gateway.portal];
  const ownPortal = gateway.portal === 'same-origin' ? `\n    location /oauth2/ { default_type text/html; return 200 ${PORTAL_PAGE}; }` : '';
  const guard = 'auth_request /_gateway_check;\n    error_page 401 = @gateway_login;';
  const api =
    apiLocations ??
    `location /api/ {
      ${gate === 'api' ? guard : ''}
${nginxLocation(upstream, variant)}
    }`;
  // The gateway's own subrequest to its check is not guarded again: nginx runs no access phase for subrequests.
  return `
    ${gate === 'server' ? guard : ''}
    ${api}
    ${check}
    location @gateway_login { auth_request off; return 302 ${login}; }${ownPortal}`;
}

/** The portal of `other-port` gateways: another server of the same nginx, on its own port. */
function portalServer(port: number): string {
  return `
  server {
    listen 127.0.0.1:${port};
    location / { default_type text/html; return 200 ${PORTAL_PAGE}; }
  }`;
}

/**
 * A login gateway's session check, what Authelia's `/api/verify` or oauth2-proxy's `/oauth2/auth` is to
 * nginx's auth_request: 200 while the session lasts, 401 once `expire()` ended it.
 */
export interface GatewaySession {
  /** host:port, for `startNginx(…, 'gateway-session', { gatewayCheck })`. */
  address: string;
  expire(): void;
  stop(): Promise<void>;
}

export async function startGatewaySession(): Promise<GatewaySession> {
  let valid = true;
  const server = createHttpServer((_request, response) => {
    response.writeHead(valid ? 200 : 401, { 'Content-Length': 0 });
    response.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    expire: () => {
      valid = false;
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A folder for one nginx: its temp folders, and where its configuration, pid and error log go. */
function nginxFolder(): { dir: string; logFile: string; configFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lab-nginx-'));
  for (const temp of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, temp));
  return { dir, logFile: join(dir, 'error.log'), configFile: join(dir, 'nginx.conf') };
}

/**
 * The configuration around a lab nginx's server blocks, as a stock `nginx.conf`'s `http` block has nothing
 * the blocks could lean on: everything nginx writes stays in `dir`.
 */
function nginxConfig(dir: string, logFile: string, servers: string): string {
  const isRoot = process.getuid?.() === 0;
  return `
${isRoot ? 'user root;' : ''}
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${logFile} warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;${servers}
}
`;
}

/** What `nginx -t` says of these server blocks in the lab's configuration: whether nginx would start with them. */
export function nginxAccepts(servers: string): { ok: boolean; output: string } {
  const { dir, logFile, configFile } = nginxFolder();
  try {
    writeFileSync(configFile, nginxConfig(dir, logFile, servers));
    const result = spawnSync('/usr/sbin/nginx', ['-t', '-p', dir, '-e', logFile, '-c', configFile], { encoding: 'utf8' });
    return { ok: result.status === 0, output: `${result.stderr}${result.stdout}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startNginx(upstream: string, variant: NginxVariant = 'healthy', options: NginxOptions = {}): Promise<RunningProxy> {
  const gateway = gatewayOf(variant, options);
  const { dir, logFile, configFile } = nginxFolder();
  const port = options.port ?? (await freePort());
  let portalPort: number | undefined;
  while (gateway?.portal === 'other-port' && (portalPort === undefined || portalPort === port)) portalPort = await freePort();
  const tls = variant === 'tls' ? selfSignedCertificate(dir) : undefined;
  const listen = tls ? `listen 127.0.0.1:${port} ssl;\n    ssl_certificate ${tls.cert};\n    ssl_certificate_key ${tls.key};` : `listen 127.0.0.1:${port};`;
  // The lab's own locations read $connection_upgrade, as Immich's docs' configuration does.
  const servers = `
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  server {
    ${listen}
    client_max_body_size ${variant === 'body-1m' ? '1m' : '50000M'};${gateway ? gatewayLocations(upstream, variant, gateway, portalPort, options) : ''}${variant === 'media-502' ? mediaLocation(await freePort()) : ''}
    location / {
${nginxLocation(upstream, variant)}
    }
  }${portalPort === undefined ? '' : portalServer(portalPort)}`;
  writeFileSync(configFile, nginxConfig(dir, logFile, servers));
  const proxy = await run('/usr/sbin/nginx', ['-p', dir, '-e', logFile, '-c', configFile], port, dir, logFile);
  return tls ? { ...proxy, url: `https://127.0.0.1:${port}` } : proxy;
}

/** A lab Caddy's Caddyfile: no admin endpoint, no automatic HTTPS, its storage in `dir`; one plain-HTTP site. */
function caddyfile(dir: string, port: number, site: string): string {
  return `{
	admin off
	auto_https off
	storage file_system ${dir}/data
}
http://127.0.0.1:${port} {
${site}
}
`;
}

/** Caddy keeps its state under these: the lab's stays in `dir`. */
const caddyEnv = (dir: string) => ({ ...process.env, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir, HOME: dir });

/** Caddy in front of Immich, as in Immich's docs: `reverse_proxy` does WebSockets and large bodies by default. */
export async function startCaddy(upstream: string): Promise<RunningProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'lab-caddy-'));
  const port = await freePort();
  const logFile = join(dir, 'caddy.log');
  writeFileSync(join(dir, 'Caddyfile'), caddyfile(dir, port, `\treverse_proxy ${upstream}`));
  const child = spawn('/usr/bin/caddy', ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], { stdio: ['ignore', 'ignore', 'pipe'], env: caddyEnv(dir) });
  return attach(child, port, dir, logFile);
}

/** What `caddy validate` says of a site's directives in the lab's Caddyfile: whether Caddy would run with them. */
export function caddyAccepts(site: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lab-caddy-'));
  try {
    writeFileSync(join(dir, 'Caddyfile'), caddyfile(dir, 8080, site));
    const result = spawnSync('/usr/bin/caddy', ['validate', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], { encoding: 'utf8', env: caddyEnv(dir) });
    return { ok: result.status === 0, output: `${result.stderr}${result.stdout}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
