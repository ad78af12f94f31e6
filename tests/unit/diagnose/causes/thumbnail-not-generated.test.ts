import { answers, many } from '../../../fixtures/responses';
import { testCause } from '../cause-tester';

testCause('thumbnail-not-generated', {
  claims: [
    { name: 'thumbnails 404 "Asset media not found" from Immich', traffic: [...many(5, 'thumbnail', answers.notGenerated)], responder: 'immich' },
    { name: 'previews 404 from Immich', traffic: [...many(2, 'preview', answers.notGenerated)], responder: 'immich' },
  ],
  ignores: [
    { name: 'thumbnails 404 from nginx, not Immich', traffic: [...many(5, 'thumbnail', answers.nginx(404))] },
    { name: 'thumbnails 500 from Immich (a file, not a job)', traffic: [...many(5, 'thumbnail', answers.missingFile)] },
    { name: 'originals 404 from Immich', traffic: [...many(3, 'original', answers.notGenerated)] },
  ],
});
