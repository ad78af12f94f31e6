import { failingExpected } from '../../lab/scenarios';
import { firstCause, settledCounts } from '../popup-counts';
import { expect, test } from './fixtures';

/**
 * A certificate Firefox refuses, diagnosed as a TLS error. Firefox-only on top of the shared
 * representative list (tests/lab/scenarios.ts): Firefox's webRequest names an NSS failure only by its
 * localized message, which the Firefox capture reads back into a code (utils/capture/firefox-error.ts).
 */
test('tls-error: a self-signed certificate is diagnosed as a TLS error, not an unknown network error', async ({ playScenario }) => {
  const expected = failingExpected('tls-error', 'firefox');
  const { popup } = await playScenario('tls-error');
  const summary = await settledCounts(popup);
  expect(summary.failures).toBeGreaterThan(0);
  await expect.poll(() => firstCause(popup)).toEqual({ cause: expected.cause, responder: expected.responder });
  // The outcome table names the certificate, as it does in Chromium (ERR_CERT_AUTHORITY_INVALID).
  expect(await popup.text('table.matrix')).toContain('certificate not trusted');
});
