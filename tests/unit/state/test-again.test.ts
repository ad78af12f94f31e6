import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { describeStateKey, removeSiteState, siteItems, SITE_STATE_VERSION, testAgainItem } from '../../../utils/state/site-state';
import { readTestAgain, type TestAgainRecord } from '../../../utils/state/test-again';

const ORIGIN = 'http://192.168.1.10:2283';
const KEY = `testAgain:${ORIGIN}`;
const RECORD: TestAgainRecord = { before: { requests: 40, failures: 12, topCause: { cause: 'media-file-unreadable', title: 'Media files missing' } }, startedAt: 1_700_000_000_000, reloadedTabs: 1 };

beforeEach(() => {
  fakeBrowser.reset();
});

describe('readTestAgain: the stored record before Test again, validated', () => {
  it('reads back what was stored, with and without a top cause', () => {
    expect(readTestAgain(JSON.parse(JSON.stringify(RECORD)))).toEqual(RECORD);
    const healthy = { ...RECORD, before: { requests: 3, failures: 0 } };
    expect(readTestAgain(healthy)).toEqual(healthy);
  });

  it('keeps only the fields it knows', () => {
    expect(readTestAgain({ ...RECORD, extra: 'x', before: { ...RECORD.before, html: '<b>' } })).toEqual(RECORD);
  });

  it.each<[string, unknown]>([
    ['nothing stored', null],
    ['a string', 'before: 40 requests'],
    ['an array', [RECORD]],
    ['no before', { ...RECORD, before: undefined }],
    ['negative counts', { ...RECORD, before: { requests: -1, failures: 0 } }],
    ['more failures than requests', { ...RECORD, before: { requests: 1, failures: 2 } }],
    ['a count that is no integer', { ...RECORD, before: { requests: 1.5, failures: 0 } }],
    ['a top cause without a title', { ...RECORD, before: { ...RECORD.before, topCause: { cause: 'x' } } }],
    ['a top cause that is a string', { ...RECORD, before: { ...RECORD.before, topCause: 'disk' } }],
    ['no start time', { ...RECORD, startedAt: 'yesterday' }],
    ['a start time of 1e300', { ...RECORD, startedAt: 1e300 }],
    ['a start time no Date can hold', { ...RECORD, startedAt: Number.MAX_SAFE_INTEGER }],
    ['no tab count', { ...RECORD, reloadedTabs: undefined }],
  ])('ignores %s', (_name, stored) => {
    expect(readTestAgain(stored)).toBeUndefined();
  });
});

describe('the Test again item in storage.session', () => {
  it('is stored beside the site’s state, with its version, and read back', async () => {
    await testAgainItem(ORIGIN).setValue(RECORD);
    const stored = await fakeBrowser.storage.session.get([KEY, `${KEY}$`]);
    expect(stored).toEqual({ [KEY]: RECORD, [`${KEY}$`]: { v: SITE_STATE_VERSION } });
    expect(readTestAgain(await testAgainItem(ORIGIN).getValue())).toEqual(RECORD);
  });

  it('a corrupt stored value is ignored, with no crash', async () => {
    await fakeBrowser.storage.session.set({ [KEY]: { before: 'garbage' }, [`${KEY}$`]: { v: SITE_STATE_VERSION } });
    expect(readTestAgain(await testAgainItem(ORIGIN).getValue())).toBeUndefined();
  });

  it('goes with the rest of the site’s state when the site is removed', async () => {
    const items = siteItems(ORIGIN);
    await items.testAgain.setValue(RECORD);
    await removeSiteState(ORIGIN, items);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  it('is named in the options page’s “what is stored”', () => {
    expect(describeStateKey(KEY)).toBe(`result before Test again on ${ORIGIN} (counts and top cause, for the comparison)`);
    expect(describeStateKey(`${KEY}$`)).toBe(`format version of the result before Test again on ${ORIGIN}`);
  });
});
