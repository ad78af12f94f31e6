import { answers, request } from '../../../fixtures/responses';
import { testCause } from '../cause-tester';

testCause('websocket-blocked', {
  claims: [
    { name: "engine.io's 400 (Upgrade dropped)", traffic: [request('socket', answers.socketBadRequest)], responder: 'immich' },
    { name: 'a handshake with no status (Chromium)', traffic: [request('socket', answers.network('net::ERR_INVALID_HTTP_RESPONSE'))], responder: 'unknown' },
  ],
  ignores: [
    { name: 'an open socket (101)', traffic: [request('socket', answers.socketOpen)] },
    { name: 'a socket the page closed (aborted)', traffic: [request('socket', answers.network('net::ERR_ABORTED'))] },
    { name: 'an API call 400', traffic: [request('usersMe', answers.noAccess)] },
  ],
});
