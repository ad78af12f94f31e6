import { describe, expect, it } from 'vitest';
import { isExtensionUrl, originOf, originPatterns, parseOrigin } from '../../../utils/origins/origin';

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
    ['https://photos.example.com', ['https://photos.example.com/*', 'wss://photos.example.com/*']],
    ['http://127.0.0.1:2283', ['http://127.0.0.1/*', 'ws://127.0.0.1/*']],
  ])('originPatterns(%s) = %j', (origin, patterns) => {
    expect(originPatterns(origin)).toEqual(patterns);
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
