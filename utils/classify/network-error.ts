/**
 * Network failures, normalised across browsers. Chrome reports `net::ERR_*`, Firefox `NS_ERROR_*` and
 * `NS_BINDING_*`. Both say the strings are not a stable contract, so each is looked up in a table and
 * anything unknown falls back to `unknown` instead of being guessed from its wording.
 */
export type NetworkError =
  | 'aborted'
  | 'blocked-by-client'
  | 'blocked-by-response'
  | 'mixed-content'
  | 'connection-refused'
  | 'connection-reset'
  | 'connection-closed'
  | 'empty-response'
  | 'timed-out'
  | 'name-not-resolved'
  | 'address-unreachable'
  | 'internet-disconnected'
  | 'certificate-invalid'
  | 'tls-handshake-failed'
  | 'too-many-redirects'
  | 'invalid-response'
  | 'request-failed'
  | 'unknown';

const CHROME_ERRORS: Record<string, NetworkError> = {
  ERR_ABORTED: 'aborted',
  ERR_BLOCKED_BY_CLIENT: 'blocked-by-client',
  ERR_BLOCKED_BY_ADMINISTRATOR: 'blocked-by-client',
  ERR_BLOCKED_BY_RESPONSE: 'blocked-by-response',
  ERR_BLOCKED_BY_ORB: 'blocked-by-response',
  ERR_CONNECTION_REFUSED: 'connection-refused',
  ERR_CONNECTION_RESET: 'connection-reset',
  ERR_CONNECTION_ABORTED: 'connection-reset',
  ERR_CONNECTION_CLOSED: 'connection-closed',
  ERR_EMPTY_RESPONSE: 'empty-response',
  ERR_INCOMPLETE_CHUNKED_ENCODING: 'connection-closed',
  ERR_CONTENT_LENGTH_MISMATCH: 'connection-closed',
  ERR_TIMED_OUT: 'timed-out',
  ERR_CONNECTION_TIMED_OUT: 'timed-out',
  ERR_NAME_NOT_RESOLVED: 'name-not-resolved',
  ERR_NAME_RESOLUTION_FAILED: 'name-not-resolved',
  ERR_ADDRESS_UNREACHABLE: 'address-unreachable',
  ERR_NETWORK_ACCESS_DENIED: 'address-unreachable',
  ERR_INTERNET_DISCONNECTED: 'internet-disconnected',
  ERR_NETWORK_CHANGED: 'internet-disconnected',
  ERR_CERT_AUTHORITY_INVALID: 'certificate-invalid',
  ERR_CERT_COMMON_NAME_INVALID: 'certificate-invalid',
  ERR_CERT_DATE_INVALID: 'certificate-invalid',
  ERR_CERT_INVALID: 'certificate-invalid',
  ERR_CERT_REVOKED: 'certificate-invalid',
  ERR_CERT_WEAK_KEY: 'certificate-invalid',
  ERR_SSL_PROTOCOL_ERROR: 'tls-handshake-failed',
  ERR_SSL_VERSION_OR_CIPHER_MISMATCH: 'tls-handshake-failed',
  ERR_BAD_SSL_CLIENT_AUTH_CERT: 'tls-handshake-failed',
  ERR_TOO_MANY_REDIRECTS: 'too-many-redirects',
  ERR_INVALID_RESPONSE: 'invalid-response',
  ERR_INVALID_HTTP_RESPONSE: 'invalid-response',
  ERR_RESPONSE_HEADERS_TRUNCATED: 'invalid-response',
  ERR_UNEXPECTED_PROXY_AUTH: 'invalid-response',
  ERR_FAILED: 'request-failed',
  ERR_INSECURE_RESPONSE: 'certificate-invalid',
};

