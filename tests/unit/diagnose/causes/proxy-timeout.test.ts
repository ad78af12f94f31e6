import { answers, many, request } from '../../../fixtures/responses';
import { testCause } from '../cause-tester';

testCause('proxy-timeout', {
  claims: [
    { name: 'originals 504 from nginx', traffic: [...many(2, 'original', answers.nginx(504))], responder: 'nginx' },
    { name: 'a video 524 from Cloudflare', traffic: [request('video', answers.cloudflare(524))], responder: 'cloudflare' },
    { name: 'an upload cut with a reset (Traefik 60 s)', traffic: [request('upload', answers.network('net::ERR_CONNECTION_RESET'))], responder: 'unknown' },
  ],
  ignores: [
    { name: 'a thumbnail reset (the network, not an upload)', traffic: [request('thumbnail', answers.network('net::ERR_CONNECTION_RESET'))] },
    { name: '502 from nginx', traffic: [request('usersMe', answers.nginx(502))] },
  ],
});
