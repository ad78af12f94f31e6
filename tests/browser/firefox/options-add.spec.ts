import { browseTimeline, expectedIn, scenarioByName } from '../../lab/scenarios';
import { settledCounts } from '../popup-counts';
import { expect, hasAccess, openPopup, test } from './fixtures';
import { allowInPrompt } from './toolbar-popup';

// Every request reaches the lab (no HTTP cache), so its count is the exact answer.
test.use({ firefoxPrefs: { 'browser.cache.disk.enable': false, 'browser.cache.memory.enable': false } });

/**
 * The options page's *Add a site* with Firefox's own prompt (`firefoxOnDisplay`; the headless profile
 * accepts every request unasked): the address typed, Watch clicked with the real pointer (BiDi's input,
 * which gives the page its user activation), Allow pressed in the prompt.
 */
test('the options page: Add a site through Firefox’s own prompt, and its first page is recorded in full', async ({ firefoxOnDisplay: firefox, display, startScenario }) => {
  const scenario = scenarioByName('thumbnails-missing')!;
  const expected = expectedIn(scenario, 'firefox');
  if (expected === 'healthy') throw new Error('thumbnails-missing is a failing scenario');
  const running = await startScenario(scenario.name);
  const options = await firefox.openTab(firefox.extensionUrl('options.html'));
  await options.evaluate((address) => {
    const input = document.querySelector<HTMLInputElement>('#origin-input')!;
    input.value = address;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, `${running.origin}/photos`);
  await options.click('[data-action="add-origin"]');
  expect(await allowInPrompt(firefox, display)).toContain('Access your data for sites in 127.0.0.1 domains');
  await options.waitFor((origin) => [...document.querySelectorAll('.origins code')].some((code) => code.textContent === origin), running.origin, { what: 'the site listed' });
  expect(await hasAccess(options, running.origin)).toBe(true);

  const tab = await firefox.newTab();
  const served = await running.lab!.servedDuring(() => browseTimeline(tab, running.origin, '?sw=0'));
  expect(served).toBeGreaterThan(10);
  const popup = await openPopup(firefox, running.origin);
  expect((await settledCounts(popup)).requests).toBe(served);
  expect(await popup.getAttribute('[data-cause]', 'data-cause')).toBe(expected.cause);
});
