import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../../utils/export/redaction';
import { redactPath } from '../../../utils/secrets';
import { anyString, nestedReturnCarrier, pathCarrier, queryCarrier, relativeReturnCarrier, returnCarrier, secret } from './arbitraries';
import { fuzz, TEST_TIMEOUT } from './settings';

/**
 * The redaction itself, where tests/unit/secrets leaves off: that suite plants secrets in a fixed table
 * of carriers, through storage and every export; this one takes the carriers in any spelling (name
 * case, percent-encoding, neighbours, slashes) straight to `redactPath` and to the export's redactor,
 * and any string at all for the rules that must hold whatever the path.
 */
const carrierPath = fc.oneof(
  fc.tuple(fc.constantFrom('/api/assets/x/thumbnail', '/auth/login', '/user-settings', '/', ''), queryCarrier).map(([path, search]) => path + search),
  fc.tuple(pathCarrier, fc.constantFrom('', '?size=preview', '?key=§')).map(([path, search]) => path + search),
  fc.tuple(fc.constantFrom('/oauth2/sign_in', '/oauth2/start', '/', '/api/assets/x/thumbnail'), returnCarrier).map(([path, search]) => path + search),
  nestedReturnCarrier,
  fc.tuple(fc.constantFrom('/login', '/oauth2/start', '/'), relativeReturnCarrier).map(([path, search]) => path + search),
);
const origin = fc.constantFrom('https://photos.example.com', 'http://192.168.1.20:2283', 'http://[::1]:2283');

describe('fuzz: redaction', () => {
  it(
    'a secret in any spelling of a carrier is replaced, by redactPath and by every export redactor',
    () => {
      fc.assert(
        fc.property(carrierPath, secret, origin, fc.boolean(), fc.boolean(), (template, value, site, hideHost, hideAssetIds) => {
          const path = template.replaceAll('§', value);
          const redacted = redactPath(path);
          expect(redacted).not.toContain(value);
          // Read again (an export redacts what was stored), it stays as it is.
          expect(redactPath(redacted)).toBe(redacted);
          expect(createRedactor(site, { hideHost, hideAssetIds }).path(path)).not.toContain(value);
        }),
        fuzz(5),
      );
    },
    TEST_TIMEOUT,
  );

  it(
    'any path: redactPath never throws, and redacting twice changes nothing more',
    () => {
      fc.assert(
        fc.property(fc.oneof(anyString, carrierPath.map((template) => template.replaceAll('§', 'PLANTED'))), (path) => {
          const once = redactPath(path);
          expect(redactPath(once)).toBe(once);
        }),
        fuzz(5),
      );
    },
    TEST_TIMEOUT,
  );
});
