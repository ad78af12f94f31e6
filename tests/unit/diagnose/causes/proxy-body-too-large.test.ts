import { answers, many, request } from '../../../fixtures/responses';
import { testCause } from '../cause-tester';

testCause('proxy-body-too-large', {
  claims: [
    { name: 'uploads 413 from nginx', traffic: [...many(2, 'upload', answers.nginx(413))], responder: 'nginx' },
    { name: 'an upload 413 from Cloudflare', traffic: [request('upload', answers.cloudflare(413))], responder: 'cloudflare' },
  ],
  ignores: [
    { name: 'uploads 500 from Immich', traffic: [request('upload', answers.immichServerError)] },
    { name: 'a successful upload', traffic: [request('upload', answers.uploadCreated)] },
  ],
});
