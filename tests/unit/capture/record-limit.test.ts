import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readRecordLimit, recordLimitItem } from '../../../utils/capture/record-limit';

beforeEach(() => fakeBrowser.reset());

describe('readRecordLimit', () => {
  it.each([
    [undefined, 2000],
    [500, 500],
    [5000, 5000],
    [3, 2000],
    ['1000', 2000],
    [null, 2000],
  ])('stored %j → %i', async (stored, expected) => {
    if (stored !== undefined) await fakeBrowser.storage.local.set({ recordLimit: stored });
    expect(await readRecordLimit()).toBe(expected);
  });

  it('reads what the options page writes', async () => {
    await recordLimitItem.setValue(1000);
    expect(await readRecordLimit()).toBe(1000);
  });
});
