import { describe, expect, it } from 'vitest';
import { askedLine, cookieScope, planClear } from '../../../utils/clear/clear-plan';
import { spillOver } from '../../../utils/clear/spill-over';
import { registrableDomain } from '../../../utils/clear/registrable-domain';

describe('planClear: what each browser is asked to remove', () => {
  it.each([
    // Firefox matches cookies and service workers on the host name, local storage and IndexedDB on
    // principal.hostPort: the bare host would also wipe the storage of the host's default ports.
    ['http://127.0.0.1:2283', '127.0.0.1', '127.0.0.1:2283'],
    ['http://192.168.1.10:2283', '192.168.1.10', '192.168.1.10:2283'],
    ['http://127.0.0.1', '127.0.0.1', '127.0.0.1'],
    ['https://photos.example.com', 'photos.example.com', 'photos.example.com'],
    ['https://photos.example.com:8443', 'photos.example.com', 'photos.example.com:8443'],
  ])('Firefox, %s → cookies and workers by %s, storage by %s', (origin, hostname, hostPort) => {
    const plan = planClear(origin, 'firefox');
    expect(plan.removals).toEqual([
      { filter: { hostnames: [hostname] }, dataTypes: { cookies: true, serviceWorkers: true } },
      { filter: { hostnames: [hostPort] }, dataTypes: { localStorage: true, indexedDB: true } },
    ]);
    // Firefox has no cacheStorage type: cleared from inside an open tab. Its cache cleaner may wipe every
    // site: never asked, always said.
    expect(plan.asked).toEqual(['cookies', 'localStorage', 'indexedDB', 'cacheStorage', 'serviceWorkers']);
    expect(plan.inPage).toEqual(['cacheStorage']);
    expect(plan.notAsked.map((entry) => entry.kind)).toEqual(['cache']);
    expect(askedLine('cacheStorage', plan)).toBe("Cache Storage (the web app's stored copies) — only if a tab of this site is open: Firefox can clear it only from there");
  });

  it.each(['http://127.0.0.1:2283', 'http://127.0.0.1', 'https://photos.example.com'])('Chrome, %s → by origin, every kind', (origin) => {
    const plan = planClear(origin, 'chromium');
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
    ['http://127.0.0.1:2283', 'chromium', null, ['for the address 127.0.0.1.', 'other sites on 127.0.0.1, whatever their port, lose theirs too']],
    // Cookies ignore ports with or without one in the origin: 127.0.0.1:8080 loses them too.
    ['http://127.0.0.1', 'chromium', null, ['for the address 127.0.0.1.', 'other sites on 127.0.0.1, whatever their port']],
    ['https://photos.example.com', 'chromium', 'example.com', ['whole domain example.com', '*.example.com', 'not only photos.example.com']],
    ['https://immich.lan', 'chromium', 'immich.lan', ['for immich.lan and every address under it (*.immich.lan)']],
    ['https://photos.example.com', 'firefox', 'example.com', ['Cookies are cleared for photos.example.com.', 'other sites on photos.example.com, whatever their port']],
    ['http://192.168.1.10:2283', 'firefox', null, ['the address 192.168.1.10', 'other sites on 192.168.1.10']],
  ] as const)('%s in %s (%s)', (origin, browser, domain, parts) => {
    const text = cookieScope(origin, browser, domain);
    for (const part of parts) expect(text).toContain(part);
    if (browser === 'firefox' || !domain || domain === new URL(origin).hostname) expect(text).not.toContain('whole domain');
  });
});

describe('spillOver: what other sites lose besides cookies, said before clearing', () => {
  it('Chrome filters everything else by origin: nothing', () => {
    expect(spillOver('http://192.168.1.10:2283', 'chromium')).toEqual([]);
  });

  it.each([
    ['http://192.168.1.10:2283', 'every other site on the address 192.168.1.10, whatever its port, go too', 'for 192.168.1.10:2283 under http and https alike, so https://192.168.1.10:2283 loses'],
    ['http://192.168.1.10', 'every other site on the address 192.168.1.10, whatever its port, go too', 'for 192.168.1.10 under http and https alike, so https://192.168.1.10 loses'],
    ['https://photos.example.com', 'photos.example.com, whatever its port and of every address under it (*.photos.example.com), go too', 'so http://photos.example.com loses'],
  ])('Firefox, %s', (origin, workers, storage) => {
    const [serviceWorkers, localStorage] = spillOver(origin, 'firefox');
    expect(serviceWorkers).toMatchObject({ kinds: ['serviceWorkers'] });
    expect(serviceWorkers!.text).toContain(workers);
    expect(localStorage).toMatchObject({ kinds: ['localStorage', 'indexedDB'] });
    expect(localStorage!.text).toContain(storage);
  });
});
