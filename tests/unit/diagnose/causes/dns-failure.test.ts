import { answers, request } from '../../../fixtures/responses';
import { testCause } from '../cause-tester';

testCause('dns-failure', {
  claims: [
    { name: 'Chromium: the name does not resolve', traffic: [request('page', answers.network('net::ERR_NAME_NOT_RESOLVED'))], responder: 'unknown' },
    { name: 'Firefox: unknown host', traffic: [request('usersMe', answers.network('NS_ERROR_UNKNOWN_HOST'))], responder: 'unknown' },
  ],
  ignores: [
    { name: 'a refused connection', traffic: [request('page', answers.network('net::ERR_CONNECTION_REFUSED'))] },
  ],
});
