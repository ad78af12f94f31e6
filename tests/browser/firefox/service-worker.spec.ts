import { browseTimeline } from '../../lab/scenarios';
import { settledCounts } from '../popup-counts';
import { expect, test, type PlayedScenario } from './fixtures';
import type { FirefoxTab } from './tab';

/**
 * Immich's service worker in Firefox: a page it controls hands each request to it through an internal
 * redirect that webRequest reports, and the worker's own fetch is reported too. Each load must be
 * counted once (utils/capture/web-request-adapter.ts). The lab's worker (tests/lab/app/service-worker.js)
 * is on: no `?sw=0`. On a first visit with an empty cache every load reaches the lab once, so the lab's
 * count is the exact answer; the worker's fetches skip the HTTP cache only as far as the cache is empty,
 * which it is on the fresh profile each test starts.
 */

type PlayScenario = (name: string, browse?: (tab: FirefoxTab, origin: string) => Promise<void>) => Promise<PlayedScenario>;

/** The Thumbnails row of the popup's outcome table: how many loaded and how many failed. */
async function thumbnailRow(popup: FirefoxTab): Promise<{ ok: number; failed: number }> {
  return popup.evaluate(() => {
    const row = [...document.querySelectorAll('table.matrix tbody tr')].find((tr) => tr.querySelector('th')?.textContent === 'Thumbnails');
    const cells = row ? [...row.querySelectorAll('td')].map((td) => Number(td.textContent)) : [];
    return { ok: cells[0] ?? -1, failed: cells[1] ?? -1 };
  });
}

/** The lab page was controlled by the worker: without it these tests would prove nothing. */
async function expectControlledByWorker(tab: FirefoxTab): Promise<void> {
  expect(await tab.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? null)).toMatch(/\/service-worker\.js$/);
}

/** Watches a lab scenario from the popup, then browses its timeline once; returns what the lab answered meanwhile. */
async function watchAndBrowse(playScenario: PlayScenario, name: string, query: string) {
  // Nothing browsed by the fixture: the lab's count is taken around the browse itself (the popup's own
  // ping reaches the lab too, and is rightly not in the site's log).
  const played = await playScenario(name, async () => undefined);
  const lab = played.running.lab!;
  const served = await lab.servedDuring(() => browseTimeline(played.tab, played.running.origin, query));
  await expectControlledByWorker(played.tab);
  return { ...played, served };
}

test('service worker on: a healthy first visit counts every request the lab answered, once', async ({ playScenario }) => {
  const { popup, served } = await watchAndBrowse(playScenario, 'healthy', '?viewer=1&video=1');
  expect(served).toBeGreaterThan(20);
  expect(await settledCounts(popup)).toEqual({ requests: served, failures: 0 });
  expect(await popup.getAttribute('section.watched', 'data-state')).toBe('healthy');
});

test('service worker on: each failing thumbnail is counted once, as the 500 Immich answered', async ({ playScenario }) => {
  const { popup, tab, served } = await watchAndBrowse(playScenario, 'thumbnails-missing', '');
  const thumbnails = await tab.count('#grid img');
  expect(thumbnails).toBeGreaterThan(5);
  const summary = await settledCounts(popup);
  expect(summary).toEqual({ requests: served, failures: thumbnails });
  // Every thumbnail failed and none "loaded": the worker's hand-off is not a second, successful load.
  expect(await thumbnailRow(popup)).toEqual({ ok: 0, failed: thumbnails });
  await expect.poll(() => popup.getAttribute('[data-cause]', 'data-cause')).toBe('media-file-unreadable');
  await expect.poll(() => popup.getAttribute('[data-cause]', 'data-responder')).toBe('immich');
});
