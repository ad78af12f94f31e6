import { answers, many, request } from '../../../fixtures/responses';
import { testCause } from '../cause-tester';

testCause('upstream-unreachable', {
  claims: [
    { name: '502 from nginx', traffic: [...many(3, 'thumbnail', answers.nginx(502))], responder: 'nginx' },
    { name: 'an empty 502 from Caddy', traffic: [request('usersMe', answers.caddy(502))], responder: 'caddy' },
    { name: '521 from Cloudflare', traffic: [request('usersMe', answers.cloudflare(521))], responder: 'cloudflare' },
  ],
  ignores: [
    { name: '504 from nginx (a timeout)', traffic: [request('original', answers.nginx(504))] },
    { name: '500 from Immich', traffic: [request('usersMe', answers.immichServerError)] },
  ],
});
