import { browser } from 'wxt/browser';
import { createStore } from 'zustand/vanilla';
import { noticeKey, summaryKey } from '../capture/log-store';
import type { DiagnosisReport } from '../diagnose/diagnose';
import type { RequestLog } from '../log/request-log';
import { parseStoredSummary } from '../present/log-summary';
import type { ExportFormat } from '../export/export-file';
import { DEFAULT_REDACTION, type RedactionOptions } from '../export/redaction';
import { exportStatus, requestExport, sendCommand } from '../actions/send-command';
import type { ClearReply } from '../messages';
import { currentBrowser } from '../browser-name';
import { registrableDomain } from '../clear/registrable-domain';
import { probeImmich, type ProbeResult } from '../origins/immich-probe';
import { originOf, parseOrigin } from '../origins/origin';
import { hasOriginAccess, listWatchedOrigins, onAccessChanged, unwatchOrigin, watchedOriginsItem, watchOrigin } from '../origins/watched-origins';

/**
 * The popup's state, fed by `storage.onChanged`: the background writes, the popup reads. Components
 * only render this; the only messages sent are the user's commands.
 */
export interface PopupState {
  phase: 'loading' | 'no-site' | 'not-watched' | 'watched';
  origin?: string;
  immich: 'unchecked' | 'checking' | ProbeResult;
  /** Whether the browser still gives access to the watched origin ('unknown' until asked). */
  access: 'unknown' | 'granted' | 'missing';
  log?: RequestLog;
  report?: DiagnosisReport;
  /** A notice from the background, e.g. that a corrupt stored log was reset. */
  notice?: string;
  /** The result of the user's last action, when it failed (a denied permission…). */
  message?: string;
  failuresOnly: boolean;
  busy: boolean;
  redaction: RedactionOptions;
  /** What the chosen export writes (its first part), shown before anything is saved. */
  exportPreview?: { format: ExportFormat; filename: string; text: string; bytes: number };
  /** "Saved …" after a download, or why it failed. */
  exportStatus?: string;
  clearStep: 'idle' | 'confirm' | 'clearing' | 'done';
  /** The registrable domain whose cookies Chrome clears (null: an IP address or a one-label name); undefined until known. */
  clearDomain?: string | null;
  clearReply?: ClearReply;
}

export interface PopupActions {
  /** `originParam` is `?origin=` (automation contract), else the active tab's origin. */
  start(originParam: string | null): Promise<void>;
  /** Watch this site: asks for access (the browser's prompt) and adds it to the watched sites. */
  watch(): Promise<void>;
  unwatch(): Promise<void>;
  resetLog(): Promise<void>;
  checkImmich(): Promise<void>;
  setFailuresOnly(value: boolean): void;
  setRedaction(change: Partial<RedactionOptions>): void;
  previewExport(format: ExportFormat): Promise<void>;
  exportLog(format: ExportFormat): Promise<void>;
  askClearSiteData(): void;
  cancelClearSiteData(): void;
  clearSiteData(): Promise<void>;
}

export type PopupStore = ReturnType<typeof createPopupStore>;

async function activeTabOrigin(): Promise<string | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return originOf(tab?.url);
}

