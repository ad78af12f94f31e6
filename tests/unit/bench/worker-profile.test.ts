import { describe, expect, it } from 'vitest';
import { attribute } from '../../bench/worker-profile';

/** A worker's profile as V8 gives it: a call tree, and which node each sample hit, after how many µs. */
const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({ id, callFrame: { functionName, url }, children });
const EXTENSION = 'chrome-extension://abcdefgh/';
const nodes = [
  frame(1, '(root)', '', [2, 3, 4, 8]),
  frame(2, '(idle)', ''),
  frame(3, '(garbage collector)', ''),
  frame(4, '', 'extensions::webRequestEvent', [5, 7]),
  frame(5, 'onCompleted', `${EXTENSION}background.js`, [6]),
  // A native API the extension's script called (storage.session.set): the extension's time.
  frame(6, 'setAccessLevel', ''),
  frame(7, 'deepCopy', 'extensions::utils'),
  // Another extension whose id starts with this one's: not this extension's.
  frame(8, 'listener', 'chrome-extension://abcdefghij/background.js'),
];

describe('attribute: a worker profile by what was on the stack', () => {
  it.each([
    { hit: 2, expected: { extensionMs: 0, garbageMs: 0, otherMs: 0 }, what: 'idle counts nowhere' },
    { hit: 3, expected: { extensionMs: 0, garbageMs: 2, otherMs: 0 }, what: 'garbage collection' },
    { hit: 5, expected: { extensionMs: 2, garbageMs: 0, otherMs: 0 }, what: "the extension's listener" },
    { hit: 6, expected: { extensionMs: 2, garbageMs: 0, otherMs: 0 }, what: 'a native call under it' },
    { hit: 7, expected: { extensionMs: 0, garbageMs: 0, otherMs: 2 }, what: "the browser's dispatch" },
    { hit: 8, expected: { extensionMs: 0, garbageMs: 0, otherMs: 2 }, what: "another extension's script" },
  ])('$what', ({ hit, expected }) => {
    expect(attribute({ nodes, samples: [hit, hit], timeDeltas: [1000, 1000] }, EXTENSION)).toEqual(expected);
  });

  it('adds each sample by the time since the one before it', () => {
    expect(attribute({ nodes, samples: [5, 3, 7, 6], timeDeltas: [500, 1500, 250, 750] }, EXTENSION)).toEqual({ extensionMs: 1.25, garbageMs: 1.5, otherMs: 0.25 });
  });
});
