import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify, toRecord } from '../../../utils/classify/classify-request';
import { buildExport } from '../../../utils/export/export-file';
import type { ExportFormat } from '../../../utils/export/export-format';
import { createLog, keepRecentRaw, recordRaw } from '../../../utils/log/request-log';
import { redactPath, redactQuery } from '../../../utils/secrets';
import { ORIGIN } from '../../fixtures/responses';

/** Every place an Immich address carries a credential (immich.md §1-§2), with the secret `S`. */
const CARRIERS: Array<[string, string, string]> = [
  ['a shared link key in the query', '/api/assets/x/thumbnail?key=S&size=preview', '/api/assets/x/thumbnail?key=REDACTED&size=preview'],
  ['a shared link slug in the query', '/api/assets/x/thumbnail?slug=S', '/api/assets/x/thumbnail?slug=REDACTED'],
  ['an API key', '/api/server/about?apiKey=S', '/api/server/about?apiKey=REDACTED'],
  ['a session key', '/api/users/me?sessionKey=S', '/api/users/me?sessionKey=REDACTED'],
  ["a shared link's page", '/share/S', '/share/REDACTED'],
  ["a shared link's page, deeper", '/share/S/photos/3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b', '/share/REDACTED/photos/3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b'],
  ["a custom slug's page", '/s/S', '/s/REDACTED'],
  // A base URL with a trailing slash joined to a link's path doubles the slash; the URL parser keeps it.
  ["a shared link's page after a doubled slash", '//share/S', '//share/REDACTED'],
  ["a custom slug's page with doubled slashes", '//s//S', '//s//REDACTED'],
  ['an OAuth return', '/auth/login?code=S&state=S', '/auth/login?code=REDACTED&state=REDACTED'],
  ['an OAuth link in the settings', '/user-settings?isOpen=oauth&code=S&state=S', '/user-settings?isOpen=oauth&code=REDACTED&state=REDACTED'],
  ['a percent-encoded name', '/api/assets/x/thumbnail?%6Bey=S', '/api/assets/x/thumbnail?key=REDACTED'],
  ['a percent-encoded name in the middle', '/api/server/about?size=1&apiKe%79=S', '/api/server/about?size=1&apiKey=REDACTED'],
  // Values are often encoded (a thumbnail's `c=` thumbhash); an encoded name after one is still found.
  ['a percent-encoded name after an encoded value', '/api/assets/x/thumbnail?c=abc%3D&%6Bey=S', '/api/assets/x/thumbnail?c=abc%3D&key=REDACTED'],
  ['a name in capitals', '/api/assets/x/original?KEY=S', '/api/assets/x/original?KEY=REDACTED'],
  // A page's path is decoded before it is routed: these are the shared link's page.
  ["a shared link's page with a letter percent-encoded", '/%73hare/S', '/share/REDACTED'],
  ["a custom slug's page, deeper, encoded", '/%73/S/photos', '/s/REDACTED/photos'],
  // A login gateway in front of Immich (oauth2-proxy, Authelia, Authentik) carries where it sends the
  // user back to: a shared link's page, or a request with its key.
  ["a gateway's return address: a shared link's page", '/oauth2/sign_in?rd=https://photos.example.com/share/S', '/oauth2/sign_in?rd=https%3A%2F%2Fphotos.example.com%2Fshare%2FREDACTED'],
  ["a gateway's return path, encoded, with a key in its query", '/oauth2/start?rd=%2Fapi%2Fassets%2Fx%2Fthumbnail%3Fkey%3DS', '/oauth2/start?rd=%2Fapi%2Fassets%2Fx%2Fthumbnail%3Fkey%3DREDACTED'],
  ['a return address held by a return address', '/login?next=/auth?rd=/s/S', '/login?next=%2Fauth%3Frd%3D%252Fs%252FREDACTED'],
  // A gateway that encodes an address it got already encoded; one without a scheme, or without a path.
  ["a gateway's return address, encoded twice", '/oauth2/sign_in?rd=https%253A%252F%252Fphotos.example.com%252Fshare%252FS', '/oauth2/sign_in?rd=https%3A%2F%2Fphotos.example.com%2Fshare%2FREDACTED'],
  ["a gateway's return path, encoded twice, with a key in its query", '/oauth2/start?rd=%252Fapi%252Fassets%252Fx%252Fthumbnail%253Fkey%253DS', '/oauth2/start?rd=%2Fapi%2Fassets%2Fx%2Fthumbnail%3Fkey%3DREDACTED'],
  ['a return address without a scheme', '/login?continue=photos.example.com/share/S', '/login?continue=photos.example.com%2Fshare%2FREDACTED'],
  ['a return address without a scheme, with a port and a key', '/login?continue=192.168.1.20:2283/api/assets/x/thumbnail?key=S', '/login?continue=192.168.1.20%3A2283%2Fapi%2Fassets%2Fx%2Fthumbnail%3Fkey%3DREDACTED'],
  ['a return address without a scheme, encoded twice', '/login?continue=photos.example.com%252Fs%252FS', '/login?continue=photos.example.com%2Fs%2FREDACTED'],
  ['a return address encoded twice, with escapes that are no UTF-8', '/login?rd=%252F%25ff%252Fshare%252FS', '/login?rd=%2F%25ff%2Fshare%2FREDACTED'],
  // Encoders that leave some characters alone: Python's `quote` and Django's `redirect_to_login` keep
  // slashes, Go's `url.PathEscape` keeps colons (a review).
  ['an address encoded twice, its slashes left alone', '/oauth2/start?rd=https%253A//photos.example.com/share/S', '/oauth2/start?rd=https%3A%2F%2Fphotos.example.com%2Fshare%2FREDACTED'],
  ['an address encoded twice but for its slashes the second time', '/oauth2/start?rd=https%253A%2F%2Fphotos.example.com%2Fshare%2FS', '/oauth2/start?rd=https%3A%2F%2Fphotos.example.com%2Fshare%2FREDACTED'],
  ["Immich's Docker service and its port, without a scheme", '/login?continue=immich_server:2283/share/S', '/login?continue=immich_server%3A2283%2Fshare%2FREDACTED'],
  ['localhost without a scheme', '/login?continue=localhost/s/S', '/login?continue=localhost%2Fs%2FREDACTED'],
  ['an IPv6 address without a scheme', '/login?continue=[fd00::20]:2283/share/S', '/login?continue=%5Bfd00%3A%3A20%5D%3A2283%2Fshare%2FREDACTED'],
  ['a host without a scheme, then a query', '/login?continue=photos.example.com?key=S', '/login?continue=photos.example.com%3Fkey%3DREDACTED'],
  // Nested deeper than followed: replaced whole, since it is not read.
  ['a return address four deep', '/a?rd=/b?next=/c?back=/d?x=/share/S', '/a?rd=%2Fb%3Fnext%3D%252Fc%253Fback%253D%25252Fd%25253Fx%25253DREDACTED'],
  // Extra encodings are no nesting: each address is followed as deep as when it came plain.
  ['nested addresses, each encoded again', '/a?rd=%252Fb%253Fkey%253DS%2526next%253D%25252Fc%25253Fnext%25253D%2525252Fshare%2525252FS', '/a?rd=%2Fb%3Fkey%3DREDACTED%26next%3D%252Fc%253Fnext%253D%25252Fshare%25252FREDACTED'],
  ['a part encoded deeper than its address, holding a credential', '/login?rd=/login%25253Frd%25253D%2525252525252Fshare%2525252525252FS', '/login?rd=REDACTED'],
  ['a host without a scheme, then an encoded query', '/login?continue=photos.example.com%3Fkey%3DS', '/login?continue=photos.example.com%3Fkey%3DREDACTED'],
  ["an OAuth implicit return's token in an address's fragment", '/oauth2/start?rd=https://photos.example.com/cb#access_token=S', '/oauth2/start?rd=REDACTED'],
  ['a credential after a `;` in an address', '/login?rd=/login;key=S', '/login?rd=REDACTED'],
  // Immich's data parameters are data on Immich's routes only; elsewhere they may hold an address (a review).
  ["a gateway's `path=` holding a shared link's page", '/oauth2/sign_in?path=%2Fshare%2FS', '/oauth2/sign_in?path=%2Fshare%2FREDACTED'],
  ['a `c=` holding an address, away from the assets', '/login?c=https://photos.example.com/share/S', '/login?c=https%3A%2F%2Fphotos.example.com%2Fshare%2FREDACTED'],
  ["a `path=` on a thumbnail's route", '/api/assets/x/thumbnail?size=preview&path=%2Fshare%2FS', '/api/assets/x/thumbnail?size=preview&path=%2Fshare%2FREDACTED'],
  // As URL parsers read an address: after leading spaces, with one slash after the scheme (a review).
  // Read as URL parsers read it (leading spaces dropped), and redacted so: shown as parsed.
  ['an address after a leading space', '/login?rd=%20https%3A%2F%2Fphotos.example.com%2Fshare%2FS', '/login?rd=https%3A%2F%2Fphotos.example.com%2Fshare%2FREDACTED'],
  ['one slash after the scheme', '/login?rd=https:/photos.example.com/share/S', '/login?rd=https%3A%2Fphotos.example.com%2Fshare%2FREDACTED'],
  // Under a return address's name, a relative address without a leading slash is one too (a review).
  ['a relative return address, encoded', '/login?next=share%2FS', '/login?next=share%2FREDACTED'],
  ['a relative return address to a slug, deeper', '/oauth2/start?rd=s/S/photos', '/oauth2/start?rd=s%2FREDACTED%2Fphotos'],
  ['a relative return address up a folder', '/login?continue=../share/S', '/login?continue=share%2FREDACTED'],
  // What URL parsers read otherwise than its text (a review): dot segments, backslashes, tabs, spaces.
  ['a dot segment before the key', '/login?next=share/./S', '/login?next=share%2FREDACTED'],
  ['an encoded dot segment before the key', '/login?rd=/share/%2e/S', '/login?rd=%2Fshare%2FREDACTED'],
  ['a segment undone by `..`', '/login?next=share/x/../S', '/login?next=share%2FREDACTED'],
  ['a backslash for a slash', '/login?next=share%5CS', '/login?next=share%2FREDACTED'],
  ['backslashes after the scheme', '/login?rd=https:%5C%5Cphotos.example.com%5Cshare%5CS', '/login?rd=https%3A%2F%2Fphotos.example.com%2Fshare%2FREDACTED'],
  ['a tab inside the word', '/login?next=sh%09are/S', '/login?next=share%2FREDACTED'],
  ['a relative return address after a space', '/login?next=+share/S', '/login?next=share%2FREDACTED'],
  // Under a return address's name, a value with no slash at all is read too (a review).
  ['a relative return address with a fragment token', '/login?next=photos%23access_token%3DS', '/login?next=REDACTED'],
  ['a relative return address left encoded in another', '/login?next=login%253Fnext%253Dshare%25252FS', '/login?next=REDACTED'],
  ["Vouch Proxy's url=, relative", '/login?url=share%2FS', '/login?url=share%2FREDACTED'],
  ['redirect_to=, relative', '/login?redirect_to=s/S', '/login?redirect_to=s%2FREDACTED'],
  ['a relative return address with a key in its query', '/login?redirect=api/assets/x/thumbnail%3Fkey%3DS', '/login?redirect=api%2Fassets%2Fx%2Fthumbnail%3Fkey%3DREDACTED'],
  ["the mobile app's scheme, one slash, an OAuth code", '/login?next=app.immich:/oauth-callback?code=S', '/login?next=app.immich%3A%2Foauth-callback%3Fcode%3DREDACTED'],
];

