/**
 * Firefox's webRequest `error` for a failed TLS connection is not a code. `ChannelWrapper::GetErrorString`
 * (toolkit/components/extensions/webrequest/ChannelWrapper.cpp) returns, when the channel's security info
 * holds an NSS error, that error's *localized message* from nsINSSErrorsService; for every other failure
 * it returns the nsresult's name (`NS_ERROR_*`, `NS_BINDING_*`). So, in Firefox only, an error string
 * with no such code can only be an NSS (TLS or certificate) failure, whatever the UI language.
 *
 * Measured in Firefox ESR 153 (en-US), navigation to a lab HTTPS server, onErrorOccurred `error`, with
 * the code BiDi's navigate error names for the same load:
 * - self-signed: "The certificate is not trusted because it is self-signed." (MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT)
 * - expired (issued by a CA the profile trusts): "Peer’s Certificate has expired." (SEC_ERROR_EXPIRED_CERTIFICATE)
 * - wrong host (trusted CA): "Unable to communicate securely with peer: requested domain name does not
 *   match the server’s certificate." (SSL_ERROR_BAD_CERT_DOMAIN)
 * The event has no other field that names the error (no code, no status; `ip` is set), and
 * `webRequest.getSecurityInfo` needs a response (onHeadersReceived), which a refused certificate never gets.
 *
 * The message is translated back to its NSS code here, where the browser is known, and never in the
 * classifier: a HAR or an export is free text from anywhere, and only codes are trusted there.
 */

/** The English messages measured above, to their NSS codes: the classifier knows these codes. */
const ENGLISH_NSS_MESSAGES: Record<string, string> = {
  'The certificate is not trusted because it is self-signed.': 'MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT',
  'Peer’s Certificate has expired.': 'SEC_ERROR_EXPIRED_CERTIFICATE',
  'Unable to communicate securely with peer: requested domain name does not match the server’s certificate.': 'SSL_ERROR_BAD_CERT_DOMAIN',
};

/**
 * Any other NSS failure (another language, another certificate problem): Firefox's own name for the
 * module of every NSS error, `NS_ERROR_GENERATE_FAILURE(NS_ERROR_MODULE_SECURITY, …)`.
 */
export const FIREFOX_NSS_FAILURE = 'NS_ERROR_MODULE_SECURITY';

/** A Firefox error code (`NS_ERROR_*`, `NS_BINDING_*`) as GetErrorName writes it. */
const FIREFOX_CODE = /\bNS_[A-Z_]+\b/;

/**
 * The error string the recorder should keep for a Firefox webRequest error: unchanged when it already
 * names a code; otherwise the NSS code it stands for, followed by Firefox's message for the record.
 */
export function firefoxErrorString(error: string | undefined): string | undefined {
  if (error === undefined || error.trim() === '' || FIREFOX_CODE.test(error)) return error;
  const code = ENGLISH_NSS_MESSAGES[error.trim()] ?? FIREFOX_NSS_FAILURE;
  return `${code} (${error})`;
}
