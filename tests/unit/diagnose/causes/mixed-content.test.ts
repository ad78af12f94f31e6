import { answers, many } from '../../../fixtures/responses';
import { testCause } from '../cause-tester';

testCause('mixed-content', {
  claims: [
    { name: "Firefox's mixed-content block", traffic: [...many(2, 'thumbnail', answers.network('NS_ERROR_MIXED_CONTENT_BLOCKED'))], responder: 'unknown' },
    { name: 'http:// requests from the https:// page', traffic: [...many(2, 'thumbnail', answers.network('net::ERR_FAILED')).map((raw) => ({ ...raw, url: raw.url.replace('https:', 'http:') }))], responder: 'unknown' },
  ],
  ignores: [
    { name: 'the same failure over https://', traffic: [...many(2, 'thumbnail', answers.network('net::ERR_FAILED'))] },
  ],
});
