import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { firefoxErrorString } from '../../../utils/capture/firefox-error';
import { sessionLogStore } from '../../../utils/state/log-store';
import { storedLog } from '../../fixtures/stored-log';
import { Recorder } from '../../../utils/capture/recorder';
import { webRequestAdapter, type WebRequestSink } from '../../../utils/capture/web-request-adapter';
import type { WebRequestEvent } from '../../../utils/capture/web-request-event';
import type { RequestLog } from '../../../utils/log/request-log';
import { ASSET, headers, ORIGIN } from '../../fixtures/responses';

/**
 * The event sequences Firefox ESR 153 and Chromium deliver for one load, written as the literals they
 * are (fields as measured with the lab, tests/lab/app/service-worker.js), fed through the adapter into
 * a real Recorder: what the log counts is what the popup shows.
 */
type Step = [keyof WebRequestSink, WebRequestEvent];

const thumbnailUrl = `${ORIGIN}/api/assets/${ASSET}/thumbnail?size=thumbnail`;
const storageUrl = `${ORIGIN}/api/server/storage`;
const page = `${ORIGIN}/photos`;
const worker = `${ORIGIN}/service-worker.js`;
const base = { method: 'GET', timeStamp: 1795983593289 };

/** The page's request in a worker-controlled page: Firefox's internal redirect to the same URL, no answer. */
const firefoxHandoff = (requestId: string, url: string, type: string): Step => [
  'onBeforeRedirect',
  { ...base, requestId, url, type, tabId: 3, originUrl: page, documentUrl: page, statusCode: 0, redirectUrl: url },
];
/** A request answered by the server: headers, then completion (which carries none: utils/capture/listeners.ts). */
const answered = (requestId: string, url: string, fields: Partial<WebRequestEvent>, statusCode: number, responseHeaders = headers.immichImage()): Step[] => [
  ['onHeadersReceived', { ...base, requestId, url, type: 'image', tabId: 3, ...fields, statusCode, responseHeaders }],
  ['onCompleted', { ...base, requestId, url, type: 'image', tabId: 3, ...fields, statusCode }],
];
const fromWorker = { tabId: -1, type: 'xmlhttprequest', originUrl: worker, documentUrl: worker };
const fromPage = { tabId: 3, originUrl: page, documentUrl: page };

interface Row {
  name: string;
  firefox: boolean;
  steps: Step[];
  counters: RequestLog['counters'];
}

