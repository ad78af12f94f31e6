import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify, toRecord, type RawRequest, type RequestRecord } from '../../../utils/classify/classify-request';
import { isOutcomeKey } from '../../../utils/classify/outcome';
import { isRequestKind } from '../../../utils/classify/request-kind';
import { isResponder } from '../../../utils/classify/responder';
import { isRequestRecord } from '../../../utils/log/request-log';
import { isPrintableAscii, splitUrl } from '../../../utils/classify/url-parts';
import { harEntryRequest } from '../../../utils/import/har-entry';
import { ASSET, hostileUrl, pathCarrier, queryCarrier, rawRequest, secret } from './arbitraries';
import { fuzz, TEST_TIMEOUT } from './settings';
import { isVisibleText } from '../../../utils/visible-text';

/** The latest time a Date can hold (ECMA-262 §21.4.1.1). */
const MAX_TIME = 8.64e15;
/** The longest path a record keeps (classify-request.ts). */
const MAX_PATH = 1024;

/** What every record must be, whatever it was made from; a message per broken rule, empty when sound. */
function recordFaults(record: RequestRecord): string[] {
  const faults: string[] = [];
  if (!isRequestKind(record.kind)) faults.push(`kind ${String(record.kind)}`);
  if (!isOutcomeKey(record.outcome)) faults.push(`outcome ${String(record.outcome)}`);
  if (!isResponder(record.responder)) faults.push(`responder ${String(record.responder)}`);
  if (record.via !== undefined && !isResponder(record.via)) faults.push(`via ${String(record.via)}`);
  if (!Number.isSafeInteger(record.time) || record.time < 0 || record.time > MAX_TIME) faults.push(`time ${record.time}`);
  if (typeof record.path !== 'string' || record.path.length > MAX_PATH) faults.push(`path of ${record.path.length} characters`);
  const size = JSON.stringify(record).length;
  if (size > 4096) faults.push(`${size} characters of JSON: ${JSON.stringify(Object.fromEntries(Object.entries(record).map(([k, v]) => [k, typeof v === 'string' ? v.length : v])))}`);
  if (record.status !== undefined && !(Number.isInteger(record.status) && record.status > 0)) faults.push(`status ${record.status}`);
  if (record.size !== undefined && !(Number.isSafeInteger(record.size) && record.size >= 0)) faults.push(`size ${record.size}`);
  if (typeof record.failure !== 'boolean' || typeof record.sharedLink !== 'boolean' || typeof record.insecure !== 'boolean') faults.push('a flag that is not a boolean');
  // Shown anywhere as it is: no control or bidirectional character from traffic (utils/visible-text.ts).
  for (const [field, value] of Object.entries(record)) if (typeof value === 'string' && !isVisibleText(value, Infinity)) faults.push(`${field} ${JSON.stringify(value)} holds a hidden character`);
  // What the stored log's own validation will ask of it when it is read back.
  if (!isRequestRecord(JSON.parse(JSON.stringify(record)))) faults.push('fails isRequestRecord after a JSON round trip');
  return faults;
}

describe('fuzz: the classifier', () => {
  it(
    'never throws on any request, and every record it makes is sound',
    () => {
      fc.assert(
        fc.property(rawRequest, (raw) => {
          const result = classify(raw as RawRequest);
          if (!result.ok) return;
          expect(recordFaults(toRecord(result.facts, raw as RawRequest))).toEqual([]);
        }),
        fuzz(5),
      );
    },
    TEST_TIMEOUT,
  );
});

/** Carriers on any of Immich's routes, after dot segments the URL parser removes, on any origin. */
const route = fc.constantFrom('/', `/api/assets/${ASSET}/thumbnail`, `/api/assets/${ASSET}/original`, '/api/server/about', '/api/users/me', '/auth/login', '/user-settings', '/api/socket.io/', `/api/asset/file/${ASSET}`);
const prefix = fc.constantFrom('', '/x/..', '/./', '/%2e', '/a/%2E%2E');
const origin = fc.constantFrom('https://photos.example.com', 'http://192.168.1.20:2283', 'wss://photos.example.com', 'HTTPS://Photos.Example.com', 'http://[::1]:2283', 'https://photos.example.com:443');
const carrierUrl = fc.oneof(
  fc.tuple(origin, prefix, route, queryCarrier).map(([site, dots, path, search]) => site + dots + path + search),
  fc.tuple(origin, prefix, pathCarrier, fc.constantFrom('', '?size=preview', '?edited=true')).map(([site, dots, path, search]) => site + dots + path + search),
);

describe('fuzz: no credential reaches a record', () => {
  it(
    'a secret in any carrier, whatever the answer, is in no record',
    () => {
      fc.assert(
        fc.property(carrierUrl, secret, rawRequest, (url, value, rest) => {
          const raw = { ...rest, url: url.replaceAll('§', value) } as RawRequest;
          const result = classify(raw);
          if (!result.ok) return;
          expect(JSON.stringify(toRecord(result.facts, raw))).not.toContain(value);
        }),
        fuzz(5),
      );
    },
    TEST_TIMEOUT,
  );
});

describe('fuzz: a HAR entry’s address', () => {
  it(
    'once read, a web address is printable ASCII, split by the classifier’s fast path exactly as the URL parser splits it',
    () => {
      fc.assert(
        fc.property(hostileUrl, (written) => {
          const request = harEntryRequest({ request: { url: written }, response: { status: 200 } });
          const split = request && splitUrl(request.url);
          // Only web addresses are split into a site (ws and wss as their page's http and https).
          if (!request || !split?.origin) return;
          const url = new URL(request.url);
          expect(split).toEqual({ scheme: url.protocol.slice(0, -1), origin: url.origin.replace(/^ws/, 'http'), pathname: url.pathname, search: url.search });
          expect(isPrintableAscii(request.url)).toBe(true);
        }),
        fuzz(5),
      );
    },
    TEST_TIMEOUT,
  );
});
