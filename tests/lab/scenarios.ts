import type { BrowserName } from '../../utils/browser-name';
import type { Responder } from '../../utils/classify/responder';
import type { CauseId, MediaScope } from '../../utils/diagnose/cause';
import type { BrowsingTab } from './browsing-tab';
import { startImmichLab, type Faults, type ImmichLab } from './immich-server';
import { freePort, startCaddy, startGatewaySession, startNginx, type NginxOptions, type NginxVariant, type RunningProxy } from './proxies';

/** The first diagnosis the popup must show. */
export interface ExpectedDiagnosis {
  cause: CauseId;
  responder: Responder;
  scope?: MediaScope;
}

/** The browsers the scenarios run in: the product's own name for them. */
export type { BrowserName } from '../../utils/browser-name';

/**
 * The failure lab's scenarios: a simulated Immich with a fault, behind a real proxy with a
 * configuration, and what a user does in the tab. Shared by the browser tests and `npm run lab`.
 */
export interface Scenario {
  name: string;
  description: string;
  /** What the popup must show first (in every browser, unless `inBrowser` says otherwise). */
  expected: ExpectedDiagnosis | 'healthy';
  /**
   * Where a browser genuinely reports the same fault differently (what its webRequest API exposes),
   * what its popup must show instead, and why. Not a tolerance: the test holds each browser to its own.
   */
  inBrowser?: Partial<Record<BrowserName, { expected: ExpectedDiagnosis | 'healthy'; why: string }>>;
  start(): Promise<RunningScenario>;
}

/** What the popup must show first in this browser. */
export function expectedIn(scenario: Scenario, browser: BrowserName): Scenario['expected'] {
  return scenario.inBrowser?.[browser]?.expected ?? scenario.expected;
}

/** The diagnosis a failing scenario must get in a browser; throws for an unknown or a healthy one. */
export function failingExpected(name: string, browser: BrowserName): ExpectedDiagnosis {
  const scenario = scenarioByName(name);
  if (!scenario) throw new Error(`no scenario named ${name}`);
  const expected = expectedIn(scenario, browser);
  if (expected === 'healthy') throw new Error(`${name} is not a failing scenario`);
  return expected;
}

export interface RunningScenario {
  /** The origin the user opens and watches: the proxy's. */
  origin: string;
  lab?: ImmichLab;
  browse(page: BrowsingTab): Promise<void>;
  stop(): Promise<void>;
}

/** Logs in like Immich's login form, then browses the timeline with the given options (tests/lab/app). */
export async function browseTimeline(page: BrowsingTab, origin: string, query = ''): Promise<void> {
  await page.goto(`${origin}/lab/login?next=${encodeURIComponent(`/photos${query}`)}`);
  await page.waitForSelector('body[data-state="done"]', { timeout: 20_000 });
}

/** Opens a page that is expected to fail to load (a proxy error page, a refused connection, a bad certificate). */
async function visit(page: BrowsingTab, url: string): Promise<void> {
  await page.goto(url, { timeout: 15_000 }).catch(() => undefined);
}

/**
 * How the user browses: the timeline with these query options, or a custom walk (pages that fail to
 * load, or something that breaks while the app is open: the walk gets the simulated Immich, if any).
 */
type Browse = string | ((page: BrowsingTab, origin: string, lab: ImmichLab | undefined) => Promise<void>);

/** The pause between the app's rounds once loaded (its `refresh` option, tests/lab/app/entry/app.js). */
const REFRESH_MS = 400;

/**
 * Something breaks while the app is open and in use: the timeline loads (with these query options)
 * and keeps loading (`refresh`: buckets, albums, thumbnails, the original, the socket reconnecting
 * when it drops), then `breaks` happens, and the walk waits until the app has seen it fail (3 failed
 * rounds, and 2 failed reconnects if its socket dropped).
 */
async function whileInUse(page: BrowsingTab, origin: string, breaks: () => unknown, query = ''): Promise<void> {
  await browseTimeline(page, origin, `?refresh=${REFRESH_MS}${query.replace(/^\?/, '&')}`);
  await breaks();
  await page.waitForSelector('body[data-live="ended"]', { timeout: 30_000 });
}

/** Opens the app and its ping, both expected to fail (a proxy's error page, a refused connection…). */
const visitPages: Browse = async (page, origin) => {
  await visit(page, `${origin}/photos`);
  await visit(page, `${origin}/api/server/ping`);
};

