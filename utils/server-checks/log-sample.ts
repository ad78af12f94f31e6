import type { RequestRecord } from '../classify/classify-request';
import { isMediaKind } from '../classify/request-kind';
import type { RequestLog } from '../log/request-log';
import { APP_FILES } from './routes';

/**
 * What of a site's log the checks look at again on the server: the assets of its failing media
 * requests and of some that loaded (./checks/assets.ts), and the web app's files the tab loaded
 * (./checks/web-app.ts).
 */
export interface LogSample {
  failingAssets: string[];
  loadedAssets: string[];
  /** The tab's web app files, under `/_app/immutable/` (`entry/start.B1x2.js`), most recent first. */
  appFiles: string[];
}

/** The bound: enough to see a pattern, few enough for a home server. */
export const MAX_FAILING_ASSETS = 20;
export const MAX_LOADED_ASSETS = 10;
export const MAX_APP_FILES = 6;

/** Distinct values of the records, most recent first. */
function distinct(records: readonly RequestRecord[], value: (record: RequestRecord) => string | undefined): string[] {
  return [...new Set([...records].reverse().map(value).filter((found): found is string => found !== undefined))];
}

export function sampleOf(log: Pick<RequestLog, 'failures' | 'recent'>): LogSample {
  const asset = (wanted: (record: RequestRecord) => boolean) => (record: RequestRecord) => (isMediaKind(record.kind) && wanted(record) ? record.assetId : undefined);
  const failingAssets = distinct(log.failures, asset(() => true)).slice(0, MAX_FAILING_ASSETS);
  const loadedAssets = distinct(log.recent, asset((record) => record.outcome === 'ok'))
    .filter((id) => !failingAssets.includes(id))
    .slice(0, MAX_LOADED_ASSETS);
  const appFile = (record: RequestRecord) => (record.kind === 'app-shell' && record.path.startsWith(APP_FILES) ? record.path.slice(APP_FILES.length).split('?')[0] : undefined);
  const appFiles = distinct([...log.failures, ...log.recent].sort((a, b) => a.time - b.time), appFile).slice(0, MAX_APP_FILES);
  return { failingAssets, loadedAssets, appFiles };
}
