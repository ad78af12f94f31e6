import { browser } from 'wxt/browser';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DiagnosisReport } from '../diagnose/diagnose';
import type { RequestLog } from '../log/request-log';
import type { ExportFormat } from '../export/export-format';
import { DEFAULT_REDACTION, type RedactionOptions } from '../export/redaction';
import { errorMessage } from '../error-message';
import { latestCall } from '../latest-call';
import { ask, exportStatus, type ClearReply, type ExportReply } from '../messages';
import { noticeItem, summaryItem, testAgainItem, triedItem, type SummaryItem, type TriedItem } from '../state/site-state';
import { readTriedSteps, withStepTried } from '../state/tried-steps';
import { readSummary } from '../state/summary';
import { readTestAgain, type TestAgainRecord } from '../state/test-again';
import { compareRuns, countsOf, MAX_CHECKING_MS, type Comparison } from '../present/before-after';
import { currentBrowser } from '../browser-name';
import { registrableDomain } from '../clear/registrable-domain';
import { probeSite, type ProbeResult } from '../origins/immich-probe';
import { originOf, parseOrigin } from '../origins/origin';
import { hasOriginAccess, listWatchedOrigins, onAccessChanged, unwatchOrigin, watchedOriginsItem, watchOrigin } from '../origins/watched-origins';
import { weighByServerChecks } from '../server-checks/evidence';
import { SERVER_CHECK_IDS, type ServerCheckReport } from '../server-checks/types';
import { storedChecks } from '../server-checks/stored-checks';
import { autoRunChecks, runChecksFor } from './server-checks';

/**
 * The popup's state, fed by the site's stored summary and notice (utils/state/site-state.ts): the
 * background writes, the popup reads. Components only render this. The popup never diagnoses: when
 * the stored summary is missing or unreadable it asks the background for one (`getSummary`) and shows
 * "Reading the log…" meanwhile. The other messages are the user's commands (utils/messages.ts).
 */
export interface PopupState {
  phase: 'loading' | 'no-site' | 'not-watched' | 'watched';
  origin?: string;
  immich: 'unchecked' | 'checking' | ProbeResult;
  /** Whether the browser still gives access to the watched origin ('unknown' until asked). */
  access: 'unknown' | 'granted' | 'missing';
  /** The background's summary: its log's counters and latest failures, and its diagnosis. Both unset while it is read. */
  log?: RequestLog;
  /** The diagnosis shown: the background's (`engineReport`), weighed by the last server checks (../server-checks/evidence.ts). */
  report?: DiagnosisReport;
  engineReport?: DiagnosisReport;
  /** The last *Run checks* on this site (stored), or the one running: its results so far. */
  serverChecks?: ServerCheckReport;
  checksRunning: boolean;
  /** A notice from the background, e.g. that a corrupt stored log was reset. */
  notice?: string;
  /** The result of the user's last action, when it failed (a denied permission…). */
  message?: string;
  failuresOnly: boolean;
  /** A Watch or a Stop watching is under way: the Watch buttons wait for it, disabled. */
  busy: boolean;
  redaction: RedactionOptions;
  /** Whether Copy for a forum post includes the host name: hidden by default, the post is public. */
  forumIncludesHost: boolean;
  /** What the chosen export writes (its first part), shown before anything is saved. */
  exportPreview?: { format: ExportFormat; filename: string; text: string; bytes: number; partial: boolean };
  /** "Saved …" after a download, "Copied …" after Copy for a forum post, or why it failed. */
  exportStatus?: string;
  clearStep: 'idle' | 'confirm' | 'clearing' | 'done';
  /** The registrable domain whose cookies Chrome clears (null: an IP address or a one-label name); undefined until known. */
  clearDomain?: string | null;
  clearReply?: ClearReply;
  /** What Test again remembered of the site before the change (stored by the background), while its comparison is shown. */
  testAgainRecord?: TestAgainRecord;
  /** Before beside after, made from `testAgainRecord` and the summary shown (utils/present/before-after.ts). */
  comparison?: Comparison;
  /** The titles of the steps ticked as done on this site's cards (utils/state/tried-steps.ts). */
  triedSteps: string[];
}

