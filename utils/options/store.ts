import { browser } from 'wxt/browser';
import { createStore } from 'zustand/vanilla';
import { readRecordLimit, recordLimitItem } from '../capture/record-limit';
import { diagnose, type DiagnosisReport } from '../diagnose/diagnose';
import type { ExportFormat } from '../export/export-file';
import { DEFAULT_REDACTION, type RedactionOptions } from '../export/redaction';
import { readImport, type ImportResult } from '../import/read-import';
import { ask, exportStatus } from '../messages';
import { listWatchedOrigins, unwatchOrigin, watchedOriginsItem, watchOrigin } from '../origins/watched-origins';
import { describeStateKey } from '../state/site-state';

/** One entry of "what is stored": where, what, how big. */
export interface StoredEntry {
  area: 'local' | 'session';
  key: string;
  what: string;
  bytes: number;
}

/** A HAR file or exported log the user dropped on the page, read and diagnosed here, in the page. */
export interface Analysis {
  name: string;
  reading: boolean;
  result?: ImportResult;
  report?: DiagnosisReport;
}

export interface OptionsState {
  origins: string[];
  recordLimit: number;
  stored: StoredEntry[];
  message?: string;
  redaction: RedactionOptions;
  exportStatus?: string;
  analysis?: Analysis;
}

export interface OptionsActions {
  load(): Promise<void>;
  add(input: string): Promise<boolean>;
  remove(origin: string): Promise<void>;
  setRecordLimit(limit: number): Promise<void>;
  setRedaction(change: Partial<RedactionOptions>): void;
  exportLog(origin: string, format: ExportFormat): Promise<void>;
  analyse(file: File): Promise<void>;
}

function describeKey(key: string): string {
  const state = describeStateKey(key);
  if (state) return state;
  if (key === 'watchedOrigins') return 'the sites you watch';
  if (key === 'recordLimit') return 'how many failure records to keep';
  return 'extension setting';
}

async function readStored(): Promise<StoredEntry[]> {
  const areas = [
    ['local', await browser.storage.local.get(null)],
    ['session', await browser.storage.session.get(null)],
  ] as const;
  return areas.flatMap(([area, items]) =>
    Object.entries(items).map(([key, value]) => ({ area, key, what: describeKey(key), bytes: new TextEncoder().encode(JSON.stringify(value)).length })),
  );
}

async function* chunksOf<T>(stream: ReadableStream<T>): AsyncGenerator<T> {
  const reader = stream.getReader();
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) yield chunk.value;
  } finally {
    reader.releaseLock();
  }
}

export function createOptionsStore() {
  return createStore<OptionsState & OptionsActions>()((set, get) => ({
    origins: [],
    recordLimit: 2000,
    stored: [],
    redaction: DEFAULT_REDACTION,

    async load() {
      set({ origins: await listWatchedOrigins(), recordLimit: await readRecordLimit(), stored: await readStored() });
    },

    async add(input) {
      set({ message: undefined });
      // Straight from the click: the permission prompt needs the user gesture.
      const result = await watchOrigin(input);
      if (!result.ok) set({ message: result.message });
      await get().load();
      return result.ok;
    },

    async remove(origin) {
      await unwatchOrigin(origin);
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
      set({ exportStatus: exportStatus(await ask('export', { origin, format, redaction: get().redaction, download: true })) });
    },

    async analyse(file) {
      set({ analysis: { name: file.name, reading: true } });
      // Streamed: a large HAR is read piece by piece, never whole into memory.
      const result = await readImport(chunksOf(file.stream()));
      set({ analysis: { name: file.name, reading: false, result, report: result.ok ? diagnose(result.log) : undefined } });
    },
  }));
}

export type OptionsStore = ReturnType<typeof createOptionsStore>;

/**
 * Keeps the page current while the background writes (new logs, a site removed elsewhere). The
 * background writes twice a second while a site is browsed, so reloads are spaced by a second.
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
}
