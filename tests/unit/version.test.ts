import { describe, expect, it } from 'vitest';
import { atLeast, compareVersions, versionOf, versionParts } from '../../utils/version';

describe('versions as Immich says them', () => {
  it.each<[string, number[] | undefined]>([
    ['v2.7.5', [2, 7, 5]],
    ['2.7.5', [2, 7, 5]],
    ['v3.0.0-rc.1', [3, 0, 0]],
    ['v1.137', undefined],
    ['latest', undefined],
    ['', undefined],
  ])('versionParts(%j)', (version, parts) => {
    expect(versionParts(version)).toEqual(parts);
  });

  it.each<[string | undefined, string, boolean | undefined]>([
    ['v1.137.0', '1.137.0', true],
    ['v1.136.9', '1.137.0', false],
    ['v1.200.0', '1.137.0', true],
    ['v10.0.0', '9.9.9', true],
    [undefined, '1.137.0', undefined],
    ['garbage', '1.137.0', undefined],
  ])('atLeast(%j, %j) is %j', (version, since, expected) => {
    expect(atLeast(version, since)).toBe(expected);
  });

  it.each<[string, unknown, string | undefined]>([
    ['a version', { major: 2, minor: 7, patch: 5 }, 'v2.7.5'],
    ['zeros', { major: 0, minor: 0, patch: 0 }, 'v0.0.0'],
    ['the largest part taken', { major: 99_999, minor: 0, patch: 1 }, 'v99999.0.1'],
    ['a part no version has', { major: 2_000_000_000_000_000, minor: 7, patch: 5 }, undefined],
    ['a negative part', { major: -1, minor: 7, patch: 5 }, undefined],
    ['a fraction', { major: 2, minor: 7.5, patch: 5 }, undefined],
    ['parts as strings', { major: '2', minor: '7', patch: '5' }, undefined],
    ['a missing part', { major: 2, minor: 7 }, undefined],
    ['no object', 'v2.7.5', undefined],
    ['null', null, undefined],
  ])('versionOf: %s', (_name, body, expected) => {
    expect(versionOf(body)).toBe(expected);
  });

  it('compares by major, then minor, then patch, as numbers', () => {
    expect(compareVersions([1, 10, 0], [1, 9, 9])).toBeGreaterThan(0);
    expect(compareVersions([2, 0, 0], [2, 0, 0])).toBe(0);
    expect(compareVersions([0, 9, 99], [1, 0, 0])).toBeLessThan(0);
  });
});
