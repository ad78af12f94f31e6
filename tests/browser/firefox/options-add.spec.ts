import { browseTimeline, failingExpected } from '../../lab/scenarios';
import { settledCounts } from '../popup-counts';
import { expect, hasAccess, openPopup, test } from './fixtures';
import { NO_HTTP_CACHE } from './profile';
import { allowInPrompt } from './toolbar-popup';

// Every request reaches the lab (no HTTP cache), so its count is the exact answer.
test.use({ firefoxPrefs: NO_HTTP_CACHE });

/**
 * The options page's *Add a site* with Firefox's own prompt (`firefoxOnDisplay`; the headless profile
 * accepts every request unasked): the address entered in the field (set by script: the driver types
 * nothing), Watch clicked with the real pointer (BiDi's input, which gives the page its user
 * activation), Allow pressed in the prompt. Browsed with the lab's service worker off (`?sw=0`), as in
 * the other Firefox specs that count: how Firefox reports a worker's requests is service-worker.spec.ts's subject.
 */
test('the options page: Add a site through Firefox’s own prompt, and its first page is recorded in full', async ({ firefoxOnDisplay: firefox, display, startScenario }) => {
  const expected = failingExpected('thumbnails-missing', 'firefox');
  const running = await startScenario('thumbnails-missing');
  const options = await firefox.openTab(firefox.extensionUrl('options.html'));
  await options.evaluate((address) => {
    const input = document.querySelector<HTMLInputElement>('#origin-input')!;
    input.value = address;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, `${running.origin}/photos`);
  // The keys that answer the prompt go to the window with the X focus: Firefox's, given back as a user's click would.
  await display.focusWindow('firefox');
  await options.click('[data-action="add-origin"]');
  expect(await allowInPrompt(firefox, display)).toContain('Access your data for sites in 127.0.0.1 domains');
  await options.waitFor((origin) => [...document.querySelectorAll('.origins code')].map((code) => code.textContent).join(' ') === origin, running.origin, { what: 'the site listed, alone' });
  expect(await hasAccess(options, running.origin)).toBe(true);

  const tab = await firefox.newTab();
  const served = await running.lab!.servedDuring(() => browseTimeline(tab, running.origin, '?sw=0'));
  expect(served).toBeGreaterThan(10);
  const popup = await openPopup(firefox, running.origin);
  expect((await settledCounts(popup)).requests).toBe(served);
  expect(await popup.getAttribute('[data-cause]', 'data-cause')).toBe(expected.cause);
});
