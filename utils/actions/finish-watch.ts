import type { RequestListeners } from '../capture/listeners';
import type { Recorder } from '../capture/recorder';
import { completePendingWatch, listWatchedOrigins } from '../origins/watched-origins';
import { reloadTabs, siteTabs } from './site-tabs';

/**
 * The background's end of a Watch click (utils/origins/watched-origins.ts): the pending watch is
 * completed, and when it asked for it (the popup's Watch this site), the site's open tabs are reloaded,
 * so that the popup shows their requests without the user reloading anything.
 *
 * One click's grant may arrive twice: as `permissions.onAdded` (the only one when Chrome closed the
 * popup for its dialog) and as the popup's `finishWatch` message (the only one when access was already
 * granted and nothing was added). Calls run one after another, and the first takes the pending watch:
 * the tabs reload once.
 */
export function watchFinisher(recorder: Recorder, listeners: RequestListeners): () => Promise<void> {
  let finishing = Promise.resolve();
  const finish = async () => {
    // Listeners first, then the recorder: a tab reloaded before both are ready loses its first requests.
    await listeners.reviveAfterGrant();
    const watched = await completePendingWatch();
    if (!watched) return;
    await recorder.setWatched(await listWatchedOrigins());
    if (watched.reloadTabs) await reloadTabs(await siteTabs(watched.origin));
  };
  return () => (finishing = finishing.then(finish, finish));
}
