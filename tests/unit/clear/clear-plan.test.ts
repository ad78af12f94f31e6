import { describe, expect, it } from 'vitest';
import { askedLine, cookieScope, firefoxHostnames, planClear } from '../../../utils/clear/clear-plan';
import { registrableDomain } from '../../../utils/clear/registrable-domain';

describe('planClear: what each browser is asked to remove', () => {
  it.each([
    // Firefox matches cookies and service workers on the host, storage on host:port: both forms.
    ['http://127.0.0.1:2283', ['127.0.0.1', '127.0.0.1:2283']],
    ['http://192.168.1.10:2283', ['192.168.1.10', '192.168.1.10:2283']],
    ['http://127.0.0.1', ['127.0.0.1']],
    ['https://photos.example.com', ['photos.example.com']],
    ['https://photos.example.com:8443', ['photos.example.com', 'photos.example.com:8443']],
  ])('Firefox, %s → hostnames %j', (origin, hostnames) => {
    expect(firefoxHostnames(origin)).toEqual(hostnames);
    const plan = planClear(origin, 'firefox');
    expect(plan.removals).toEqual([{ filter: { hostnames }, dataTypes: { cookies: true, localStorage: true, indexedDB: true, serviceWorkers: true } }]);
    // Firefox has no cacheStorage type: cleared from inside an open tab. Its cache cleaner may wipe every
    // site: never asked, always said.
    expect(plan.asked).toEqual(['cookies', 'localStorage', 'indexedDB', 'cacheStorage', 'serviceWorkers']);
    expect(plan.inPage).toEqual(['cacheStorage']);
    expect(plan.notAsked.map((entry) => entry.kind)).toEqual(['cache']);
    expect(askedLine('cacheStorage', plan)).toBe("Cache Storage (the web app's stored copies) — only if a tab of this site is open: Firefox can clear it only from there");
  });

  it.each(['http://127.0.0.1:2283', 'http://127.0.0.1', 'https://photos.example.com'])('Chrome, %s → by origin, every kind', (origin) => {
    const plan = planClear(origin, 'chrome');
    expect(plan.removals).toEqual([
      { filter: { origins: [origin] }, dataTypes: { cookies: true, localStorage: true, indexedDB: true, cacheStorage: true, serviceWorkers: true, cache: true } },
    ]);
    expect(plan.asked).toEqual(['cookies', 'localStorage', 'indexedDB', 'cacheStorage', 'serviceWorkers', 'cache']);
    expect(plan.notAsked).toEqual([]);
    expect(plan.inPage).toEqual([]);
    expect(askedLine('cacheStorage', plan)).toBe("Cache Storage (the web app's stored copies)");
  });
});

describe('registrableDomain: the domain Chrome widens cookie clearing to', () => {
  it.each([
    ['photos.example.com', 'example.com'],
    ['photos.example.co.uk', 'example.co.uk'],
    // Private registries count (INCLUDE_PRIVATE_REGISTRIES): Tailscale and DuckDNS names stay narrow.
    ['immich.tail1234.ts.net', 'tail1234.ts.net'],
    ['me.duckdns.org', 'me.duckdns.org'],
    // Unknown top-level names are registries too (INCLUDE_UNKNOWN_REGISTRIES).
    ['photos.home.lan', 'home.lan'],
    ['127.0.0.1', null],
    ['localhost', null],
  ])('%s → %s', async (hostname, domain) => {
    expect(await registrableDomain(hostname)).toBe(domain);
  });
});

describe('cookieScope: whose cookies go, in the confirmation', () => {
  it.each([
    ['http://127.0.0.1:2283', 'chrome', null, ['for the address 127.0.0.1.', 'other sites on 127.0.0.1 lose theirs too']],
    ['http://127.0.0.1', 'chrome', null, ['for the address 127.0.0.1.']],
    ['https://photos.example.com', 'chrome', 'example.com', ['whole domain example.com', '*.example.com', 'not only photos.example.com']],
    ['https://immich.lan', 'chrome', 'immich.lan', ['for immich.lan and every address under it (*.immich.lan)']],
    ['https://photos.example.com', 'firefox', 'example.com', ['Cookies are cleared for photos.example.com.']],
    ['http://192.168.1.10:2283', 'firefox', null, ['the address 192.168.1.10', 'other sites on 192.168.1.10']],
  ] as const)('%s in %s (%s)', (origin, family, domain, parts) => {
    const text = cookieScope(origin, family, domain);
    for (const part of parts) expect(text).toContain(part);
    if (family === 'firefox' || !domain || domain === new URL(origin).hostname) expect(text).not.toContain('whole domain');
    if (!new URL(origin).port) expect(text).not.toContain('port');
  });
});
