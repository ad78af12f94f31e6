import { describe, expect, it } from 'vitest';
import { appFilesOf } from '../../../utils/server-checks/checks/web-app';
import { runServerChecks } from '../../../utils/server-checks/run';
import { fakeServer, fakeSocket, HEALTHY_V2, ORIGIN, type FakeRoutes } from './fake-server';

const ENTRY = 'entry/start.B1x2.js';
const NODE = 'nodes/3.Cx9a.js';
const page = (...files: string[]) => ({ status: 200, body: `<!doctype html><html><head>${files.map((file) => `<link rel="modulepreload" href="/_app/immutable/${file}">`).join('')}</head></html>`, contentType: 'text/html; charset=utf-8' });
const script = { status: 200, body: 'export {}', contentType: 'text/javascript; charset=utf-8' };
const html = { status: 200, body: '<!doctype html><html></html>', contentType: 'text/html; charset=utf-8' };

async function check(routes: FakeRoutes, appFiles: string[]) {
  const server = fakeServer({ ...HEALTHY_V2, ...routes });
  const report = await runServerChecks({ origin: ORIGIN, fetcher: server.fetcher, openSocket: fakeSocket('opens').openSocket, timeoutMs: 200 }, { settings: { diskFullPercent: 95 }, sample: { failingAssets: [], loadedAssets: [], appFiles } });
  return report.results.find((result) => result.id === 'web-app')!;
}

describe('the web app versus the server', () => {
  it.each<[string, FakeRoutes, string[], { status: string; verdicts: string[]; summary: RegExp; figure?: string }]>([
    ['the tab runs the server’s build', { '/': page(ENTRY, NODE), [`/_app/immutable/${ENTRY}`]: script, [`/_app/immutable/${NODE}`]: script }, [ENTRY, NODE], { status: 'ok', verdicts: ['against stale-web-app'], summary: /still on the server/, figure: "0 of 2 files of the tab's app gone (HTML or 404) · the page loads 2 files today" }],
    [
      'updated: the tab’s files answer index.html (Immich’s fallback)',
      { '/': page('entry/start.Zz9.js'), [`/_app/immutable/${ENTRY}`]: html, [`/_app/immutable/${NODE}`]: html },
      [ENTRY, NODE],
      { status: 'problem', verdicts: ['supports stale-web-app'], summary: /^The open tab runs an older build of the web app than the server \(2 of the files the open tab's web app loaded are gone from the server\): Immich was updated\. Reload the page without the cache \(Ctrl\+Shift\+R\)/, figure: "2 of 2 files of the tab's app gone (HTML or 404) · the page loads 1 files today, other entry files" },
    ],
    ['a proxy cache answers 404', { '/': page(ENTRY), [`/_app/immutable/${ENTRY}`]: script, [`/_app/immutable/${NODE}`]: { status: 404, body: 'Not Found' } }, [ENTRY, NODE], { status: 'problem', verdicts: ['supports stale-web-app'], summary: /1 of the files/ }],
    ['files still there, but the page loads other entry files', { '/': page('entry/start.New1.js'), [`/_app/immutable/${ENTRY}`]: script }, [ENTRY], { status: 'problem', verdicts: ['supports stale-web-app'], summary: /the server's page now loads other entry files than the open tab/ }],
    ['nothing in the log', {}, [], { status: 'skipped', verdicts: [], summary: /No file of the web app was found in the site's open tab or in the log/ }],
    ['no answer at all', { '/': 'network-error', [`/_app/immutable/${ENTRY}`]: 'network-error' }, [ENTRY], { status: 'error', verdicts: [], summary: /got no answer \(Failed to fetch\)/ }],
  ])('%s', async (_, routes, appFiles, expected) => {
    const result = await check(routes, appFiles);
    expect(result.status).toBe(expected.status);
    expect(result.verdicts.map(({ cause, verdict }) => `${verdict} ${cause}`)).toEqual(expected.verdicts);
    expect(result.summary).toMatch(expected.summary);
    if (expected.figure) expect(result.figure).toBe(expected.figure);
  });

  it('reads the files a page loads, each once', () => {
    expect(appFilesOf(`<script type="module" src="/_app/immutable/entry/app.js"></script><link href="/_app/immutable/assets/0.Ab.css" rel="stylesheet"><script>import('/_app/immutable/entry/app.js')</script>`)).toEqual(['entry/app.js', 'assets/0.Ab.css']);
    expect(appFilesOf('<html>nothing</html>')).toEqual([]);
  });
});
