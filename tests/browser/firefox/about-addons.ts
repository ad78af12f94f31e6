import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { originPatterns } from '../../../utils/origins/origin';
import type { Firefox } from './firefox';
import type { FirefoxTab } from './tab';

/**
 * Removes a site's access the way a Firefox user does: about:addons → the add-on → Permissions → the
 * site's toggle under "Optional", clicked with the real mouse. about:addons is an ordinary tab that
 * BiDi can script under `--remote-allow-system-access`; the detail view is opened as the add-on list's
 * own link would (`gViewController.loadView('addons://detail/ID')`), then the Permissions tab and the
 * switch are clicked. Firefox lists a granted origin by scheme and host (`http://127.0.0.1/*`, and
 * `ws://127.0.0.1/*` beside it): the site's toggle is the one for the page's own scheme.
 * Returns the about:addons tab (still open), closed by the caller when it likes.
 */
export async function revokeInAboutAddons(firefox: Firefox, extensionDir: string, origin: string): Promise<FirefoxTab> {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as { browser_specific_settings: { gecko: { id: string } } };
  const addonId = manifest.browser_specific_settings.gecko.id;
  // The page's own pattern (the first), as Watch asked for it.
  const [key] = originPatterns(origin, 'firefox');
  const addons = await firefox.openTab('about:addons');
  await addons.waitFor(() => typeof (window as unknown as { gViewController?: unknown }).gViewController === 'object', undefined, { what: 'about:addons to load' });
  await addons.evaluate((id) => {
    (window as unknown as { gViewController: { loadView(view: string): void } }).gViewController.loadView(`addons://detail/${encodeURIComponent(id)}`);
  }, addonId);
  await addons.click('button[name="permissions"]');
  const toggle = `addon-permissions-list moz-toggle[permission-key="${key}"]`;
  await addons.waitFor(
    (css) => {
      const box = document.querySelector(css)?.getBoundingClientRect();
      return box !== undefined && box.width > 0;
    },
    toggle,
    { what: `the ${key} toggle in about:addons` },
  );
  if ((await addons.evaluate((css) => document.querySelector(css)?.hasAttribute('pressed') ?? false, toggle)) !== true) {
    throw new Error(`about:addons does not show ${key} as granted`);
  }
  // The switch itself is the button inside the toggle's shadow root.
  const center = await addons.evaluate((css) => {
    const element = document.querySelector(css);
    const button = element?.shadowRoot?.querySelector('button') ?? element;
    const box = button!.getBoundingClientRect();
    return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
  }, toggle);
  await addons.clickAt(center.x, center.y);
  await addons.waitFor((css) => !document.querySelector(css)?.hasAttribute('pressed'), toggle, { what: `the ${key} toggle to turn off` });
  return addons;
}
