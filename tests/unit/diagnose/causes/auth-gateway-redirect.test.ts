import { answers, many, request } from '../../../fixtures/responses';
import { testCause } from '../cause-tester';

testCause('auth-gateway-redirect', {
  claims: [
    { name: 'API calls redirected to a portal on another host', traffic: [request('usersMe', answers.redirectTo('https://auth.example.com/?rd=x'))], responder: 'nginx' },
    { name: 'API calls redirected to the same host, another port', traffic: [request('usersMe', answers.redirectTo('https://photos.example.com:9091/login'))], responder: 'nginx' },
    { name: 'API calls redirected to oauth2-proxy under the same origin', traffic: [request('usersMe', answers.redirectTo('/oauth2/start?rd=%2Fapi%2Fusers%2Fme'))], responder: 'nginx' },
    { name: 'thumbnails redirected to Authentik under the same origin', traffic: [...many(3, 'thumbnail', answers.redirectTo('/outpost.goauthentik.io/start?rd=x'))], responder: 'nginx' },
    { name: "a gateway's own 401", traffic: [request('usersMe', answers.nginx(401))], responder: 'nginx' },
    { name: 'the API answered with a login page', traffic: [request('usersMe', answers.loginPage)], responder: 'nginx' },
  ],
  ignores: [
    { name: 'the page sent to a login portal (a navigation may leave)', traffic: [request('page', answers.redirectTo('https://auth.example.com/login'))] },
    { name: "Immich's own fullsize → original", traffic: [request('fullsize', { ...answers.redirectTo('original?'), responseHeaders: answers.jsonOk.responseHeaders })] },
    { name: "Immich's own 401", traffic: [request('usersMe', answers.unauthorised)] },
  ],
});
