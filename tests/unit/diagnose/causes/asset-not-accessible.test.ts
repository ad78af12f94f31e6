import { answers, many, request } from '../../../fixtures/responses';
import { testCause } from '../cause-tester';

testCause('asset-not-accessible', {
  claims: [
    { name: 'thumbnails 400 "no asset.view access"', traffic: [...many(3, 'thumbnail', answers.noAccess)], responder: 'immich' },
    { name: 'an original 403 from Immich (API key without permission)', traffic: [request('original', { ...answers.noAccess, statusCode: 403 })], responder: 'immich' },
  ],
  ignores: [
    { name: 'a 403 from nginx', traffic: [...many(3, 'thumbnail', answers.nginx(403))] },
    { name: 'an API call 400 from Immich', traffic: [request('usersMe', answers.noAccess)] },
  ],
});
