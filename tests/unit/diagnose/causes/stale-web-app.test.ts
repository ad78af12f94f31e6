import { answers, request } from '../../../fixtures/responses';
import { testCause } from '../cause-tester';

testCause('stale-web-app', {
  claims: [
    { name: 'an app chunk answered with index.html (by Immich itself)', traffic: [request('chunk', answers.chunkIsHtml)], responder: 'immich' },
    { name: 'an app chunk 404 from a proxy cache', traffic: [request('chunk', answers.nginx(404))], responder: 'nginx' },
  ],
  ignores: [
    { name: 'an app chunk that loads', traffic: [request('chunk', answers.chunkOk)] },
    { name: 'an app chunk 502 (the server, not the cache)', traffic: [request('chunk', answers.nginx(502))] },
  ],
});
