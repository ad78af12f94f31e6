import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { saveDirectAddress } from '../../../utils/options/check-settings-form';
import { directAddressOf, removeDirectAddress } from '../../../utils/options/direct-address';
import { listWatchedOrigins, unwatchOrigin, watchedOriginsItem } from '../../../utils/origins/watched-origins';

const SITE = 'https://photos.example';
const LAN = 'http://192.168.1.10:2283';

let granted: string[];
beforeEach(() => {
  fakeBrowser.reset();
  granted = [];
  // The fake browser has no permissions API: one that grants (or not) and remembers.
  fakeBrowser.permissions.request = vi.fn(async ({ origins = [] }) => {
    granted.push(...origins);
    return true;
  });
  fakeBrowser.permissions.getAll = vi.fn(async () => ({ origins: [...granted], permissions: [] }));
  fakeBrowser.permissions.remove = vi.fn(async ({ origins = [] }) => {
    granted = granted.filter((pattern) => !origins.includes(pattern));
    return true;
  });
});

describe('a site’s direct address', () => {
  it.each<[string, string, RegExp]>([
    ['not an address', 'not a url at all', /./],
    ['the watched site itself', SITE, /That is the address you watch/],
  ])('%s: refused with a reason, nothing asked', async (_, input, message) => {
    const saved = await saveDirectAddress(SITE, input);
    expect(saved).toMatchObject({ ok: false, message: expect.stringMatching(message) });
    expect(fakeBrowser.permissions.request).not.toHaveBeenCalled();
    expect(await directAddressOf(SITE)).toBeUndefined();
  });

  it('access refused in the prompt: not kept, and says so', async () => {
    fakeBrowser.permissions.request = vi.fn(async () => false);
    expect(await saveDirectAddress(SITE, LAN)).toEqual({ ok: false, message: `Access to ${LAN} was not given: the checks cannot ask it.` });
    expect(await directAddressOf(SITE)).toBeUndefined();
  });

  it('kept once allowed; removed, its access goes too', async () => {
    expect(await saveDirectAddress(SITE, `${LAN}/photos`)).toEqual({ ok: true, direct: LAN });
    expect(await directAddressOf(SITE)).toBe(LAN);
    expect(granted).toContain('http://192.168.1.10:2283/*');
    await removeDirectAddress(SITE, [SITE]);
    expect(await directAddressOf(SITE)).toBeUndefined();
    expect(granted.filter((pattern) => pattern.includes('192.168.1.10'))).toEqual([]);
  });

  it('an address that is itself watched keeps its access when it stops being the direct one', async () => {
    await saveDirectAddress(SITE, LAN);
    await removeDirectAddress(SITE, [SITE, LAN]);
    expect(granted).toContain('http://192.168.1.10:2283/*');
  });

  it('Stop watching a site that is another site’s direct address keeps the access that one needs', async () => {
    await watchedOriginsItem.setValue([SITE, LAN]);
    await saveDirectAddress(SITE, LAN);
    await unwatchOrigin(LAN, 'chromium');
    expect(granted).toContain('http://192.168.1.10:2283/*');
    expect(await directAddressOf(SITE)).toBe(LAN);
    // The site that needed it goes too: now the access goes.
    await unwatchOrigin(SITE, 'chromium');
    expect(granted.filter((pattern) => pattern.includes('192.168.1.10'))).toEqual([]);
  });

  it('Stop watching while the prompt is open: the address is not kept and its access is given back, with a reason', async () => {
    await watchedOriginsItem.setValue([SITE]);
    // The user stops watching the site from the popup while the browser's prompt waits for them.
    fakeBrowser.permissions.request = vi.fn(async ({ origins = [] }) => {
      await unwatchOrigin(SITE, 'chromium');
      granted.push(...origins);
      return true;
    });
    expect(await saveDirectAddress(SITE, LAN, listWatchedOrigins)).toEqual({ ok: false, message: `${SITE} is no longer watched: its direct address was not kept.` });
    expect(await directAddressOf(SITE)).toBeUndefined();
    expect(granted.filter((pattern) => pattern.includes('192.168.1.10'))).toEqual([]);
  });

});
