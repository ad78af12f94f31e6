import { answers, many, request } from '../../../fixtures/responses';
import { testCause } from '../cause-tester';

testCause('network-unreachable', {
  claims: [
    { name: 'thumbnails time out', traffic: [...many(3, 'thumbnail', answers.network('net::ERR_CONNECTION_TIMED_OUT'))], responder: 'unknown' },
    { name: 'API calls reset', traffic: [request('usersMe', answers.network('net::ERR_CONNECTION_RESET'))], responder: 'unknown' },
  ],
  ignores: [
    { name: 'an upload reset (a proxy timeout)', traffic: [request('upload', answers.network('net::ERR_CONNECTION_RESET'))] },
    { name: 'a refused connection', traffic: [request('usersMe', answers.network('net::ERR_CONNECTION_REFUSED'))] },
  ],
});
