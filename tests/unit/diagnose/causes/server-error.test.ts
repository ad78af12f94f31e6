import { answers, many, request } from '../../../fixtures/responses';
import { testCause } from '../cause-tester';

testCause('server-error', {
  claims: [
    { name: 'the user route 500 from Immich', traffic: [request('usersMe', answers.immichServerError)], responder: 'immich' },
    { name: 'the user and timeline routes 500, and media with them', traffic: [request('usersMe', answers.immichServerError), request('timeline', answers.immichServerError), ...many(3, 'thumbnail', answers.missingFile)], responder: 'immich' },
    { name: 'the socket 500 from Immich', traffic: [request('socket', answers.immichServerError)], responder: 'immich' },
  ],
  ignores: [
    { name: 'only the storage report 500 (the media volume)', traffic: [request('storage', answers.immichServerError)] },
    { name: 'only media 500 from Immich', traffic: [...many(4, 'thumbnail', answers.missingFile)] },
    { name: 'the user route 500 from nginx', traffic: [request('usersMe', answers.nginx(500))] },
  ],
});
