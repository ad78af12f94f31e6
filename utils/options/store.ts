import { browser } from 'wxt/browser';
import { createStore } from 'zustand/vanilla';
import { readRecordLimit, recordLimitItem } from '../capture/record-limit';
import type { DiagnosisReport } from '../diagnose/diagnose';
import type { ExportFormat } from '../export/export-format';
import { DEFAULT_REDACTION, type RedactionOptions } from '../export/redaction';
import type { ImportResult } from '../import/read-import';
import type { ImportWorkerMessage } from './import-worker';
import { latestCall } from '../latest-call';
import { ask, exportStatus } from '../messages';
import { hasOriginAccess, listWatchedOrigins, onAccessChanged, unwatchOrigin, watchedOriginsItem, watchOrigin } from '../origins/watched-origins';
import { siteOverview, type SiteOverview } from '../present/site-overview';
import { describeStateKey, summaryItem } from '../state/site-state';
import { readSummary } from '../state/summary';
import { weighByServerChecks } from '../server-checks/evidence';
import { storedChecks } from '../server-checks/stored-checks';
import { directAddressesItem, readDirectAddresses, removeDirectAddress } from './direct-address';
import { changeCheckSettings, saveDirectAddress } from './check-settings-form';
import { apiKeyProblem, apiKeysItem, checkSettingsItem, readApiKeys, readCheckSettings, setApiKey, type CheckSettings } from './check-settings';

/** One entry of "what is stored": where, what, how big. */
export interface StoredEntry {
  area: 'local' | 'session';
  key: string;
  what: string;
  bytes: number;
}

/** A HAR file or exported log the user dropped on the page, read and diagnosed here, in a worker of the page. */
export interface Analysis {
  name: string;
  reading: boolean;
  /** Bytes read so far, of `size`. */
  read: number;
  size: number;
  /** The user stopped the reading: nothing was diagnosed. */
  cancelled?: boolean;
  result?: ImportResult;
  report?: DiagnosisReport;
}

export interface OptionsState {
  /** Each watched site at a glance, from its stored summary, in the order they were added. */
  sites: SiteOverview[];
  /** What the sites' "5 minutes ago" is counted to: when they were read, moved on each minute. */
  readAt: number;
  recordLimit: number;
  stored: StoredEntry[];
  message?: string;
  redaction: RedactionOptions;
  /** What became of each site's last export, by site: said under it. */
  exportStatus: Record<string, string>;
  analysis?: Analysis;
  /** *Run checks*' options (./check-settings.ts). */
  checkSettings: CheckSettings;
  /** The sites an API key is saved for: the keys themselves never come back to the page. */
  sitesWithApiKey: string[];
  /** Why the last key pasted was not saved, by site. */
  apiKeyMessage?: { origin: string; text: string };
  /** Each site's direct address (./direct-address.ts), when the user entered one. */
  directAddresses: Record<string, string>;
  /** Why the last direct address was not saved, by site. */
  directMessage?: { origin: string; text: string };
  /**
   * How many Stop watching are under way. Watch waits for them, disabled: the access they give back
   * last (`unwatchOrigin`) would be taken from a site watched again meanwhile.
   */
  stopping: number;
}

export interface OptionsActions {
  load(): Promise<void>;
  add(input: string): Promise<boolean>;
  unwatch(origin: string): Promise<void>;
  setRecordLimit(limit: number): Promise<void>;
  setRedaction(change: Partial<RedactionOptions>): void;
  exportLog(origin: string, format: ExportFormat): Promise<void>;
  analyse(file: File): void;
  cancelImport(): void;
  setCheckSettings(change: Partial<CheckSettings>): Promise<void>;
  /** Saves a site's API key when it looks like one; says why not otherwise. Whether it was saved. */
  saveApiKey(origin: string, key: string): Promise<boolean>;
  removeApiKey(origin: string): Promise<void>;
  /** Asks for access to the address and keeps it as the site's direct one; called from the click. Whether it was saved. */
  saveDirectAddress(origin: string, input: string): Promise<boolean>;
  removeDirectAddress(origin: string): Promise<void>;
}

