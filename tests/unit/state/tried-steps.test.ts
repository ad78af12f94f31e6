import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { describeStateKey, removeSiteState, siteItems } from '../../../utils/state/site-state';
import { readTriedSteps, withStepTried } from '../../../utils/state/tried-steps';

const ORIGIN = 'http://192.168.1.10:2283';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('readTriedSteps: the ticked steps as stored, validated', () => {
  it.each<[string, unknown, string[]]>([
    ['what was stored', ['Look at the server logs', 'Check the disk'], ['Look at the server logs', 'Check the disk']],
    ['nothing stored', undefined, []],
    ['not a list', { 0: 'Check the disk' }, []],
    ['entries that are not titles dropped', ['Check the disk', 7, null, '', 'x'.repeat(201)], ['Check the disk']],
    ['a title twice, once', ['Check the disk', 'Check the disk'], ['Check the disk']],
  ])('%s', (_name, stored, titles) => {
    expect(readTriedSteps(stored)).toEqual(titles);
  });

  it('keeps at most 100', () => {
    expect(readTriedSteps(Array.from({ length: 150 }, (_, index) => `step ${index}`))).toHaveLength(100);
  });
});

describe('withStepTried', () => {
  it('ticks a step once, and unticks it', () => {
    const ticked = withStepTried(withStepTried([], 'Check the disk', true), 'Check the disk', true);
    expect(ticked).toEqual(['Check the disk']);
    expect(withStepTried(['Look at the logs', ...ticked], 'Check the disk', false)).toEqual(['Look at the logs']);
  });
});

describe('the stored ticked steps', () => {
  it('go with the rest of the site’s state when the site is removed, and are named in “what is stored”', async () => {
    const items = siteItems(ORIGIN);
    await items.tried.setValue(['Check the disk']);
    expect(await fakeBrowser.storage.session.get(`tried:${ORIGIN}`)).toEqual({ [`tried:${ORIGIN}`]: ['Check the disk'] });
    await removeSiteState(ORIGIN, items);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
    expect(describeStateKey(`tried:${ORIGIN}`)).toBe(`steps ticked as done on ${ORIGIN} (their titles, for the forum post)`);
  });
});