export function createPopupStore() {
  return createStore<PopupState & PopupActions>()((set, get) => {
    const showSummary = (stored: unknown, origin: string) => {
      const { summary, notice } = parseStoredSummary(stored, origin, Date.now());
      set({ log: summary.log, report: summary.report, ...(notice ? { notice } : {}) });
    };

    const follow = (origin: string) => {
      browser.storage.onChanged.addListener((changes, area) => {
        if (area === 'session' && summaryKey(origin) in changes) showSummary(changes[summaryKey(origin)]?.newValue, origin);
        if (area === 'session' && noticeKey(origin) in changes) set({ notice: changes[noticeKey(origin)]?.newValue as string | undefined });
      });
      watchedOriginsItem.watch(async () => {
        const watched = (await listWatchedOrigins()).includes(origin);
        set({ phase: watched ? 'watched' : 'not-watched' });
      });
      onAccessChanged(() => void checkAccess(origin));
    };

    const checkAccess = async (origin: string) => set({ access: (await hasOriginAccess(origin)) ? 'granted' : 'missing' });

    return {
      phase: 'loading',
      immich: 'unchecked',
      access: 'unknown',
      failuresOnly: true,
      busy: false,
      redaction: DEFAULT_REDACTION,
      clearStep: 'idle',

      async start(originParam) {
        const parsed = originParam ? parseOrigin(originParam) : undefined;
        const origin = parsed?.ok ? parsed.origin : await activeTabOrigin();
        if (!origin) {
          set({ phase: 'no-site', message: parsed && !parsed.ok ? parsed.message : undefined });
          return;
        }
        follow(origin);
        const [watchedOrigins, stored] = await Promise.all([listWatchedOrigins(), browser.storage.session.get([summaryKey(origin), noticeKey(origin)])]);
        const watched = watchedOrigins.includes(origin);
        set({ origin, phase: watched ? 'watched' : 'not-watched' });
        if (watched) {
          showSummary(stored[summaryKey(origin)], origin);
          await checkAccess(origin);
        }
        const notice = stored[noticeKey(origin)];
        if (typeof notice === 'string') set({ notice });
        if (!watched) void get().checkImmich();
      },

      async watch() {
        const { origin } = get();
        if (!origin) return;
        set({ busy: true, message: undefined });
        // Called straight from the click: the permission prompt needs the user gesture.
        const result = await watchOrigin(origin);
        set({ busy: false, ...(result.ok ? { phase: 'watched', access: 'granted' } : { message: result.message }) });
        if (result.ok) showSummary((await browser.storage.session.get(summaryKey(origin)))[summaryKey(origin)], origin);
      },

      async unwatch() {
        const { origin } = get();
        if (!origin) return;
        await unwatchOrigin(origin);
        set({ phase: 'not-watched', log: undefined, report: undefined });
      },

      async resetLog() {
        const { origin } = get();
        if (!origin) return;
        await sendCommand({ type: 'reset-log', origin });
      },

      async checkImmich() {
        const { origin } = get();
        if (!origin) return;
        set({ immich: 'checking' });
        set({ immich: await probeImmich(origin) });
      },

      setFailuresOnly(value) {
        set({ failuresOnly: value });
      },

      setRedaction(change) {
        const redaction = { ...get().redaction, ...change };
        set({ redaction });
        const preview = get().exportPreview;
        if (preview) void get().previewExport(preview.format);
      },

      async previewExport(format) {
        const { origin, redaction } = get();
        if (!origin) return;
        const reply = await requestExport(origin, format, redaction, false);
        if (reply.ok) set({ exportPreview: { format, filename: reply.filename, text: reply.text, bytes: reply.bytes }, exportStatus: undefined });
        else set({ exportStatus: reply.message });
      },

      async exportLog(format) {
        const { origin, redaction } = get();
        if (!origin) return;
        set({ exportStatus: 'Exporting…' });
        set({ exportStatus: exportStatus(await requestExport(origin, format, redaction, true)) });
      },

      askClearSiteData() {
        set({ clearStep: 'confirm', clearReply: undefined });
        const { origin } = get();
        // Only Chrome widens cookie clearing to the registrable domain, so only its confirmation names
        // it: Firefox never loads the ~140 kB suffix list.
        if (origin && currentBrowser() === 'chromium') void registrableDomain(new URL(origin).hostname).then((clearDomain) => set({ clearDomain }));
      },

      cancelClearSiteData() {
        set({ clearStep: 'idle' });
      },

      async clearSiteData() {
        const { origin } = get();
        if (!origin) return;
        set({ clearStep: 'clearing' });
        set({ clearStep: 'done', clearReply: await sendCommand({ type: 'clear-site-data', origin }) });
      },
    };
  });
}
