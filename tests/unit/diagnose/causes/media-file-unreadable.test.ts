import { answers, many, request } from '../../../fixtures/responses';
import { testCause } from '../cause-tester';

testCause('media-file-unreadable', {
  claims: [
    { name: 'thumbnails 500 from Immich', traffic: [...many(5, 'thumbnail', answers.missingFile)], responder: 'immich', scope: 'thumbnails' },
    { name: 'face crops 500 from Immich', traffic: [...many(2, 'person', answers.missingFile)], responder: 'immich', scope: 'thumbnails' },
    { name: 'originals 500 from Immich', traffic: [...many(3, 'original', answers.missingOriginal)], responder: 'immich', scope: 'originals' },
    { name: 'videos 500 from Immich', traffic: [request('video', answers.missingOriginal)], responder: 'immich', scope: 'originals' },
    { name: 'thumbnails and the storage report 500', traffic: [...many(5, 'thumbnail', answers.missingFile), request('storage', answers.immichServerError)], responder: 'immich', scope: 'all' },
  ],
  ignores: [
    { name: 'thumbnails 500 from nginx', traffic: [...many(5, 'thumbnail', answers.nginx(500))] },
    { name: 'only the storage report 500 (no media asked)', traffic: [request('storage', answers.immichServerError)] },
    { name: 'thumbnails 404 from Immich', traffic: [...many(5, 'thumbnail', answers.notGenerated)] },
  ],
});
