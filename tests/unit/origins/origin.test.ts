import { describe, expect, it } from 'vitest';
import { isExtensionUrl, originOf, originPatterns, parseOrigin, patternsToRemove, wholeHostPatterns } from '../../../utils/origins/origin';

describe('parseOrigin: what the user types', () => {
  it.each([
    ['https://photos.example.com', 'https://photos.example.com'],
    ['https://photos.example.com/photos/abc?x=1', 'https://photos.example.com'],
    ['photos.example.com', 'https://photos.example.com'],
    ['  http://192.168.1.10:2283/  ', 'http://192.168.1.10:2283'],
    ['HTTPS://Photos.Example.COM', 'https://photos.example.com'],
    ['http://[::1]:2283', 'http://[::1]:2283'],
  ])('%s → %s', (input, origin) => {
    expect(parseOrigin(input)).toEqual({ ok: true, origin });
  });

  it.each([
    ['', 'Enter the address'],
    ['   ', 'Enter the address'],
    ['ftp://files.example.com', 'not ftp'],
    ['http://', 'not a web address'],
    ['https://exa mple.com', 'not a web address'],
  ])('%j → a clear message', (input, message) => {
    const parsed = parseOrigin(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });
});

describe('origin helpers', () => {
  it.each([
    // Chromium: this origin's port only, the scheme's default port named when the origin has none.
    ['https://photos.example.com', 'chromium', ['https://photos.example.com:443/*', 'wss://photos.example.com:443/*']],
    ['http://photos.example.com', 'chromium', ['http://photos.example.com:80/*', 'ws://photos.example.com:80/*']],
    ['http://127.0.0.1:2283', 'chromium', ['http://127.0.0.1:2283/*', 'ws://127.0.0.1:2283/*']],
    ['https://192.168.1.10:8443', 'chromium', ['https://192.168.1.10:8443/*', 'wss://192.168.1.10:8443/*']],
    ['http://[::1]:2283', 'chromium', ['http://[::1]:2283/*', 'ws://[::1]:2283/*']],
    // Firefox: match patterns cannot name a port there, so the whole host.
    ['https://photos.example.com', 'firefox', ['https://photos.example.com/*', 'wss://photos.example.com/*']],
    ['http://127.0.0.1:2283', 'firefox', ['http://127.0.0.1/*', 'ws://127.0.0.1/*']],
  ] as const)('originPatterns(%s, %s) = %j', (origin, browser, patterns) => {
    expect(originPatterns(origin, browser)).toEqual(patterns);
  });

  it('the whole-host patterns of earlier versions (and Firefox) are every port of the host', () => {
    expect(wholeHostPatterns('http://127.0.0.1:2283')).toEqual(['http://127.0.0.1/*', 'ws://127.0.0.1/*']);
    expect(wholeHostPatterns('https://photos.example.com')).toEqual(['https://photos.example.com/*', 'wss://photos.example.com/*']);
  });

  it.each([
    ['https://a.example/x', 'https://a.example'],
    ['wss://a.example/api/socket.io/', 'https://a.example'],
    ['ws://a.example:8080/', 'http://a.example:8080'],
    ['chrome-extension://abc/popup.html', undefined],
    ['not a url', undefined],
    [undefined, undefined],
  ])('originOf(%s) = %s', (url, origin) => {
    expect(originOf(url)).toBe(origin);
  });

  it.each([
    ['chrome-extension://abc/popup.html', true],
    ['moz-extension://abc/popup.html', true],
    ['https://a.example', false],
    [undefined, false],
  ])('isExtensionUrl(%s) = %s', (url, expected) => {
    expect(isExtensionUrl(url)).toBe(expected);
  });
});

describe('patternsToRemove: what Stop watching gives back', () => {
  const nas = 'http://nas.local:2283';
  const port = ['http://nas.local:2283/*', 'ws://nas.local:2283/*'];
  const whole = ['http://nas.local/*', 'ws://nas.local/*'];
  const other = ['http://nas.local:8080/*', 'ws://nas.local:8080/*'];
  it.each([
    { case: 'Chromium, a port-specific grant: that grant', browser: 'chromium', remaining: [], granted: port, remove: [port] },
    { case: 'Chromium, a whole-host grant from an earlier version: the port patterns and the whole host', browser: 'chromium', remaining: [], granted: whole, remove: [port, whole] },
    { case: 'Chromium, only the WebSocket of an old grant left (the page removed in chrome://extensions): that too', browser: 'chromium', remaining: [], granted: [whole[1]!], remove: [port, [whole[1]]] },
    { case: 'Chromium, the grants unknown: the port patterns and the whole host', browser: 'chromium', remaining: [], granted: undefined, remove: [port, whole] },
    { case: 'Chromium, another watched port of the host with a grant of its own: the old whole host goes', browser: 'chromium', remaining: ['http://nas.local:8080'], granted: [...whole, ...other], remove: [port, whole] },
    { case: 'Chromium, another watched port of the host living on the old whole-host grant: it stays', browser: 'chromium', remaining: ['http://nas.local:8080'], granted: whole, remove: [port] },
    { case: 'Chromium, another watched port, grants unknown: the whole host stays', browser: 'chromium', remaining: ['http://nas.local:8080'], granted: undefined, remove: [port] },
    { case: 'Chromium, the same host over https is another grant: the http whole host goes', browser: 'chromium', remaining: ['https://nas.local'], granted: whole, remove: [port, whole] },
    { case: 'Chromium, the test build (every host at install): the port patterns only, refused harmlessly', browser: 'chromium', remaining: [], granted: ['http://*/*', 'ws://*/*'], remove: [port] },
    { case: 'Firefox: the whole host', browser: 'firefox', remaining: [], granted: whole, remove: [whole] },
    { case: 'Firefox, another watched port of the host: nothing (it needs the same grant)', browser: 'firefox', remaining: ['http://nas.local:8080'], granted: whole, remove: [] },
  ] as const)('$case', ({ browser, remaining, granted, remove }) => {
    expect(patternsToRemove(nas, remaining, browser, granted)).toEqual(remove);
  });
});
