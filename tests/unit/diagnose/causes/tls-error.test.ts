import { answers, request } from '../../../fixtures/responses';
import { testCause } from '../cause-tester';

testCause('tls-error', {
  claims: [
    { name: 'an untrusted certificate', traffic: [request('usersMe', answers.network('net::ERR_CERT_AUTHORITY_INVALID'))], responder: 'unknown' },
    { name: "Cloudflare's 526", traffic: [request('usersMe', answers.cloudflare(526))], responder: 'cloudflare' },
  ],
  ignores: [
    { name: 'a refused connection', traffic: [request('usersMe', answers.network('net::ERR_CONNECTION_REFUSED'))] },
    { name: 'a 502 from Cloudflare', traffic: [request('usersMe', answers.cloudflare(502))] },
  ],
});
