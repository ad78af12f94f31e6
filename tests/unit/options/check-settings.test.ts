import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { apiKeyOf, apiKeyProblem, checkSettingsItem, readApiKeys, readCheckSettings, setApiKey } from '../../../utils/options/check-settings';
import { changeCheckSettings, diskFullPercentProblem } from '../../../utils/options/check-settings-form';
import { listWatchedOrigins, unwatchOrigin, watchedOriginsItem } from '../../../utils/origins/watched-origins';

const SITE = 'https://photos.example';
const OTHER = 'http://192.168.1.10:2283';
const KEY = 'Gq5cR1xUe3tYh8KbW2nZ0aPfLm4sJv7dHiTo6yXw9E';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('readCheckSettings: each option read back, or its default', () => {
  it.each<[string, unknown, { autoRun: boolean; diskFullPercent: number }]>([
    ['nothing stored: off, 95%', null, { autoRun: false, diskFullPercent: 95 }],
    ['what was stored', { autoRun: true, diskFullPercent: 90 }, { autoRun: true, diskFullPercent: 90 }],
    ['auto-run only when exactly true', { autoRun: 'yes' }, { autoRun: false, diskFullPercent: 95 }],
    ['a threshold below 50% is no threshold', { diskFullPercent: 10 }, { autoRun: false, diskFullPercent: 95 }],
    ['above 100% neither', { diskFullPercent: 101 }, { autoRun: false, diskFullPercent: 95 }],
    ['not a number', { diskFullPercent: '90' }, { autoRun: false, diskFullPercent: 95 }],
    ['100% is a disk with nothing left', { diskFullPercent: 100 }, { autoRun: false, diskFullPercent: 100 }],
    ['not an object', 'settings', { autoRun: false, diskFullPercent: 95 }],
  ])('%s', (_, stored, expected) => {
    expect(readCheckSettings(stored)).toEqual(expected);
  });
});

describe('diskFullPercentProblem: what the field says of a percentage it refuses', () => {
  it.each<[number, boolean]>([
    [50, true],
    [95, true],
    [100, true],
    [49, false],
    [101, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
  ])('%s accepted: %s', (percent, accepted) => {
    expect(diskFullPercentProblem(percent)).toBe(accepted ? undefined : 'Enter a percentage from 50 to 100.');
    // What the field accepts is what reading the stored settings keeps.
    expect(readCheckSettings({ diskFullPercent: percent }).diskFullPercent).toBe(accepted ? percent : 95);
  });
});

describe('API keys', () => {
  it.each<[string, string, RegExp | undefined]>([
    ['a key', KEY, undefined],
    ['too short', 'abc', /longer/],
    ['a space inside', 'abc def ghi jkl', /no spaces/],
    ['a line break', `${KEY}\n`, /no spaces/],
    ['too long', 'k'.repeat(201), /no spaces or special/],
  ])('%s', (_, key, problem) => {
    const found = apiKeyProblem(key);
    if (problem) expect(found).toMatch(problem);
    else expect(found).toBeUndefined();
  });

  it('stored values that are not keys are not read', () => {
    expect(readApiKeys({ [SITE]: KEY, [OTHER]: 7, 'https://x.example': 'short' })).toEqual({ [SITE]: KEY });
    expect(readApiKeys('keys')).toEqual({});
  });

  it('saved per site, each given only to its own site, removed with the site when it is no longer watched', async () => {
    await setApiKey(SITE, KEY);
    await setApiKey(OTHER, `${KEY}2`);
    expect(await apiKeyOf(SITE)).toBe(KEY);
    expect(await apiKeyOf(OTHER)).toBe(`${KEY}2`);
    expect(await apiKeyOf('https://third.example')).toBeUndefined();
    // A site named like an object's own property is just a site without a key.
    expect(await apiKeyOf('constructor')).toBeUndefined();

    await watchedOriginsItem.setValue([SITE, OTHER]);
    // The fake browser has no permissions API: none granted, each removal accepted.
    fakeBrowser.permissions.getAll = vi.fn(async () => ({ origins: [], permissions: [] }));
    fakeBrowser.permissions.remove = vi.fn(async () => true);
    await unwatchOrigin(SITE, 'chromium');
    expect(await apiKeyOf(SITE)).toBeUndefined();
    expect(await apiKeyOf(OTHER)).toBe(`${KEY}2`);
  });

  it('saved only for a site still watched, read under the keys’ lock', async () => {
    fakeBrowser.permissions.getAll = vi.fn(async () => ({ origins: [], permissions: [] }));
    fakeBrowser.permissions.remove = vi.fn(async () => true);
    // Stop watching removed the site from the list before the save took the lock: no key kept for it.
    expect(await setApiKey(SITE, KEY, listWatchedOrigins)).toBe(false);
    expect(await apiKeyOf(SITE)).toBeUndefined();
    await watchedOriginsItem.setValue([SITE]);
    expect(await setApiKey(SITE, KEY, listWatchedOrigins)).toBe(true);
    expect(await apiKeyOf(SITE)).toBe(KEY);
  });
});

describe('changeCheckSettings', () => {
  it('two pages changing different settings at once keep both: each change is made to what is stored, under a lock', async () => {
    await Promise.all([changeCheckSettings({ autoRun: true }), changeCheckSettings({ diskFullPercent: 80 }), changeCheckSettings({ hostMediaPath: '/srv/immich' })]);
    expect(readCheckSettings(await checkSettingsItem.getValue())).toEqual({ autoRun: true, diskFullPercent: 80, hostMediaPath: '/srv/immich' });
    expect(await changeCheckSettings({ hostMediaPath: undefined })).toEqual({ autoRun: true, diskFullPercent: 80 });
  });
});
