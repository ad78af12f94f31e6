import { answers, many, request } from '../../../fixtures/responses';
import { testCause } from '../cause-tester';

testCause('disk-full', {
  claims: [
    { name: 'uploads 500 from Immich', traffic: [...many(2, 'upload', answers.immichServerError)], responder: 'immich' },
    { name: 'an upload 507 from Immich', traffic: [request('upload', { ...answers.immichServerError, statusCode: 507 })], responder: 'immich' },
  ],
  ignores: [
    { name: 'an upload 413 from nginx', traffic: [request('upload', answers.nginx(413))] },
    { name: 'an upload 500 from nginx', traffic: [request('upload', answers.nginx(500))] },
  ],
});
