import { answers, request } from '../../../fixtures/responses';
import { testCause } from '../cause-tester';

testCause('connection-refused', {
  claims: [
    { name: 'Chromium: refused', traffic: [request('page', answers.network('net::ERR_CONNECTION_REFUSED'))], responder: 'unknown' },
    { name: 'Firefox: refused', traffic: [request('usersMe', answers.network('NS_ERROR_CONNECTION_REFUSED'))], responder: 'unknown' },
  ],
  ignores: [
    { name: 'a timed-out connection', traffic: [request('page', answers.network('net::ERR_CONNECTION_TIMED_OUT'))] },
  ],
});