const rows: Row[] = [
  {
    name: 'Firefox, a thumbnail the worker answers with Immich’s 500: the page’s hand-off is dropped, the worker’s fetch counted once',
    firefox: true,
    steps: [firefoxHandoff('22', thumbnailUrl, 'image'), ...answered('36', thumbnailUrl, fromWorker, 500, headers.immichMissingFile())],
    counters: { thumbnail: { 'http-500': { immich: 1 } } },
  },
  {
    name: 'Firefox, a request the worker lets through: the hand-off is dropped, the same requestId completes once',
    firefox: true,
    steps: [firefoxHandoff('17', storageUrl, 'xmlhttprequest'), ...answered('17', storageUrl, { ...fromPage, type: 'xmlhttprequest' }, 200, headers.immichJson())],
    counters: { api: { ok: { immich: 1 } } },
  },
  {
    name: 'Firefox, a real redirect (302 with a status) is still recorded, then its target',
    firefox: true,
    steps: [
      ['onHeadersReceived', { ...base, requestId: '10', url: `${ORIGIN}/auth/login`, type: 'main_frame', tabId: 3, statusCode: 302, responseHeaders: headers.immichJson() }],
      ['onBeforeRedirect', { ...base, requestId: '10', url: `${ORIGIN}/auth/login`, type: 'main_frame', tabId: 3, statusCode: 302, redirectUrl: page }],
      ...answered('10', page, { type: 'main_frame' }, 200, headers.immichWebApp()),
    ],
    counters: { page: { redirect: { immich: 1 }, ok: { immich: 1 } } },
  },
  {
    name: 'Chromium, the worker’s fetch only (tabId -1): counted once, as before',
    firefox: false,
    steps: answered('7', thumbnailUrl, { tabId: -1, type: 'other', initiator: ORIGIN }, 500, headers.immichMissingFile()),
    counters: { thumbnail: { 'http-500': { immich: 1 } } },
  },
  {
    name: 'Chromium, an internal redirect (HSTS upgrade, status 307) is still recorded as a redirect',
    firefox: false,
    steps: [['onBeforeRedirect', { ...base, requestId: '8', url: thumbnailUrl.replace('https:', 'http:'), type: 'image', tabId: 3, initiator: ORIGIN, statusCode: 307, redirectUrl: thumbnailUrl }]],
    counters: { thumbnail: { redirect: { unknown: 1 } } },
  },
  {
    name: 'Firefox, a self-signed certificate (NSS gives a message, not a code) is a certificate error',
    firefox: true,
    steps: [['onErrorOccurred', { ...base, requestId: '9', url: page, type: 'main_frame', tabId: 3, error: 'The certificate is not trusted because it is self-signed.' }]],
    counters: { page: { 'net-certificate-invalid': { unknown: 1 } } },
  },
  {
    name: 'Firefox, an NSS message in another language still counts as a TLS failure, not an unknown one',
    firefox: true,
    steps: [['onErrorOccurred', { ...base, requestId: '9', url: page, type: 'main_frame', tabId: 3, error: 'Das Zertifikat ist nicht vertrauenswürdig, weil es vom Aussteller selbst signiert wurde.' }]],
    counters: { page: { 'net-tls-handshake-failed': { unknown: 1 } } },
  },
  {
    name: 'Firefox, a coded error passes unchanged',
    firefox: true,
    steps: [['onErrorOccurred', { ...base, requestId: '9', url: page, type: 'main_frame', tabId: 3, error: 'NS_ERROR_CONNECTION_REFUSED' }]],
    counters: { page: { 'net-connection-refused': { unknown: 1 } } },
  },
  {
    name: 'Chromium, the same free text is not trusted (only Firefox builds read NSS messages)',
    firefox: false,
    steps: [['onErrorOccurred', { ...base, requestId: '9', url: page, type: 'main_frame', tabId: 3, error: 'The certificate is not trusted because it is self-signed.' }]],
    counters: { page: { 'net-unknown': { unknown: 1 } } },
  },
];

beforeEach(() => {
  fakeBrowser.reset();
});

describe('webRequestAdapter: each load counted once, from the event that carries the answer', () => {
  it.each(rows)('$name', async ({ firefox, steps, counters }) => {
    const recorder = new Recorder({ store: sessionLogStore(), loadWatched: async () => [ORIGIN], flushDelayMs: 5 });
    await recorder.ready;
    const sink = webRequestAdapter(recorder, { firefox });
    for (const [handler, event] of steps) sink[handler](event);
    await recorder.flush();
    const log = await storedLog();
    expect(log?.counters).toEqual(counters);
  });
});

describe('firefoxErrorString', () => {
  it.each([
    ['The certificate is not trusted because it is self-signed.', 'MOZILLA_PKIX_ERROR_SELF_SIGNED_CERT (The certificate is not trusted because it is self-signed.)'],
    ['Peer’s Certificate has expired.', 'SEC_ERROR_EXPIRED_CERTIFICATE (Peer’s Certificate has expired.)'],
    [
      'Unable to communicate securely with peer: requested domain name does not match the server’s certificate.',
      'SSL_ERROR_BAD_CERT_DOMAIN (Unable to communicate securely with peer: requested domain name does not match the server’s certificate.)',
    ],
    ['Un message inconnu.', 'NS_ERROR_MODULE_SECURITY (Un message inconnu.)'],
    ['NS_BINDING_ABORTED', 'NS_BINDING_ABORTED'],
    ['NS_ERROR_NET_RESET', 'NS_ERROR_NET_RESET'],
    ['', ''],
    [undefined, undefined],
  ])('%j → %j', (error, expected) => {
    expect(firefoxErrorString(error)).toBe(expected);
  });
});
