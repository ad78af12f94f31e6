import { answers, many } from '../../../fixtures/responses';
import { testCause } from '../cause-tester';

testCause('blocked-by-client', {
  claims: [
    { name: 'an ad blocker blocks thumbnails', traffic: [...many(3, 'thumbnail', answers.network('net::ERR_BLOCKED_BY_CLIENT'))], responder: 'unknown' },
  ],
  ignores: [
    { name: 'loads the page cancelled itself', traffic: [...many(3, 'thumbnail', answers.network('net::ERR_ABORTED'))] },
  ],
});
