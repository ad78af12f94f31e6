import { answers, many, request } from '../../../fixtures/responses';
import { testCause } from '../cause-tester';

testCause('jobs-failing', {
  claims: [
    { name: 'thumbnails and face crops both missing', traffic: [...many(4, 'thumbnail', answers.notGenerated), ...many(2, 'person', answers.notGenerated)], responder: 'immich' },
    { name: 'uploads stored but their thumbnails missing', traffic: [request('upload', answers.uploadCreated), ...many(4, 'thumbnail', answers.notGenerated)], responder: 'immich' },
  ],
  ignores: [
    { name: 'thumbnails missing, nothing else', traffic: [...many(4, 'thumbnail', answers.notGenerated)] },
    { name: 'face crops missing alone', traffic: [...many(2, 'person', answers.notGenerated)] },
  ],
});
