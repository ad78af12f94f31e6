import { describe, expect, it } from 'vitest';
import { readHeaders } from '../../../utils/classify/headers';
import { identifyResponder } from '../../../utils/classify/responder';
import { headers } from '../../fixtures/responses';

describe('identifyResponder: Immich or the proxy in front (immich.md, "Confirmed on a running Immich")', () => {
  it.each([
    ['Immich API answer (x-immich-cid)', '/api/users/me', 200, headers.immichJson(), { responder: 'immich' }],
    ['Immich missing-file 500', '/api/assets/x/thumbnail', 500, headers.immichMissingFile(), { responder: 'immich' }],
    ['Immich web app (X-Powered-By, no cid)', '/_app/immutable/entry/app.js', 200, headers.immichWebApp(), { responder: 'immich' }],
    ['engine.io 400 under /api/socket.io/', '/api/socket.io/', 400, headers.engineIo(), { responder: 'immich' }],
    ['engine.io 101 upgrade', '/api/socket.io/', 101, headers.engineIoUpgrade(), { responder: 'immich' }],
    ['Immich forwarded by nginx', '/api/assets/x/thumbnail', 200, headers.immichViaNginx(), { responder: 'immich', via: 'nginx' }],
    ['nginx error page', '/api/assets', 413, headers.nginxPage(), { responder: 'nginx', via: 'nginx' }],
    ['Nginx Proxy Manager (openresty)', '/api/assets', 502, headers.openrestyPage(), { responder: 'nginx', via: 'nginx' }],
    ['Caddy empty 502', '/api/users/me', 502, headers.caddyEmpty(), { responder: 'caddy', via: 'caddy' }],
    ['Traefik (Go http.Error, no Server)', '/api/users/me', 502, headers.traefikText(), { responder: 'traefik' }],
    ['Apache', '/', 503, headers.apachePage(), { responder: 'apache', via: 'apache' }],
    ['Cloudflare 52x with cf-ray', '/api/users/me', 522, headers.cloudflarePage(), { responder: 'cloudflare', via: 'cloudflare' }],
    ['cf-ray alone', '/', 520, [{ name: 'CF-RAY', value: '1-FRA' }], { responder: 'cloudflare', via: 'cloudflare' }],
    ['Immich behind Cloudflare', '/api/users/me', 401, [...headers.immichJson(), { name: 'server', value: 'cloudflare' }], { responder: 'immich', via: 'cloudflare' }],
    ['engine.io-like JSON outside the socket path is not Immich', '/api/users/me', 400, headers.engineIo(), { responder: 'unknown' }],
    ['plain text 200 without Server is not Traefik', '/x', 200, headers.traefikText(), { responder: 'unknown' }],
    ['unknown Server', '/api/users/me', 502, [{ name: 'Server', value: 'Microsoft-IIS/10.0' }], { responder: 'unknown' }],
    ['no headers at all', '/api/users/me', undefined, undefined, { responder: 'unknown' }],
    ['empty header list', '/api/users/me', 500, [], { responder: 'unknown' }],
    ['header without value', '/api/users/me', 500, [{ name: 'server' }], { responder: 'unknown' }],
  ])('%s', (_name, path, status, list, expected) => {
    expect(identifyResponder(path, status, readHeaders(list))).toEqual(expected);
  });

  it('cuts huge header values instead of scanning them whole', () => {
    const huge = [{ name: 'Server', value: `nginx${' '.repeat(1_000_000)}` }];
    expect(identifyResponder('/', 502, readHeaders(huge))).toEqual({ responder: 'nginx', via: 'nginx' });
  });
});
