import { describe, expect, it } from 'vitest';
import { classifyNetworkError } from '../../../utils/classify/network-error';

describe('classifyNetworkError: Chrome and Firefox strings, with an unknown fallback', () => {
  it.each([
    ['net::ERR_ABORTED', 'aborted'],
    ['net::ERR_BLOCKED_BY_CLIENT', 'blocked-by-client'],
    ['net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin', 'blocked-by-response'],
    ['net::ERR_CONNECTION_REFUSED', 'connection-refused'],
    ['net::ERR_CONNECTION_RESET', 'connection-reset'],
    ['net::ERR_CONNECTION_CLOSED', 'connection-closed'],
    ['net::ERR_EMPTY_RESPONSE', 'empty-response'],
    ['net::ERR_CONNECTION_TIMED_OUT', 'timed-out'],
    ['net::ERR_TIMED_OUT', 'timed-out'],
    ['net::ERR_NAME_NOT_RESOLVED', 'name-not-resolved'],
    ['net::ERR_ADDRESS_UNREACHABLE', 'address-unreachable'],
    ['net::ERR_INTERNET_DISCONNECTED', 'internet-disconnected'],
    ['net::ERR_CERT_AUTHORITY_INVALID', 'certificate-invalid'],
    ['net::ERR_CERT_COMMON_NAME_INVALID', 'certificate-invalid'],
    ['net::ERR_CERT_DATE_INVALID', 'certificate-invalid'],
    ['net::ERR_SSL_PROTOCOL_ERROR', 'tls-handshake-failed'],
    ['net::ERR_TOO_MANY_REDIRECTS', 'too-many-redirects'],
    ['net::ERR_INVALID_HTTP_RESPONSE', 'invalid-response'],
    ['net::ERR_FAILED', 'request-failed'],
    ['NS_BINDING_ABORTED', 'aborted'],
    // Another extension's block in Firefox (measured: utils/classify/network-error.ts), not the page's abort.
    ['NS_ERROR_ABORT', 'blocked-by-client'],
    ['NS_ERROR_CONNECTION_REFUSED', 'connection-refused'],
    ['NS_ERROR_NET_RESET', 'connection-reset'],
    ['NS_ERROR_NET_TIMEOUT', 'timed-out'],
    ['NS_ERROR_UNKNOWN_HOST', 'name-not-resolved'],
    ['NS_ERROR_OFFLINE', 'internet-disconnected'],
    ['NS_ERROR_CONTENT_BLOCKED', 'blocked-by-client'],
    ['NS_ERROR_MIXED_CONTENT_BLOCKED', 'mixed-content'],
    ['SEC_ERROR_UNKNOWN_ISSUER', 'certificate-invalid'],
    ['MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT', 'certificate-invalid'],
    ['SSL_ERROR_BAD_CERT_DOMAIN', 'certificate-invalid'],
    ['net::ERR_SOMETHING_NEW_IN_CHROME_200', 'unknown'],
    ['NS_ERROR_BRAND_NEW', 'unknown'],
    ['Error code 2152398861', 'unknown'],
    ['', 'unknown'],
  ])('%s → %s', (error, expected) => {
    expect(classifyNetworkError(error)).toBe(expected);
  });
});