export interface PopupActions {
  /** `originParam` is `?origin=` (automation contract), else the active tab's origin. */
  start(originParam: string | null): Promise<void>;
  /**
   * Asks for access (the browser's prompt) and adds the site to the watched sites; with `reloadTabs`
   * (Watch this site), its open tabs then reload, so that their requests show at once.
   */
  watch(options?: { reloadTabs?: boolean }): Promise<void>;
  unwatch(): Promise<void>;
  resetLog(): Promise<void>;
  checkImmich(): Promise<void>;
  setFailuresOnly(value: boolean): void;
  setRedaction(change: Partial<RedactionOptions>): void;
  setForumIncludesHost(value: boolean): void;
  previewExport(format: ExportFormat): Promise<void>;
  exportLog(format: ExportFormat): Promise<void>;
  /** Puts the short forum post on the clipboard. */
  copyForumPost(): Promise<void>;
  askClearSiteData(): void;
  cancelClearSiteData(): void;
  clearSiteData(): Promise<void>;
  /** Keeps the result as "before", starts the log afresh and reloads the site's tabs (the background does it). */
  testAgain(): Promise<void>;
  dismissTestAgain(): Promise<void>;
  /** Opens the site in a new tab, when Test again found none open. */
  openSite(): Promise<void>;
  /** Asks the server itself (utils/server-checks/): its results show one by one and weigh the diagnosis. */
  runChecks(): Promise<void>;
  /** Ticks (`done`) or unticks a step of the cards as done; kept for the site until it is no longer watched. */
  setStepTried(title: string, done: boolean): Promise<void>;
}

export type PopupStore = ReturnType<typeof createPopupStore>;

type Built = Extract<ExportReply, { ok: true }>;

/** Opened again within this time, the popup shows the last checks rather than asking the server again by itself. */
const AUTO_RUN_AGAIN_MS = 5 * 60_000;

async function activeTabOrigin(): Promise<string | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return originOf(tab?.url);
}

