import { describe, expect, it } from 'vitest';
import type { Changes } from '../../../utils/diagnose/cause';
import { startHereStep, stepLayout } from '../../../utils/present/check-text';

const step = (changes: Changes | undefined, verify = false) => ({ changes: changes as Changes, ...(verify ? { verify } : {}) });

describe('startHereStep: the one step the first card marks "Start here"', () => {
  it.each<[string, ReturnType<typeof step>[], number]>([
    ['the first step, when it only looks', [step('nothing'), step('nothing'), step('config'), step('nothing', true)], 0],
    ['the first read-only step, after one that changes the browser', [step('browser'), step('nothing'), step('nothing', true)], 1],
    ['the first step when every step changes something', [step('config'), step('data'), step('nothing', true)], 0],
    ['never the Verify step, even when it is the only read-only one', [step('config'), step('nothing', true)], 0],
    ['none when only Verify is left', [step('nothing', true)], -1],
    ['none without steps', [], -1],
    ['the first step of a card an older version stored (no `changes`)', [step(undefined), step(undefined)], 0],
  ])('%s', (_name, checks, index) => {
    expect(startHereStep(checks)).toBe(index);
  });
});

describe('stepLayout: three steps open, the rest folded, Verify always in sight', () => {
  const steps = (count: number, verify = true) => Array.from({ length: count }, (_, index) => (verify && index === count - 1 ? { verify: true } : {}));
  it.each<[string, Array<{ verify?: boolean }>, number, { shown: number; folded: number }]>([
    ['eight steps and Verify: three open, five folded, Verify open', steps(9), 0, { shown: 3, folded: 8 }],
    ['five steps and Verify: three open, two folded', steps(6), 0, { shown: 3, folded: 5 }],
    ['four steps and Verify: one step alone is not folded', steps(5), 0, { shown: 4, folded: 4 }],
    ['three steps and Verify: nothing to fold', steps(4), 0, { shown: 3, folded: 3 }],
    ['a Start here step past the third stays open', steps(9), 4, { shown: 5, folded: 8 }],
    ['no Verify step (stored by an older version): the last steps fold too', steps(7, false), 0, { shown: 3, folded: 7 }],
    ['only Verify', steps(1), -1, { shown: 0, folded: 0 }],
    ['no steps', [], -1, { shown: 0, folded: 0 }],
  ])('%s', (_name, checks, start, layout) => {
    expect(stepLayout(checks, start)).toEqual(layout);
  });
});
