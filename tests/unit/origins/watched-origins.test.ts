import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { listWatchedOrigins, unwatchOrigin, watchedOriginsItem, watchOrigin } from '../../../utils/origins/watched-origins';

/**
 * The fake browser has no permissions API, and a real prompt cannot be clicked: the user's answer is
 * the one thing stubbed here.
 */
function userAnswers(granted: boolean | Error) {
  const request = vi.fn(async () => {
    if (granted instanceof Error) throw granted;
    return granted;
  });
  const remove = vi.fn(async () => true);
  const contains = vi.fn(async () => false);
  Object.assign(fakeBrowser.permissions, { request, remove, contains });
  return { request, remove, contains };
}

beforeEach(() => {
  fakeBrowser.reset();
});

describe('watchOrigin', () => {
  it('asks for access to that origin only, then lists it', async () => {
    const { request } = userAnswers(true);
    expect(await watchOrigin('https://photos.example.com/photos')).toEqual({ ok: true, origin: 'https://photos.example.com' });
    expect(request).toHaveBeenCalledWith({ origins: ['https://photos.example.com/*', 'wss://photos.example.com/*'] });
    expect(await listWatchedOrigins()).toEqual(['https://photos.example.com']);
  });

  it('adds an origin once, however often it is watched', async () => {
    userAnswers(true);
    await watchOrigin('https://photos.example.com');
    await watchOrigin('photos.example.com');
    expect(await listWatchedOrigins()).toEqual(['https://photos.example.com']);
  });

  it('a denied permission watches nothing and says why', async () => {
    userAnswers(false);
    const result = await watchOrigin('https://photos.example.com');
    expect(result).toEqual({ ok: false, message: 'Access to https://photos.example.com was not granted, so Immich Doctor cannot watch it.' });
    expect(await listWatchedOrigins()).toEqual([]);
  });

  it('a refused request (no user gesture) is reported, not thrown', async () => {
    userAnswers(new Error('This function must be called during a user gesture'));
    const result = await watchOrigin('https://photos.example.com');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('user gesture');
  });

  it('outside a user gesture, access already granted at install is enough', async () => {
    const { contains } = userAnswers(new Error('This function must be called during a user gesture'));
    contains.mockResolvedValue(true);
    expect(await watchOrigin('http://127.0.0.1:2283')).toEqual({ ok: true, origin: 'http://127.0.0.1:2283' });
    expect(contains).toHaveBeenCalledWith({ origins: ['http://127.0.0.1/*', 'ws://127.0.0.1/*'] });
  });

  it('an address that is not a web address asks nothing', async () => {
    const { request } = userAnswers(true);
    expect((await watchOrigin('ftp://nas.local')).ok).toBe(false);
    expect(request).not.toHaveBeenCalled();
  });
});

describe('unwatchOrigin and listWatchedOrigins', () => {
  it('removes the origin and gives its host access back', async () => {
    const { remove } = userAnswers(true);
    await watchOrigin('https://photos.example.com');
    await watchOrigin('http://nas.local:2283');
    await unwatchOrigin('https://photos.example.com');
    expect(await listWatchedOrigins()).toEqual(['http://nas.local:2283']);
    expect(remove).toHaveBeenCalledWith({ origins: ['https://photos.example.com/*', 'wss://photos.example.com/*'] });
  });

  it('keeps host access another watched origin on the same host still needs', async () => {
    const { remove } = userAnswers(true);
    await watchOrigin('http://nas.local:2283');
    await watchOrigin('http://nas.local:8080');
    await unwatchOrigin('http://nas.local:2283');
    expect(remove).not.toHaveBeenCalled();
  });

  it('does not fail when access was granted at install and cannot be removed', async () => {
    userAnswers(true);
    Object.assign(fakeBrowser.permissions, { remove: vi.fn(async () => { throw new Error('You cannot remove required permissions.'); }) });
    await watchOrigin('http://127.0.0.1:2283');
    await expect(unwatchOrigin('http://127.0.0.1:2283')).resolves.toBeUndefined();
    expect(await listWatchedOrigins()).toEqual([]);
  });

  it('drops corrupt stored entries', async () => {
    await watchedOriginsItem.setValue(['https://ok.example', 'not an origin', 42, 'https://ok.example/path', 'https://ok.example'] as never);
    expect(await listWatchedOrigins()).toEqual(['https://ok.example']);
    await fakeBrowser.storage.local.set({ watchedOrigins: 'garbage' });
    expect(await listWatchedOrigins()).toEqual([]);
  });
});
