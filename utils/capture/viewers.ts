import { browser } from 'wxt/browser';
import type { Recorder } from './recorder';

/** The port a popup or options page holds open while it is shown (`announceViewer`). */
const VIEWER_PORT = 'immich-doctor-viewer';

/**
 * In a popup or the options page: tells the background that someone is looking, for as long as the
 * page is open (the browser closes the port with the page). The background then writes what waits at
 * once and a busy site's batches closer together (`Recorder.viewerOpened`).
 */
export function announceViewer(): void {
  browser.runtime.connect({ name: VIEWER_PORT });
}

/** In the background: counts the pages that announced themselves, until each one's port closes. */
export function followViewers(recorder: Pick<Recorder, 'viewerOpened'>): void {
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== VIEWER_PORT) return;
    port.onDisconnect.addListener(recorder.viewerOpened());
  });
}
