import { answers, many, request } from '../../../fixtures/responses';
import { testCause } from '../cause-tester';

testCause('proxy-forbidden', {
  claims: [
    { name: '403 from nginx', traffic: [...many(3, 'thumbnail', answers.nginx(403))], responder: 'nginx' },
    { name: '403 from Cloudflare', traffic: [request('usersMe', answers.cloudflare(403))], responder: 'cloudflare' },
  ],
  ignores: [
    { name: "Immich's own 403", traffic: [request('original', { ...answers.noAccess, statusCode: 403 })] },
    { name: 'a 404 from nginx', traffic: [request('usersMe', answers.nginx(404))] },
  ],
});
