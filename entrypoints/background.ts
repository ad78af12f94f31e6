import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { paintBadges, repaintTab } from '../utils/capture/badge';
import { listenToRequests } from '../utils/capture/listeners';
import { pausableSink } from '../utils/capture/pausable-sink';
import { readRecordLimit, recordLimitItem } from '../utils/capture/record-limit';
import { Recorder } from '../utils/capture/recorder';
import { readServerVersions } from '../utils/capture/server-versions';
import { followViewers } from '../utils/capture/viewers';
import { watchFinisher } from '../utils/actions/finish-watch';
import { registerHandlers } from '../utils/actions/handlers';
import { sessionLogStore } from '../utils/state/log-store';
import { listWatchedOrigins, watchedOriginsItem, watchOrigin } from '../utils/origins/watched-origins';

export default defineBackground(() => {
  const recorder = new Recorder({
    store: sessionLogStore(),
    loadWatched: listWatchedOrigins,
    loadRecordLimit: readRecordLimit,
    onSummarized: (summaries) => void paintBadges(summaries),
  });
  // The test build's listeners can be paused: the page-load bench's floor (utils/capture/pausable-sink.ts).
  const testSink = import.meta.env.MODE === 'test' ? pausableSink(recorder) : undefined;
  const listeners = listenToRequests(testSink ?? recorder);
  const finishWatch = watchFinisher(recorder, listeners);
  // A grant from the popup's prompt or from the browser's own site-access menu.
  browser.permissions.onAdded.addListener((added) => {
    if (added.origins?.length) void finishWatch();
  });

  void listWatchedOrigins().then((origins) => readServerVersions(recorder, origins));
  watchedOriginsItem.watch(() => void listWatchedOrigins().then((origins) => Promise.all([recorder.setWatched(origins), readServerVersions(recorder, origins)])));
  recordLimitItem.watch(() => void readRecordLimit().then((limit) => recorder.setRecordLimit(limit)));
  const repaintOnNavigation = (tabId: number, change: { status?: string; url?: string }, tab: { url?: string }) => {
    if (change.status === 'complete' || change.url) void repaintTab(tabId, tab.url, (origin) => recorder.currentSummary(origin));
  };
  // Firefox wakes a suspended background for every tab update listened to (a title, a favicon, sound):
  // only these two are read (https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/tabs/onUpdated,
  // `filter.properties`). Chrome's tabs.onUpdated takes no filter, and the types are Chrome's.
  type FilteredTabUpdates = { addListener(callback: typeof repaintOnNavigation, filter: { properties: Array<'status' | 'url'> }): void };
  if (import.meta.env.FIREFOX) (browser.tabs.onUpdated as unknown as FilteredTabUpdates).addListener(repaintOnNavigation, { properties: ['status', 'url'] });
  else browser.tabs.onUpdated.addListener(repaintOnNavigation);
  registerHandlers(recorder, finishWatch);
  followViewers(recorder);
  // Firefox unloads an idle background page (by default 30 s without an event or extension API call;
  // `extensions.background.idle.timeout`) and awaits this listener's promise first, within a time limit
  // (ext-runtime.js, runtime.onSuspend; MDN: https://developer.mozilla.org/docs/Mozilla/Add-ons/
  // WebExtensions/API/runtime/onSuspend): what the recorder holds unwritten is written now, or it went
  // with the page (measured: with a 300 ms idle timeout, 0 of a page's 25 requests were kept;
  // tests/browser/firefox/background-suspend.spec.ts). Harmless in Chrome whether it fires or not: its
  // worker lives 30 s past its last event, and a batch comes within 0.5-5 s.
  browser.runtime.onSuspend.addListener(() => recorder.flush());

  if (import.meta.env.MODE === 'test') {
    // Browser tests drive the worker directly: they cannot click the popup's permission prompt.
    Object.assign(globalThis, { immichDoctorTest: { recorder, watchOrigin, pauseListeners: testSink!.setPaused } });
  }
});