describe('redactPath: every credential carrier', () => {
  it.each(CARRIERS)('%s', (_name, path, redacted) => {
    expect(redactPath(path.replaceAll('S', 'PLANTED-SECRET'))).toBe(redacted);
  });

  it.each([
    ['a path without credentials', '/api/assets/x/thumbnail?size=preview&c=abc%3D'],
    ['a page that only starts like one', '/shared-links'],
    ['the API of shared links', '/api/shared-links/me'],
    ['a query with encoded values but no credential', '/photos?q=caf%C3%A9'],
    ['a thumbhash with an encoded slash', '/api/assets/x/thumbnail?size=preview&c=ab%2Fcd%3D'],
    ['a return address without credentials', '/auth/login?continue=https://photos.example.com/photos&size=1'],
    ['a search for a word with a slash', '/search?q=share/x'],
    ['a relative return address without credentials', '/login?next=photos%2F2024'],
    ['a relative return address that only looks like a link', '/login?next=shared-links'],
    // Base64 has `/` but never a dot or a colon: a thumbhash is no address without a scheme.
    ['a thumbhash with `/s/` in it', '/api/assets/x/thumbnail?size=preview&c=ab/s/cd%3D'],
    ['a return address encoded twice, without credentials', '/auth/login?continue=https%253A%252F%252Fphotos.example.com%252Fphotos'],
    ['escapes that are no UTF-8, in an encoded address', '/auth/login?rd=%252F%25ff%252Fshare'],
    ['a return address on the site, without credentials', '/auth/login?continue=photos.example.com/photos?id=1'],
    // Immich's own data, never an address (a review): a folder under QNAP's `/share/`, a thumbhash.
    ["the folder view's path under /share/", '/api/view/folder?path=%2Fshare%2FPhotos%2F2024'],
    ["the folder view's path with an `s` folder", '/api/view/folder?path=/mnt/s/photos'],
    ["the Folders page's path under /share/", '/folders?path=%2Fshare%2FPhotos%2F2024'],
    ['a thumbhash that starts with `/s/`', '/api/assets/x/thumbnail?size=preview&c=%2Fs%2FHBwdN1h4&edited=true'],
  ])('%s stays as it is', (_name, path) => {
    expect(redactPath(path)).toBe(path);
  });

  // Any page can request the Immich address with such a query; a pattern scanning from each `=` to a
  // slash took 7.8 s on 50,000 of them (a review), in the background worker that records every site.
  it('reads a query of 100,000 `=` in one pass, and keeps it', () => {
    const search = `?a=${'='.repeat(100_000)}`;
    expect(redactQuery(search, '/photos')).toBe(search);
  });

  it('keeps a query without credentials byte for byte (no re-encoding)', () => {
    expect(redactQuery('?c=abc%3D&edited=true', '/api/assets/x/thumbnail')).toBe('?c=abc%3D&edited=true');
  });
});