export function createPopupStore() {
  const store = createStore<PopupState & PopupActions>()((set, get) => {
    // The site's stored summary, once the site is known (defining it migrates an older version's value).
    let stored: SummaryItem | undefined;
    let tried: TriedItem | undefined;
    /** Ticks still being written: the storage echo of an earlier one must not undo a later one. */
    let tickWrites = 0;
    let asking = false;
    /** Watch and Stop watching under way: `busy` until none is, whichever ends first. */
    let underWay = 0;
    const whileBusy = async (action: () => Promise<void>): Promise<void> => {
      underWay += 1;
      set({ busy: true });
      try {
        await action();
      } finally {
        underWay -= 1;
        set({ busy: underWay > 0 });
      }
    };

    /** The engine's diagnosis, and the one shown: weighed by the server checks, when they ran. */
    const diagnosisShown = (engineReport: DiagnosisReport | undefined) => ({ engineReport, report: engineReport && weighByServerChecks(engineReport, get().serverChecks) });

    /** The stored summary when it is readable, else the background's, asked once at a time. */
    const showSummary = async (value: unknown, origin: string) => {
      const summary = readSummary(value, origin);
      if (summary) {
        set({ log: summary.log, ...diagnosisShown(summary.report) });
        return;
      }
      set({ log: undefined, report: undefined, engineReport: undefined });
      if (asking) return;
      asking = true;
      const reply = await ask('getSummary', { origin });
      asking = false;
      // A summary stored meanwhile is as new as the reply: either will do.
      if (reply.ok) set({ log: reply.summary.log, ...diagnosisShown(reply.summary.report) });
      else if (get().phase === 'watched') set({ message: reply.message });
    };

    const follow = (origin: string) => {
      const notice = noticeItem(origin);
      const testAgain = testAgainItem(origin);
      stored = summaryItem(origin);
      testAgain.watch((record) => set({ testAgainRecord: readTestAgain(record) }));
      tried = triedItem(origin);
      tried.watch((steps) => {
        if (tickWrites === 0) set({ triedSteps: readTriedSteps(steps) });
      });
      // Removed (null) only when the site is no longer watched: nothing to show, nothing to ask.
      stored.watch((summary) => {
        if (summary !== null && get().phase === 'watched') void showSummary(summary, origin);
      });
      notice.watch((text) => set({ notice: text ?? undefined }));
      watchedOriginsItem.watch(async () => {
        const watched = (await listWatchedOrigins()).includes(origin);
        set({ phase: watched ? 'watched' : 'not-watched' });
      });
      onAccessChanged(() => void checkAccess(origin));
      return { summary: stored, notice, testAgain, tried };
    };

    /**
     * A command about the site whose result the popup reads from storage (the background writes it):
     * only a failure is shown from the reply.
     */
    const siteCommand = async (type: 'resetLog' | 'testAgain' | 'dismissTestAgain') => {
      const { origin } = get();
      if (!origin) return;
      // What an earlier command said is not this one's: it goes as this one starts (found by a review).
      set({ message: undefined });
      const reply = await ask(type, { origin });
      if (!reply.ok) set({ message: reply.message });
    };

    /** Only the latest save's reply is shown. */
    const nextExport = latestCall();

    const checkAccess = async (origin: string) => set({ access: (await hasOriginAccess(origin)) ? 'granted' : 'missing' });

    /** The forum post has its own host choice; every other format follows the redaction options. */
    const redactionFor = (format: ExportFormat): RedactionOptions => {
      const { redaction, forumIncludesHost } = get();
      return format === 'forum-post' ? { ...redaction, hideHost: !forumIncludesHost } : redaction;
    };

    /** Builds an export in the background: the reply carries the text written, downloaded or not. */
    const buildExport = (origin: string, format: ExportFormat, download: boolean) => ask('export', { origin, format, redaction: redactionFor(format), download });

    // `bytes` counts UTF-8 (✗ is three), the text characters: only the encoded text says whether it was cut.
    const previewOf = (format: ExportFormat, reply: Built) => ({ format, filename: reply.filename, text: reply.text, bytes: reply.bytes, partial: new TextEncoder().encode(reply.text).length < reply.bytes });
    /**
     * An open preview shows what was last saved or copied, whichever action produced it: the
     * preview is the reply's text, never kept apart from it (it once kept showing an earlier format).
     */
    const showInPreview = (format: ExportFormat, reply: ExportReply) => {
      if (reply.ok && get().exportPreview) set({ exportPreview: previewOf(format, reply) });
    };

    return {
      phase: 'loading',
      immich: 'unchecked',
      access: 'unknown',
      failuresOnly: true,
      busy: false,
      redaction: DEFAULT_REDACTION,
      forumIncludesHost: false,
      clearStep: 'idle',
      triedSteps: [],
      checksRunning: false,

      async start(originParam) {
        const parsed = originParam ? parseOrigin(originParam) : undefined;
        const origin = parsed?.ok ? parsed.origin : await activeTabOrigin();
        if (!origin) {
          set({ phase: 'no-site', message: parsed && !parsed.ok ? parsed.message : undefined });
          return;
        }
        const site = follow(origin);
        const [watchedOrigins, notice, testAgain, triedSteps] = await Promise.all([listWatchedOrigins(), site.notice.getValue(), site.testAgain.getValue(), site.tried.getValue()]);
        set({ testAgainRecord: readTestAgain(testAgain), triedSteps: readTriedSteps(triedSteps) });
        const watched = watchedOrigins.includes(origin);
        set({ origin, phase: watched ? 'watched' : 'not-watched' });
        if (notice) set({ notice });
        // Read once the phase says watched: a summary written before then is what this read gets, one
        // written after reaches the watch above. Read earlier, a batch written meanwhile (the one the
        // background writes when a popup opens) was ignored by the watch and missed by the read.
        if (!watched) return void get().checkImmich();
        set({ serverChecks: await storedChecks(origin) });
        await Promise.all([site.summary.getValue().then((summary) => showSummary(summary, origin)), checkAccess(origin)]);
        // Only when the user chose it in the options: never asked in the background otherwise.
        // A run the popup's closing cut short counts as none.
        const last = get().serverChecks;
        const lastRun = last && last.results.length === SERVER_CHECK_IDS.length ? last.ranAt : 0;
        if (get().report?.healthy === false && Date.now() - lastRun > AUTO_RUN_AGAIN_MS && (await autoRunChecks())) void get().runChecks();
      },

      async watch({ reloadTabs = false } = {}) {
        const { origin } = get();
        if (!origin) return;
        set({ message: undefined });
        // Runs to the permission request in this turn: the prompt needs the click's user gesture.
        await whileBusy(async () => {
          const granted = await watchOrigin(origin, undefined, { reloadTabs });
          // Reloading waits for the background to record the site: it finishes the watch, then reloads.
          const result = granted.ok && reloadTabs ? await ask('finishWatch', { origin }) : granted;
          set(result.ok ? { phase: 'watched', access: 'granted' } : { message: result.message });
          if (result.ok && stored) await showSummary(await stored.getValue(), origin);
        });
      },

      async unwatch() {
        const { origin } = get();
        if (!origin) return;
        // The popup says "not watched" as soon as the list changes, before the access is given back
        // (`unwatchOrigin`): a Watch clicked in between would be granted at once, then lose its access
        // to this removal. Watch waits, disabled, until it is done.
        await whileBusy(() => unwatchOrigin(origin));
        set({ phase: 'not-watched', log: undefined, report: undefined, engineReport: undefined, serverChecks: undefined });
      },

      resetLog: () => siteCommand('resetLog'),

      async checkImmich() {
        const { origin } = get();
        if (!origin) return;
        set({ immich: 'checking' });
        set({ immich: await probeSite(origin) });
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

      setForumIncludesHost(value) {
        set({ forumIncludesHost: value });
        if (get().exportPreview?.format === 'forum-post') void get().previewExport('forum-post');
      },

      async previewExport(format) {
        const { origin } = get();
        if (!origin) return;
        const reply = await buildExport(origin, format, false);
        if (reply.ok) set({ exportPreview: previewOf(format, reply), exportStatus: undefined });
        else set({ exportStatus: reply.message });
      },

      async exportLog(format) {
        const { origin } = get();
        if (!origin) return;
        const latest = nextExport();
        set({ exportStatus: 'Exporting…' });
        const reply = await buildExport(origin, format, true);
        if (!latest()) return;
        showInPreview(format, reply);
        set({ exportStatus: exportStatus(reply) });
      },

      async copyForumPost() {
        const { origin, forumIncludesHost } = get();
        if (!origin) return;
        set({ exportStatus: 'Copying…' });
        const reply = await buildExport(origin, 'forum-post', false);
        if (!reply.ok) return set({ exportStatus: reply.message });
        showInPreview('forum-post', reply);
        try {
          await navigator.clipboard.writeText(reply.text);
          set({ exportStatus: `Copied a short report for a forum post${forumIncludesHost ? ', with your host name' : ', host name hidden'}: paste it into your post.` });
        } catch (error) {
          set({ exportPreview: previewOf('forum-post', reply), exportStatus: `The browser did not let the report be copied (${errorMessage(error)}): select it in the preview and copy it yourself.` });
        }
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
        set({ clearStep: 'done', clearReply: await ask('clearSiteData', { origin }) });
      },

      testAgain: () => siteCommand('testAgain'),
      dismissTestAgain: () => siteCommand('dismissTestAgain'),

      async openSite() {
        const { origin } = get();
        if (origin) await browser.tabs.create({ url: origin });
      },

      async runChecks() {
        const { origin, checksRunning } = get();
        if (!origin || checksRunning) return;
        set({ checksRunning: true, message: undefined });
        const show = (serverChecks: ServerCheckReport) => set({ serverChecks, report: get().engineReport && weighByServerChecks(get().engineReport!, serverChecks) });
        const wanted = () => get().phase === 'watched' && get().origin === origin;
        try {
          await runChecksFor(origin, get().log, show, wanted);
        } catch (error) {
          set({ message: `The checks could not run: ${errorMessage(error)}` });
        } finally {
          set({ checksRunning: false });
        }
      },

      async setStepTried(title, done) {
        const triedSteps = withStepTried(get().triedSteps, title, done);
        set({ triedSteps });
        tickWrites += 1;
        try {
          await tried?.setValue(triedSteps);
        } finally {
          tickWrites -= 1;
        }
      },
    };
  });
  followComparison(store);
  return store;
}

/**
 * Keeps Test again's comparison in step with what it is made of: the stored record and the summary
 * shown. While the verdict waits for the counts to settle, it is made again when it may change even
 * with no new summary (the reload's last batch came and went quiet).
 */
function followComparison(store: StoreApi<PopupState & PopupActions>): void {
  let recheck: ReturnType<typeof setTimeout> | undefined;
  const compare = () => {
    clearTimeout(recheck);
    const { testAgainRecord, log, report } = store.getState();
    const comparison = testAgainRecord && log && report ? compareRuns(testAgainRecord, countsOf(report), log, Date.now()) : undefined;
    store.setState({ comparison });
    // Never longer than the longest wait (timers overflow past 2^31 ms and fire at once).
    if (comparison?.recheckAt !== undefined) recheck = setTimeout(compare, Math.min(MAX_CHECKING_MS, comparison.recheckAt - Date.now()));
  };
  store.subscribe((state, previous) => {
    if (state.testAgainRecord !== previous.testAgainRecord || state.log !== previous.log || state.report !== previous.report) compare();
  });
}
