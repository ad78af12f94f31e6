import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../utils/diagnose/catalog';
import { NGINX_LINES, nginxBlock, nginxLines } from '../../../utils/diagnose/nginx-lines';

const configOf = (cause: string, title: RegExp) => CATALOG.find((entry) => entry.id === cause)?.checks.find((check) => title.test(check.title))?.config;

describe("nginx's lines, written once", () => {
  it('joins groups one line each, and indents a block as nginx examples do', () => {
    expect(nginxLines('websocket')).toBe('proxy_http_version 1.1;\nproxy_set_header Upgrade $http_upgrade;\nproxy_set_header Connection "upgrade";');
    expect(nginxBlock('location /x/', ['a;', 'b;'])).toBe('location /x/ {\n    a;\n    b;\n}');
  });

  it.each<[string, RegExp, ReadonlyArray<keyof typeof NGINX_LINES>]>([
    ['websocket-blocked', /^nginx: forward the WebSocket/, ['websocket']],
    ['mixed-content', /^Forward the original protocol/, ['forwarded']],
    ['proxy-timeout', /^Raise nginx's timeouts/, ['timeouts']],
    ['proxy-body-too-large', /^Raise nginx's body size/, ['bodySize']],
    ['session-expired', /^Check that the proxy forwards the protocol/, ['forwardedProto']],
  ])('%s pastes its group', (cause, title, groups) => {
    expect(configOf(cause, title)).toBe(nginxLines(...groups));
  });

  // A location with its own proxy_set_header lines inherits none: the gateway's must carry every one the other steps fix.
  it("the SSO gateway's location /api/ carries the WebSocket, forwarded, body-size and timeout lines", () => {
    const config = configOf('auth-gateway-redirect', /^Exclude \/api/)!;
    const api = config.slice(config.indexOf('location /api/ {'), config.indexOf('}') + 1);
    for (const line of [...NGINX_LINES.websocket, ...NGINX_LINES.forwarded, ...NGINX_LINES.bodySize, ...NGINX_LINES.timeouts]) expect(api).toContain(`    ${line}\n`);
  });
});
