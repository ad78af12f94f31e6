import { answers, many, request } from '../../../fixtures/responses';
import { testCause } from '../cause-tester';

testCause('maintenance-mode', {
  claims: [
    { name: 'originals 404 from Immich', traffic: [...many(2, 'original', answers.notGenerated)], responder: 'immich' },
    { name: 'two API routes 404 from Immich, thumbnails too', traffic: [request('usersMe', answers.notGenerated), request('timeline', answers.notGenerated), ...many(4, 'thumbnail', answers.notGenerated)], responder: 'immich' },
  ],
  ignores: [
    { name: 'only thumbnails 404 (never generated)', traffic: [...many(4, 'thumbnail', answers.notGenerated)] },
    { name: 'originals 404 from nginx', traffic: [request('original', answers.nginx(404))] },
  ],
});