/** A secret as a browser may carry it: URL-safe characters, long enough to be found if it leaked. */
const secret = fc.stringMatching(/^[A-Za-z0-9_-]{12,40}$/);
const carrier = fc.constantFrom(...CARRIERS.map(([, path]) => path));
const FORMATS: ExportFormat[] = ['json', 'har', 'markdown'];
const META = { extensionVersion: '0', browser: 'test', exportedAt: 0 };

describe('property: a planted secret never reaches storage or any export', () => {
  it('in any carrier, whatever the answer, for any secret', () => {
    fc.assert(
      fc.property(secret, carrier, fc.constantFrom(200, 302, 401, 500), (value, path, status) => {
        const raw = { url: `${ORIGIN}${path.replaceAll('S', value)}`, type: 'xmlhttprequest', statusCode: status, redirectUrl: status === 302 ? `${ORIGIN}/auth/login` : undefined, responseHeaders: [] };
        const log = createLog(ORIGIN, 0);
        const facts = recordRaw(log, raw);
        if (!facts) return;
        keepRecentRaw(log, [[facts, raw]]);
        const classified = classify(raw);
        if (classified.ok) expect(JSON.stringify(toRecord(classified.facts, raw))).not.toContain(value);
        expect(JSON.stringify(log)).not.toContain(value);
        for (const format of FORMATS) {
          for (const options of [{ hideHost: false, hideAssetIds: false }, { hideHost: true, hideAssetIds: true }]) {
            expect(buildExport(format, log, META, options).text).not.toContain(value);
          }
        }
      }),
      { seed: 8, numRuns: 200 },
    );
  });
});