const FIREFOX_ERRORS: Record<string, NetworkError> = {
  // Measured in Firefox ESR 153 with a scratch add-on beside an observer: a page dropping its own loads
  // (an image's src changed, a fetch aborted, a navigation away, window.stop()) ends them with
  // NS_BINDING_ABORTED; another extension blocking them (webRequest's `cancel`, or a
  // declarativeNetRequest block rule: an ad blocker) with NS_ERROR_ABORT, Chrome's ERR_BLOCKED_BY_CLIENT.
  NS_BINDING_ABORTED: 'aborted',
  NS_ERROR_ABORT: 'blocked-by-client',
  NS_BINDING_REDIRECTED: 'aborted',
  NS_ERROR_PARSED_DATA_CACHED: 'aborted',
  NS_ERROR_CONNECTION_REFUSED: 'connection-refused',
  NS_ERROR_NET_RESET: 'connection-reset',
  NS_ERROR_NET_INTERRUPT: 'connection-closed',
  NS_ERROR_NET_PARTIAL_TRANSFER: 'connection-closed',
  NS_ERROR_NET_EMPTY_RESPONSE: 'empty-response',
  NS_ERROR_NET_TIMEOUT: 'timed-out',
  NS_ERROR_NET_TIMEOUT_EXTERNAL: 'timed-out',
  NS_ERROR_UNKNOWN_HOST: 'name-not-resolved',
  NS_ERROR_UNKNOWN_PROXY_HOST: 'name-not-resolved',
  NS_ERROR_OFFLINE: 'internet-disconnected',
  NS_ERROR_SOCKET_ADDRESS_NOT_SUPPORTED: 'address-unreachable',
  NS_ERROR_REDIRECT_LOOP: 'too-many-redirects',
  NS_ERROR_MALFORMED_URI: 'invalid-response',
  NS_ERROR_CORRUPTED_CONTENT: 'invalid-response',
  NS_ERROR_INVALID_CONTENT_ENCODING: 'invalid-response',
  NS_ERROR_BLOCKED_BY_POLICY: 'blocked-by-client',
  NS_ERROR_TRACKING_URI: 'blocked-by-client',
  NS_ERROR_CONTENT_BLOCKED: 'blocked-by-client',
  NS_ERROR_MIXED_CONTENT_BLOCKED: 'mixed-content',
  NS_ERROR_DOM_CORP_FAILED: 'blocked-by-response',
  NS_ERROR_FAILURE: 'request-failed',
  NS_ERROR_GENERATE_FAILURE_SSL_ERROR_BASE: 'tls-handshake-failed',
  // Any NSS failure whose own code is not known: what the Firefox capture writes when Firefox gave only
  // a message (utils/capture/firefox-error.ts). Certificate checks are part of the handshake.
  NS_ERROR_MODULE_SECURITY: 'tls-handshake-failed',
  SSL_ERROR_BAD_CERT_DOMAIN: 'certificate-invalid',
  SEC_ERROR_UNKNOWN_ISSUER: 'certificate-invalid',
  SEC_ERROR_EXPIRED_CERTIFICATE: 'certificate-invalid',
  SEC_ERROR_UNTRUSTED_ISSUER: 'certificate-invalid',
  MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT: 'certificate-invalid',
  SSL_ERROR_NO_CYPHER_OVERLAP: 'tls-handshake-failed',
  SSL_ERROR_RX_RECORD_TOO_LONG: 'tls-handshake-failed',
  SSL_ERROR_PROTOCOL_VERSION_ALERT: 'tls-handshake-failed',
};

/** The error code inside whatever the browser wrote, e.g. `net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin`. */
const ERROR_CODE = /\b(ERR_[A-Z_]+|NS_[A-Z_]+|SEC_ERROR_[A-Z_]+|SSL_ERROR_[A-Z_]+|MOZILLA_PKIX_ERROR_[A-Z_]+)\b/;

/** Chrome's marker for "the request got an HTTP error status": the status, not this string, is the fact. */
export const HTTP_STATUS_ERROR = 'ERR_HTTP_RESPONSE_CODE_FAILURE';

export function errorCode(error: string): string | undefined {
  return ERROR_CODE.exec(error)?.[1];
}

export function classifyNetworkError(error: string): NetworkError {
  const code = errorCode(error);
  if (!code) return 'unknown';
  return CHROME_ERRORS[code] ?? FIREFOX_ERRORS[code] ?? 'unknown';
}