function describeKey(key: string): string {
  const state = describeStateKey(key);
  if (state) return state;
  if (key === 'watchedOrigins') return 'the sites you watch';
  if (key === 'pendingWatch') return 'a Watch click waiting for the browser’s answer (for 5 minutes)';
  if (key === 'recordLimit') return 'how many failure records to keep';
  if (key === 'serverCheckSettings') return 'Run checks options (auto-run, disk full threshold, media folder on the host)';
  if (key === 'serverCheckKeys') return 'the API keys you entered for Run checks (never exported or shown)';
  if (key === 'serverCheckDirect') return "the sites' direct addresses you entered for Run checks";
  return 'extension setting';
}

/** Every stored key in words, one row per thing: a site's pages of failure records are one row with their count. */
async function readStored(): Promise<StoredEntry[]> {
  const areas = [
    ['local', await browser.storage.local.get(null)],
    ['session', await browser.storage.session.get(null)],
  ] as const;
  const rows = new Map<string, StoredEntry & { parts: number }>();
  for (const [area, items] of areas) {
    for (const [key, value] of Object.entries(items)) {
      const what = describeKey(key);
      const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
      const row = rows.get(`${area} ${what}`);
      if (row) {
        row.bytes += bytes;
        row.parts += 1;
      } else rows.set(`${area} ${what}`, { area, key, what, bytes, parts: 1 });
    }
  }
  return [...rows.values()].map(({ parts, ...row }) => (parts > 1 ? { ...row, what: `${row.what}, ${parts} pages` } : row));
}

/**
 * A site's row from its stored summary, read as the popup reads it: one missing, corrupt or written by
 * another version is "no report yet" (never a blank page); the popup asks the background for a new one.
 */
async function readOverview(origin: string): Promise<SiteOverview> {
  const [stored, access, checks] = await Promise.all([summaryItem(origin).getValue().catch(() => undefined), hasOriginAccess(origin), storedChecks(origin).catch(() => undefined)]);
  const summary = readSummary(stored, origin);
  // Its top cause is the popup's first card: the diagnosis weighed by the site's last Run checks.
  return siteOverview(origin, summary && { ...summary, report: weighByServerChecks(summary.report, checks) }, access);
}

/** The sites' export statuses with one site's set to `text`, or gone (`undefined`: no longer watched). */
function withExportStatus(statuses: Record<string, string>, origin: string, text: string | undefined): Record<string, string> {
  const others = Object.fromEntries(Object.entries(statuses).filter(([site]) => site !== origin));
  return text === undefined ? others : { ...others, [origin]: text };
}