describe('hiding the host hides it inside paths too', () => {
  it('a next= address naming the host', () => {
    const log = createLog('http://photos.example.com:2283', 0);
    const raw = { url: 'http://photos.example.com:2283/api/users/me?next=http://photos.example.com:2283/photos&back=http%3A%2F%2Fphotos.example.com%3A2283%2F', type: 'xmlhttprequest', statusCode: 500, responseHeaders: [] };
    recordRaw(log, raw);
    for (const format of FORMATS) expect(buildExport(format, log, META, { hideHost: true, hideAssetIds: false }).text).not.toContain('photos.example.com');
  });

  it('an IPv6 host, in an address encoded once or more, in part (colons left alone) or in mixed case', () => {
    const log = createLog('http://[fd00::20]:2283', 0);
    const back = encodeURIComponent('http://[fd00::20]:2283/photos');
    const raw = { url: `http://[fd00::20]:2283/api/users/me?back=${back}&rd=${encodeURIComponent(`/login?next=${back}`)}&lower=${back.toLowerCase()}&part=%5Bfd00::20%5D:2283&mixed=%5bfd00%3a%3A20%5D&thrice=${encodeURIComponent(encodeURIComponent(back))}`, type: 'xmlhttprequest', statusCode: 500, responseHeaders: [] };
    recordRaw(log, raw);
    for (const format of FORMATS) expect(buildExport(format, log, META, { hideHost: true, hideAssetIds: false }).text).not.toMatch(/fd00/i);
  });
});
