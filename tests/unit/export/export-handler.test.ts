import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createHandlers } from '../../../utils/actions/handlers';
import { Recorder } from '../../../utils/capture/recorder';
import type { ExportFormat } from '../../../utils/export/export-format';
import { sessionLogStore } from '../../../utils/state/log-store';
import { checksItem } from '../../../utils/state/site-state';
import { ASSET, headers, ORIGIN } from '../../fixtures/responses';
import { completeRequest } from '../../fixtures/web-request';

/** The background's export over WXT's fake storage: what the popup stored for the site reaches every format. */

const SECRET = 'PLANTED-API-KEY-4b2d90';
const STORED = {
  origin: ORIGIN,
  ranAt: Date.UTC(2026, 10, 25, 22, 40, 0),
  serverVersion: 'v2.7.5',
  routesBasis: 'version',
  usedApiKey: true,
  // Fields a report does not have: as if a later version, or anything else, had written them.
  apiKey: SECRET,
  results: [{ id: 'storage', status: 'problem', summary: 'The library disk is 97% full.', figure: '97.5% of 252.0 GiB used', ms: 20, asked: [{ path: '/api/server/storage', status: 200, headers: { 'x-api-key': SECRET } }], verdicts: [], key: SECRET }],
};

let recorder: Recorder;

beforeEach(async () => {
  fakeBrowser.reset();
  // immichVersion asks the site; there is none here.
  vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('offline'));
  Object.assign(fakeBrowser.runtime, { getManifest: () => ({ version: '0.1.0' }) });
  recorder = new Recorder({ store: sessionLogStore(), loadWatched: async () => [ORIGIN], flushDelayMs: 5 });
  await recorder.ready;
  const url = `${ORIGIN}/api/assets/${ASSET}/thumbnail?size=thumbnail`;
  completeRequest(recorder, { requestId: '1', url, method: 'GET', type: 'image', timeStamp: Date.now(), tabId: 3, initiator: ORIGIN, statusCode: 500, responseHeaders: headers.immichMissingFile() });
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function exportText(format: ExportFormat): Promise<string> {
  const reply = await createHandlers(recorder, async () => undefined).export({ origin: ORIGIN, format, redaction: { hideHost: false, hideAssetIds: false }, download: false });
  if (!reply.ok) throw new Error(reply.message);
  return reply.text;
}

describe('exportLog reads the site’s stored Run checks', () => {
  it.each<ExportFormat>(['json', 'har', 'markdown', 'forum-post'])('%s: carries them, never a planted field', async (format) => {
    await checksItem(ORIGIN).setValue(STORED);
    const text = await exportText(format);
    expect(text).toContain('97.5% of 252.0 GiB used');
    expect(text).not.toContain(SECRET);
  });

  it.each<ExportFormat>(['json', 'markdown'])('%s: an unreadable stored value is no checks', async (format) => {
    await checksItem(ORIGIN).setValue({ ...STORED, origin: 'https://other.example' });
    const text = await exportText(format);
    expect(text).not.toContain('97.5%');
    if (format === 'markdown') expect(text).toContain('Run checks was not run');
  });
});
