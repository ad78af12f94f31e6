import { answers, many, request } from '../../../fixtures/responses';
import { testCause } from '../cause-tester';

testCause('session-expired', {
  claims: [
    { name: 'API and thumbnails 401 from Immich', traffic: [request('usersMe', answers.unauthorised), ...many(3, 'thumbnail', answers.unauthorised)], responder: 'immich' },
  ],
  ignores: [
    { name: "a gateway's 401 (nginx)", traffic: [request('usersMe', answers.nginx(401))] },
    { name: 'a 403 from Immich', traffic: [request('usersMe', { ...answers.unauthorised, statusCode: 403 })] },
  ],
});
