import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The preferences of a throw-away Firefox profile for the tests, written to its `user.js` (read at
 * start, before anything could reach the network).
 */
export type Prefs = Record<string, string | number | boolean>;

/**
 * Nothing may reach the internet (only loopback is allowed here), and nothing may stand between the
 * test and the page: no first-run pages, telemetry, updates, remote settings, safe browsing, captive
 * portal or connectivity checks, prefetching, or system proxy.
 */
const QUIET: Prefs = {
  'app.normandy.enabled': false,
  'app.shield.optoutstudies.enabled': false,
  'app.update.auto': false,
  'app.update.disabledForTesting': true,
  'app.update.enabled': false,
  'browser.aboutwelcome.enabled': false,
  'browser.backup.enabled': false,
  'browser.backup.scheduled.enabled': false,
  'browser.discovery.enabled': false,
  'browser.newtabpage.enabled': false,
  'browser.newtabpage.activity-stream.feeds.system.topstories': false,
  'browser.newtabpage.activity-stream.feeds.telemetry': false,
  'browser.newtabpage.activity-stream.telemetry': false,
  'browser.ping-centre.telemetry': false,
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'browser.search.update': false,
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage': 'about:blank',
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.startup.page': 0,
  'browser.tabs.warnOnClose': false,
  'browser.topsites.contile.enabled': false,
  'browser.urlbar.quicksuggest.enabled': false,
  'browser.urlbar.suggest.searches': false,
  'browser.usedOnWindowsXP': true,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.policy.dataSubmissionPolicyBypassNotification': true,
  'dom.push.connection.enabled': false,
  'dom.push.serverURL': '',
  'extensions.blocklist.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'extensions.update.autoUpdateDefault': false,
  'extensions.update.enabled': false,
  'geo.provider.network.url': '',
  'media.gmp-manager.url': '',
  'messaging-system.rsexperimentloader.enabled': false,
  'media.gmp-gmpopenh264.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.http.speculative-parallel-limit': 0,
  'network.prefetch-next': false,
  'network.proxy.type': 0,
  'privacy.trackingprotection.enabled': false,
  // Remote settings (blocklists, search config…) would be fetched from Mozilla; point them at nothing.
  'services.settings.server': 'data:,#remote-settings-disabled',
  'security.OCSP.enabled': 0,
  'security.remote_settings.crlite_filters.enabled': false,
  'startup.homepage_welcome_url': 'about:blank',
  'startup.homepage_welcome_url.additional': '',
  'toolkit.telemetry.archive.enabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.server': '',
  'toolkit.telemetry.unified': false,
  'trailhead.firstrun.didSeeAboutWelcome': true,
};

/** Downloads go straight to `dir`, without a dialog or the downloads panel (what the export test reads). */
/**
 * No HTTP cache: every request of a repeat visit reaches the lab, so the lab's count of what it served
 * stays the exact number the popup must show.
 */
export const NO_HTTP_CACHE: Prefs = { 'browser.cache.disk.enable': false, 'browser.cache.memory.enable': false };

export function downloadPrefs(dir: string): Prefs {
  return {
    'browser.download.dir': dir,
    'browser.download.folderList': 2,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.download.alwaysOpenPanel': false,
    'browser.download.panel.shown': true,
    'browser.download.manager.showWhenStarting': false,
    'browser.download.start_downloads_in_tmp_dir': false,
  };
}

/**
 * The add-on under test: a fixed UUID (so its pages live at a known `moz-extension://UUID/`), and
 * optional permissions granted without a prompt (`permissions.request` still needs a user gesture).
 */
export function extensionPrefs(addonId: string, uuid: string): Prefs {
  return {
    'extensions.webextensions.uuids': JSON.stringify({ [addonId]: uuid }),
    'extensions.webextOptionalPermissionPrompts': false,
  };
}

export function writeUserJs(profileDir: string, prefs: Prefs): void {
  const lines = Object.entries({ ...QUIET, ...prefs }).map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});`);
  writeFileSync(join(profileDir, 'user.js'), `${lines.join('\n')}\n`);
}