async function stopAll(proxy: RunningProxy | undefined, lab: ImmichLab | undefined): Promise<void> {
  await proxy?.stop();
  await lab?.close();
}

/** A simulated Immich with these faults behind a proxy; `lab: false` leaves the upstream address dead. */
async function behind(startProxy: (upstream: string) => Promise<RunningProxy>, faults: Partial<Faults> | false, how: Browse): Promise<RunningScenario> {
  const lab = faults === false ? undefined : await startImmichLab({ faults });
  const proxy = await startProxy(`127.0.0.1:${lab?.port ?? (await freePort())}`).catch(async (error: unknown) => {
    await lab?.close();
    throw error;
  });
  const browse = typeof how === 'string' ? (page: BrowsingTab) => browseTimeline(page, proxy.url, how) : (page: BrowsingTab) => how(page, proxy.url, lab);
  return { origin: proxy.url, lab, browse, stop: () => stopAll(proxy, lab) };
}

const nginxScenario = (
  name: string,
  description: string,
  expected: Scenario['expected'],
  faults: Partial<Faults> | false,
  variant: NginxVariant = 'healthy',
  how: Browse = '',
  options: NginxOptions = {},
): Scenario => ({
  name,
  description,
  expected,
  start: () => behind((upstream) => startNginx(upstream, variant, options), faults, how),
});

const caddyScenario = (name: string, description: string, expected: Scenario['expected'], faults: Partial<Faults> | false, how: Browse): Scenario => ({
  name,
  description,
  expected,
  start: () => behind(startCaddy, faults, how),
});

