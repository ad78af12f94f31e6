/**
 * The lines of Immich's documented nginx configuration (https://docs.immich.app/administration/reverse-proxy),
 * in the groups the steps paste. Written once: the SSO gateway's own `location /api/` must carry the
 * same ones as the location they fix, since a location with its own `proxy_set_header` lines inherits
 * none from outside it.
 */
const FORWARDED_PROTO = 'proxy_set_header X-Forwarded-Proto $scheme;';

export const NGINX_LINES = {
  websocket: ['proxy_http_version 1.1;', 'proxy_set_header Upgrade $http_upgrade;', 'proxy_set_header Connection "upgrade";'],
  forwardedProto: [FORWARDED_PROTO],
  forwarded: ['proxy_set_header Host $http_host;', 'proxy_set_header X-Real-IP $remote_addr;', 'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;', FORWARDED_PROTO],
  bodySize: ['client_max_body_size 50000M;'],
  timeouts: ['proxy_read_timeout 600s;', 'proxy_send_timeout 600s;', 'send_timeout 600s;'],
} as const satisfies Record<string, readonly string[]>;

/** These groups' lines, one per line, as a step's configuration. */
export function nginxLines(...groups: ReadonlyArray<keyof typeof NGINX_LINES>): string {
  return groups.flatMap((group) => NGINX_LINES[group]).join('\n');
}

/** An nginx block around these lines, indented as nginx's own examples are. */
export function nginxBlock(head: string, lines: readonly string[]): string {
  return [`${head} {`, ...lines.map((line) => `    ${line}`), '}'].join('\n');
}
