import { answers, many, request } from '../../../fixtures/responses';
import { testCause } from '../cause-tester';

testCause('html-instead-of-media', {
  claims: [
    { name: 'thumbnails answered with a web page', traffic: [...many(3, 'thumbnail', answers.loginPage)], responder: 'nginx' },
  ],
  ignores: [
    { name: 'the page is HTML, as it should be', traffic: [request('page', answers.loginPage)] },
    { name: 'an API call answered with HTML (the gateway cause)', traffic: [request('usersMe', answers.loginPage)] },
  ],
});