export const SCENARIOS: Scenario[] = [
  nginxScenario('healthy', 'Everything works, behind nginx.', 'healthy', {}, 'healthy', '?viewer=1&video=1'),
  nginxScenario('thumbnail-not-generated', 'The thumbnail job never ran: thumbnails and previews 404.', { cause: 'thumbnail-not-generated', responder: 'immich' }, { thumbnailsNotGenerated: true }, 'healthy', '?viewer=1'),
  nginxScenario('thumbnails-missing', 'The thumbs folder is gone from disk: thumbnails 500, originals fine.', { cause: 'media-file-unreadable', responder: 'immich', scope: 'thumbnails' }, { thumbnailsMissing: true }, 'healthy', '?viewer=1'),
  nginxScenario('thumbnails-unreadable', 'Thumbnail files unreadable (EACCES): thumbnails 500.', { cause: 'media-file-unreadable', responder: 'immich', scope: 'thumbnails' }, { thumbnailsUnreadable: true }, 'healthy', '?viewer=1'),
  nginxScenario('originals-missing', 'The library folder is gone: originals and videos 500, thumbnails fine.', { cause: 'media-file-unreadable', responder: 'immich', scope: 'originals' }, { originalsMissing: true }, 'healthy', '?viewer=1&video=1'),
  nginxScenario('volume-gone', 'The whole media volume is unmounted: everything 500, storage report too.', { cause: 'media-file-unreadable', responder: 'immich', scope: 'all' }, { volumeGone: true }, 'healthy', '?viewer=1'),
  nginxScenario('session-expired', 'The session cookie is no longer valid: 401 from Immich.', { cause: 'session-expired', responder: 'immich' }, { sessionExpired: true }),
  nginxScenario('maintenance', 'Immich is in maintenance mode: API and assets 404.', { cause: 'maintenance-mode', responder: 'immich' }, { maintenance: true }),
  nginxScenario('upload-too-large', 'nginx keeps its default-like 1 MB body limit: a 2 MB upload gets 413.', { cause: 'proxy-body-too-large', responder: 'nginx' }, {}, 'body-1m', '?upload=2000000'),
  nginxScenario('proxy-timeout', 'nginx waits 1 s (proxy_read_timeout 1s) for originals that take 2.5 s: 504.', { cause: 'proxy-timeout', responder: 'nginx' }, { slowOriginalsMs: 2500 }, 'read-timeout-1s', '?viewer=1'),
  {
    ...nginxScenario('websocket-blocked', 'nginx does not forward the WebSocket Upgrade headers: the handshake fails with no status Chromium shows.', { cause: 'websocket-blocked', responder: 'unknown' }, {}, 'no-websocket'),
    inBrowser: {
      firefox: {
        expected: { cause: 'websocket-blocked', responder: 'immich' },
        why: "Firefox's webRequest reports the failed handshake's HTTP answer: engine.io's 400 that nginx passed on, with engine.io's `Access-Control-Allow-Origin: *` under /api/socket.io/, so Immich answered. Chromium reports only a failed connection, with no status or headers.",
      },
    },
  },
  nginxScenario('proxy-forbidden', 'An nginx access rule (deny all) answers 403 before Immich.', { cause: 'proxy-forbidden', responder: 'nginx' }, {}, 'acl-403', visitPages),
  nginxScenario('auth-gateway', 'An SSO gateway (nginx auth_request) redirects /api to its login page.', { cause: 'auth-gateway-redirect', responder: 'nginx' }, {}, 'forward-auth'),
  nginxScenario(
    'gateway-other-port',
    'An SSO gateway redirects /api to its login portal on the same host name but another port (Authelia on :9091 beside Immich): another origin.',
    { cause: 'auth-gateway-redirect', responder: 'nginx' },
    {},
    'gateway-other-port',
  ),
  nginxScenario(
    'gateway-same-origin-path',
    'oauth2-proxy style: the gateway redirects /api to /oauth2/start on the same origin, where nginx serves a sign-in page.',
    { cause: 'auth-gateway-redirect', responder: 'nginx' },
    {},
    'gateway-same-origin',
  ),
  {
    name: 'gateway-session-expires',
    description: "An SSO gateway lets the user in, the app loads and browses, then the gateway's session expires while the app is open: its next API and thumbnail calls get the gateway's 302.",
    expected: { cause: 'auth-gateway-redirect', responder: 'nginx' },
    async start() {
      const session = await startGatewaySession();
      const running = await behind(
        (upstream) => startNginx(upstream, 'gateway-session', { gatewayCheck: session.address }),
        {},
        (page, origin) => whileInUse(page, origin, () => session.expire(), '?viewer=1'),
      ).catch(async (error: unknown) => {
        await session.stop();
        throw error;
      });
      return { ...running, stop: () => running.stop().finally(() => session.stop()) };
    },
  },
  nginxScenario(
    'database-down',
    "Immich's database becomes unreachable while the app is open: ping still answers pong, every other API route (thumbnails and originals too) answers Immich's JSON 500.",
    { cause: 'server-error', responder: 'immich' },
    {},
    'healthy',
    (page, origin, lab) => whileInUse(page, origin, () => lab!.setFaults({ databaseDown: true }), '?viewer=1'),
  ),
  nginxScenario(
    'websocket-upstream-dies',
    "Immich dies behind nginx while the app is open with its WebSocket connected: the socket's reconnects and the next API and thumbnail calls get nginx's 502.",
    { cause: 'upstream-unreachable', responder: 'nginx' },
    {},
    'healthy',
    (page, origin, lab) => whileInUse(page, origin, () => lab!.close(), '?viewer=1'),
  ),
  nginxScenario('upstream-down-nginx', 'nginx is up, Immich behind it is not: 502.', { cause: 'upstream-unreachable', responder: 'nginx' }, false, 'healthy', visitPages),
  caddyScenario('upstream-down-caddy', 'Caddy is up, Immich behind it is not: an empty 502.', { cause: 'upstream-unreachable', responder: 'caddy' }, false, visitPages),
  caddyScenario('caddy-healthy', 'Everything works, behind Caddy.', 'healthy', {}, '?viewer=1'),
  nginxScenario('tls-error', 'nginx serves HTTPS with a self-signed certificate: the browser refuses it.', { cause: 'tls-error', responder: 'unknown' }, {}, 'tls', (page, origin) => visit(page, `${origin}/photos`)),
  {
    name: 'connection-refused',
    description: 'Nothing listens at the address (Immich and its proxy are stopped).',
    expected: { cause: 'connection-refused', responder: 'unknown' },
    async start() {
      const origin = `http://127.0.0.1:${await freePort()}`;
      return { origin, browse: (page) => visit(page, `${origin}/photos`), stop: async () => undefined };
    },
  },
];

/**
 * One scenario per layer, played with the builds users install in every browser (the release-build
 * projects): storage, a proxy's 413, a proxy with Immich down, the WebSocket, and a healthy site.
 * The test build plays them all.
 */
export const REPRESENTATIVE_SCENARIOS = ['thumbnails-missing', 'upload-too-large', 'upstream-down-nginx', 'websocket-blocked', 'healthy'];

export function scenarioByName(name: string): Scenario | undefined {
  return SCENARIOS.find((scenario) => scenario.name === name);
}
