import { browser } from 'wxt/browser';
import type { Recorder } from './recorder';

/** The port a popup or options page holds open while it is shown (`announceViewer`). */
const VIEWER_PORT = 'immich-doctor-viewer';

/** How long after its port closed a page that is still open announces itself again. */
const RECONNECT_MS = 1000;

/**
 * In a popup or the options page: tells the background that someone is looking, for as long as the
 * page is open (the browser closes the port with the page). The background then writes what waits at
 * once and a busy site's batches closer together (`Recorder.viewerOpened`). An idle background that
 * the browser stops (Chrome's worker after 30 s without events) closes the port too, and the next one
 * starts with no viewer: the page announces itself again, which wakes it.
 */
export function announceViewer(): void {
  const port = browser.runtime.connect({ name: VIEWER_PORT });
  port.onDisconnect.addListener(() => setTimeout(announceViewer, RECONNECT_MS));
}

/** In the background: counts the pages that announced themselves, until each one's port closes. */
export function followViewers(recorder: Pick<Recorder, 'viewerOpened'>): void {
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== VIEWER_PORT) return;
    port.onDisconnect.addListener(recorder.viewerOpened());
  });
}
