import { describe, expect, it } from 'vitest';
import type { OutcomeKey } from '../../../utils/classify/outcome';
import { outcomeName } from '../../../utils/present/labels';

describe('outcomeName: an outcome in plain words', () => {
  it.each<[OutcomeKey, string]>([
    ['http-500', '500'],
    ['net-connection-refused', 'connection refused'],
    ['redirect-away', 'redirected away'],
    // isOutcomeKey takes any `net-<word>` (a newer version's error): its own word, never a member of Object.
    ['net-some-new-error' as OutcomeKey, 'some-new-error'],
    ['net-constructor' as OutcomeKey, 'constructor'],
  ])('%s → %s', (outcome, name) => {
    expect(outcomeName(outcome)).toBe(name);
  });
});