export function createOptionsStore() {
  /** The worker reading the file being analysed, if one is: a new file or Cancel stops it. */
  let importer: Worker | undefined;
  const stopImport = () => {
    importer?.terminate();
    importer = undefined;
  };
  /** Of each site, only its latest export's reply is shown; another site's export takes nothing from it. */
  const nextExport = latestCall();
  return createStore<OptionsState & OptionsActions>()((set, get) => ({
    sites: [],
    readAt: 0,
    recordLimit: 2000,
    stored: [],
    redaction: DEFAULT_REDACTION,
    exportStatus: {},
    checkSettings: readCheckSettings(undefined),
    sitesWithApiKey: [],
    directAddresses: {},
    stopping: 0,

    async load() {
      const origins = await listWatchedOrigins();
      const [sites, recordLimit, stored, checkSettings, keys, direct] = await Promise.all([
        Promise.all(origins.map(readOverview)),
        readRecordLimit(),
        readStored(),
        checkSettingsItem.getValue(),
        apiKeysItem.getValue(),
        directAddressesItem.getValue(),
      ]);
      set({ sites, readAt: Date.now(), recordLimit, stored, checkSettings: readCheckSettings(checkSettings), sitesWithApiKey: Object.keys(readApiKeys(keys)), directAddresses: readDirectAddresses(direct) });
    },

    async add(input) {
      set({ message: undefined });
      // Straight from the click: the permission prompt needs the user gesture.
      const result = await watchOrigin(input);
      if (!result.ok) set({ message: result.message });
      await get().load();
      return result.ok;
    },

    async unwatch(origin) {
      set(({ stopping }) => ({ stopping: stopping + 1 }));
      try {
        await unwatchOrigin(origin);
      } finally {
        set(({ stopping }) => ({ stopping: stopping - 1 }));
      }
      // An export still on its way loses its ticket: its reply would bring the status back.
      nextExport(origin);
      set(({ exportStatus: statuses }) => ({ exportStatus: withExportStatus(statuses, origin, undefined) }));
      await get().load();
    },

    async setRecordLimit(limit) {
      await recordLimitItem.setValue(limit);
      set({ recordLimit: limit });
    },

    setRedaction(change) {
      set({ redaction: { ...get().redaction, ...change } });
    },

    async exportLog(origin, format) {
      const latest = nextExport(origin);
      set(({ exportStatus: statuses }) => ({ exportStatus: withExportStatus(statuses, origin, 'Exporting…') }));
      const reply = await ask('export', { origin, format, redaction: get().redaction, download: true });
      if (latest()) set(({ exportStatus: statuses }) => ({ exportStatus: withExportStatus(statuses, origin, exportStatus(reply)) }));
    },

    analyse(file) {
      stopImport();
      const analysis: Analysis = { name: file.name, reading: true, read: 0, size: file.size };
      set({ analysis });
      // Vite bundles the worker as its own module (vite.dev/guide/features#web-workers); the file is
      // streamed in it piece by piece, never whole into memory, and never on this page's main thread.
      const worker = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module' });
      importer = worker;
      worker.onmessage = ({ data }: MessageEvent<ImportWorkerMessage>) => {
        if (data.type === 'progress') return set({ analysis: { ...analysis, read: data.read } });
        stopImport();
        set({ analysis: { ...analysis, reading: false, read: file.size, result: data.result, report: data.report } });
      };
      worker.onerror = (event) => {
        stopImport();
        set({ analysis: { ...analysis, reading: false, result: { ok: false, message: `Could not read the file: ${event.message || 'the reader stopped'}.` } } });
      };
      worker.postMessage(file);
    },

    async setCheckSettings(change) {
      set({ checkSettings: readCheckSettings({ ...get().checkSettings, ...change }) });
      set({ checkSettings: await changeCheckSettings(change) });
    },

    async saveApiKey(origin, key) {
      const problem = apiKeyProblem(key.trim());
      set({ apiKeyMessage: problem ? { origin, text: problem } : undefined });
      if (problem) return false;
      const saved = await setApiKey(origin, key.trim(), listWatchedOrigins);
      if (!saved) set({ apiKeyMessage: { origin, text: `${origin} is no longer watched: its key was not kept.` } });
      await get().load();
      return saved;
    },

    async removeApiKey(origin) {
      await setApiKey(origin, undefined);
      await get().load();
    },

    async saveDirectAddress(origin, input) {
      const saved = await saveDirectAddress(origin, input, listWatchedOrigins);
      set({ directMessage: saved.ok ? undefined : { origin, text: saved.message } });
      await get().load();
      return saved.ok;
    },

    async removeDirectAddress(origin) {
      await removeDirectAddress(origin, await listWatchedOrigins());
      await get().load();
    },

    cancelImport() {
      const { analysis } = get();
      if (!importer || !analysis) return;
      stopImport();
      set({ analysis: { ...analysis, reading: false, cancelled: true } });
    },
  }));
}

export type OptionsStore = ReturnType<typeof createOptionsStore>;

/**
 * Keeps the page current while the background writes (new logs, a site removed elsewhere). With the
 * options page open, the background writes a busy site's log every 2 s, so reloads are spaced by a
 * second.
 */
export function followStorage(store: OptionsStore): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const reload = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      void store.getState().load();
    }, 1000);
  };
  watchedOriginsItem.watch(reload);
  browser.storage.onChanged.addListener(reload);
  // Access granted or taken away in the browser's menus: the dashboard says so (found by a review).
  onAccessChanged(reload);
  // "Last activity 5 minutes ago" ages while nothing is stored: only the clock moves, nothing is read again.
  setInterval(() => store.setState({ readAt: Date.now() }), 60_000);
}
