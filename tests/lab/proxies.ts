import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Real reverse proxies from Debian's packages, started on loopback with generated configs and stopped
 * afterwards. Each variant is one misconfiguration from the troubleshooting guide.
 */
export type NginxVariant = 'healthy' | 'body-1m' | 'read-timeout-1s' | 'no-websocket' | 'acl-403' | 'forward-auth' | 'tls';

export interface RunningProxy {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** The proxy's own error log, for failure messages. */
  errorLog(): string;
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
 * An SSO gateway (Authelia/Authentik style, nginx `auth_request`) guarding /api: the check always says
 * "not logged in", and the gateway redirects to its login page on another host (localhost ≠ 127.0.0.1).
 */
function forwardAuthLocations(upstream: string, variant: NginxVariant): string {
  return `
    location /api/ {
      auth_request /_gateway_check;
      error_page 401 = @gateway_login;
${nginxLocation(upstream, variant)}
    }
    location = /_gateway_check { internal; return 401; }
    location @gateway_login { return 302 http://localhost:$server_port/sso/login?rd=$scheme://$host:$server_port$request_uri; }`;
}

export async function startNginx(upstream: string, variant: NginxVariant = 'healthy'): Promise<RunningProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'lab-nginx-'));
  for (const temp of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, temp));
  const port = await freePort();
  const logFile = join(dir, 'error.log');
  const isRoot = process.getuid?.() === 0;
  const tls = variant === 'tls' ? selfSignedCertificate(dir) : undefined;
  const listen = tls ? `listen 127.0.0.1:${port} ssl;\n    ssl_certificate ${tls.cert};\n    ssl_certificate_key ${tls.key};` : `listen 127.0.0.1:${port};`;
  const config = `
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
  scgi_temp_path ${dir}/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  server {
    ${listen}
    client_max_body_size ${variant === 'body-1m' ? '1m' : '50000M'};${variant === 'forward-auth' ? forwardAuthLocations(upstream, variant) : ''}
    location / {
${nginxLocation(upstream, variant)}
    }
  }
}
`;
  writeFileSync(join(dir, 'nginx.conf'), config);
  const proxy = await run('/usr/sbin/nginx', ['-p', dir, '-e', logFile, '-c', join(dir, 'nginx.conf')], port, dir, logFile);
  return tls ? { ...proxy, url: `https://127.0.0.1:${port}` } : proxy;
}

/** Caddy in front of Immich, as in Immich's docs: `reverse_proxy` does WebSockets and large bodies by default. */
export async function startCaddy(upstream: string): Promise<RunningProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'lab-caddy-'));
  const port = await freePort();
  const logFile = join(dir, 'caddy.log');
  writeFileSync(
    join(dir, 'Caddyfile'),
    `{
	admin off
	auto_https off
	storage file_system ${dir}/data
}
http://127.0.0.1:${port} {
	reverse_proxy ${upstream}
}
`,
  );
  const env = { ...process.env, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir, HOME: dir };
  const child = spawn('/usr/bin/caddy', ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], { stdio: ['ignore', 'ignore', 'pipe'], env });
  return attach(child, port, dir, logFile);
}
