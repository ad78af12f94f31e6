import { browser } from 'wxt/browser';
import { currentBrowser } from '../browser-name';
import { errorMessage } from '../error-message';
import type { Recorder } from '../capture/recorder';
import { buildExport } from '../export/export-file';
import { messaging, type ClearReply, type ExportReply, type ExportRequest, type Failed, type MessageData, type MessageReply, type MessageType, type ResetReply, type SummaryReply, type TestAgainReply } from '../messages';
import { parseOrigin } from '../origins/origin';
import { listWatchedOrigins } from '../origins/watched-origins';
import { clearSiteData } from './clear-site-data';
import { downloadFile } from './download-file';
import { immichVersion } from './immich-version';
import { dismissTestAgain, testAgain } from './test-again';
import { storedChecks } from '../server-checks/stored-checks';
import { checksStored } from '../capture/server-versions';
import { triedItem } from '../state/site-state';
import { readTriedSteps } from '../state/tried-steps';

/** The preview shows the start of the file; the download writes all of it. */
const PREVIEW_CHARACTERS = 20_000;

const notWatched = (origin: string, what: string): Failed => ({ ok: false, message: `${origin} is not watched: there is no log ${what}.` });

async function exportLog(recorder: Recorder, request: ExportRequest): Promise<ExportReply> {
  await recorder.ready;
  const log = recorder.logOf(request.origin);
  if (!log) return notWatched(request.origin, 'to export');
  const meta = {
    extensionVersion: browser.runtime.getManifest().version,
    browser: navigator.userAgent,
    immichVersion: await immichVersion(request.origin),
    exportedAt: Date.now(),
  };
  const triedSteps = request.format === 'forum-post' ? readTriedSteps(await triedItem(request.origin).getValue()) : [];
  // Every format carries the last Run checks: read field by field, so nothing but a report's own fields reaches a file.
  const serverChecks = await storedChecks(request.origin);
  const file = buildExport(request.format, log, meta, request.redaction, { triedSteps, serverChecks });
  const download = request.download ? await downloadFile(file) : undefined;
  return { ok: true, filename: file.filename, text: file.text.slice(0, PREVIEW_CHARACTERS), bytes: new TextEncoder().encode(file.text).length, ...(download && { download }) };
}

/** The background's answer to each message, one handler per message. */
export type Handlers = { [T in MessageType]: (data: MessageData<T>) => Promise<MessageReply<T>> };

/** `finishWatch`: the background's one end of a Watch click (./finish-watch.ts), shared with `permissions.onAdded`. */
export function createHandlers(recorder: Recorder, finishWatch: () => Promise<void>): Handlers {
  return {
    async resetLog({ origin }): Promise<ResetReply> {
      if (!(await recorder.reset(origin))) return notWatched(origin, 'to reset');
      await recorder.flush();
      return { ok: true };
    },

    async export(request): Promise<ExportReply> {
      return exportLog(recorder, request).catch((error: unknown) => ({ ok: false, message: `The export failed: ${errorMessage(error)}` }));
    },

    async clearSiteData({ origin }): Promise<ClearReply> {
      try {
        return await clearSiteData(origin, currentBrowser());
      } catch (error) {
        return { ok: false, message: `The browser could not clear the data of ${origin}: ${errorMessage(error)}` };
      }
    },

    async getSummary({ origin }): Promise<SummaryReply> {
      const summary = await recorder.summaryOf(origin);
      return summary ? { ok: true, summary } : notWatched(origin, 'to show');
    },

    async testAgain({ origin }): Promise<TestAgainReply> {
      return (await testAgain(recorder, origin)) ?? notWatched(origin, 'to test again');
    },

    async dismissTestAgain({ origin }): Promise<ResetReply> {
      await dismissTestAgain(origin);
      return { ok: true };
    },

    async checksStored({ origin }): Promise<ResetReply> {
      await checksStored(recorder, origin);
      return { ok: true };
    },

    async finishWatch({ origin }): Promise<ResetReply> {
      await finishWatch();
      return (await listWatchedOrigins()).includes(origin) ? { ok: true } : { ok: false, message: `Access to ${origin} was granted, but watching it did not start: click Watch this site again.` };
    },
  };
}

/**
 * Every message names a site: one that is not a site address (`https://host[:port]`, as the pages
 * send it) is answered with a failure before any handler runs; so is a handler that throws.
 */
function guarded<T extends MessageType>(type: T, handle: (data: MessageData<T>) => Promise<MessageReply<T>>) {
  return async (data: MessageData<T>): Promise<MessageReply<T>> => {
    const origin: unknown = (data as { origin?: unknown } | undefined)?.origin;
    const parsed = typeof origin === 'string' ? parseOrigin(origin) : undefined;
    if (!parsed?.ok || parsed.origin !== origin) return { ok: false, message: `Not a site address: ${JSON.stringify(origin)}.` } as MessageReply<T>;
    try {
      return await handle(data);
    } catch (error) {
      return { ok: false, message: `${type} failed: ${errorMessage(error)}` } as MessageReply<T>;
    }
  };
}

/** Registers one handler per message in the background; returns what removes them (tests). */
export function registerHandlers(recorder: Recorder, finishWatch: () => Promise<void>): () => void {
  const handlers = createHandlers(recorder, finishWatch);
  const register = <T extends MessageType>(type: T) => {
    const handle = guarded(type, handlers[type]);
    return messaging.onMessage(type, ({ data }) => handle(data));
  };
  const removers = (Object.keys(handlers) as MessageType[]).map(register);
  return () => {
    for (const remove of removers) remove();
  };
}
