import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

/**
 * One code base, two browsers. The release build asks for no host access at install: the user grants
 * it per Immich origin at runtime (optional host permissions). The `test` mode is identical except
 * that loopback is granted at install, because browser tests cannot click a permission prompt.
 */
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // Explicit imports keep the data path readable (capture → classify → diagnose → present).
  imports: false,
  vite: () => ({ plugins: [preact()] }),
  // `npm run zip` → .output/immich-doctor-<version>-{chrome,firefox,sources}.zip. addons.mozilla.org
  // asks for the sources of a bundled add-on and rebuilds them (`npm ci && npm run build`, see the
  // README). `includeSources` is an allowlist (WXT 0.21): only what that build reads, so that test
  // output, screenshots, the failure lab and anything untracked lying in the checkout never ship.
  // tests/unit/package/store-packages.test.ts rebuilds from this zip and compares with the Firefox zip,
  // so a folder the build needs and this list misses fails the tests.
  zip: {
    includeSources: [
      'package.json',
      'package-lock.json',
      'wxt.config.ts',
      'tsconfig.json',
      'README.md',
      'entrypoints/**',
      'components/**',
      'utils/**',
      'public/**',
    ],
  },
  manifest: ({ mode, browser }) => ({
    name: 'Immich Doctor',
    description:
      'Tells you why the photos in your Immich web app do not load, and what to check first. Everything stays in your browser.',
    // activeTab: the popup may read the current tab's address and ask it "are you Immich?" after a click.
    // downloads: exports are saved by the background. browsingData: "Clear site data" for one origin;
    // cookies + scripting: then check what is left (cookies; storage in an open tab of the granted site).
    // scripting also lets Firefox's popup ask the clicked tab whether it is Immich (utils/origins/immich-probe.ts).
    permissions: ['webRequest', 'storage', 'activeTab', 'downloads', 'browsingData', 'cookies', 'scripting'],
    // WebSockets need their own scheme's grant for webRequest to report them.
    optional_host_permissions: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'],
    // Test mode: every http(s) and ws(s) host, not only 127.0.0.1 and localhost, because the lab also
    // listens on random addresses of 127.0.0.0/8 (port 80 for an origin without a port, one address per
    // run: tests/lab/port-80.ts) and match patterns cannot name an address range. The tests reach
    // loopback only.
    host_permissions: mode === 'test' ? ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] : [],
    action: { default_title: 'Immich Doctor' },
    // The popup from the keyboard. Like a click on the toolbar button, the shortcut grants activeTab, so
    // the popup may ask the open tab "are you Immich?" before any site access is granted.
    commands: { _execute_action: { suggested_key: { default: 'Alt+Shift+D' }, description: 'Open Immich Doctor' } },
    ...(browser === 'firefox' && {
      // Firefox's default for MV3 extension pages adds `upgrade-insecure-requests`: the popup's requests
      // to an Immich on plain http (a LAN address, the usual self-hosted setup) would go to https and
      // fail, and so would its WebSocket even to loopback (measured: the WebSocket check in
      // tests/browser/firefox/run-checks.spec.ts). Chrome's default has no such directive. Code still
      // comes only from the extension itself ('self'). Sources: w3c/webextensions#303 (implemented in
      // Firefox), Firefox's test_ext_csp_upgrade_requests.js.
      content_security_policy: { extension_pages: "script-src 'self'" },
      browser_specific_settings: {
        gecko: {
          id: 'immich-doctor@immich-doctor.invalid',
          strict_min_version: '142.0',
          // Firefox asks add-ons to declare what they collect: nothing leaves the browser.
          data_collection_permissions: { required: ['none'] },
        },
      },
    }),
  }),
});
