import { describe, expect, it, vi } from 'vitest';
import { popupCounts, settledCounts, type AttributeReader } from '../../browser/popup-counts';

/** A popup as the drivers read it: each selector's attributes, or no element at all (the driver's wait times out). */
function popupShowing(elements: Record<string, Record<string, string>>): AttributeReader {
  return {
    getAttribute: async (selector, name) => {
      const element = elements[selector];
      if (!element) throw new Error(`waiting for ${selector}: timed out`);
      return element[name] ?? null;
    },
  };
}

describe('popupCounts', () => {
  it("reads the summary's counts", async () => {
    expect(await popupCounts(popupShowing({ '.summary': { 'data-requests': '12', 'data-failures': '3' } }))).toEqual({ requests: 12, failures: 3 });
  });

  it('throws when the popup shows no summary, rather than counting 0', async () => {
    await expect(popupCounts(popupShowing({ main: { 'data-phase': 'not-watched' } }))).rejects.toThrow(/shows no \.summary/);
  });

  it('throws when the summary has no counts', async () => {
    await expect(popupCounts(popupShowing({ '.summary': { 'data-requests': '4' } }))).rejects.toThrow(/no data-requests or data-failures/);
  });
});

describe('settledCounts', () => {
  it('returns once the counts hold still above zero', async () => {
    vi.useFakeTimers();
    try {
      const reads = ['5', '9', '9'];
      const popup: AttributeReader = { getAttribute: async (_selector, name) => (name === 'data-requests' ? (reads.length > 1 ? reads.shift()! : reads[0]!) : '0') };
      let result: unknown;
      void settledCounts(popup, { timeout: 10_000 }).then((counts) => (result = counts));
      // Reads 2.5 s apart, longer than the 2 s between the background's batches: 5, then 9, then 9.
      await vi.advanceTimersByTimeAsync(2_500);
      expect(result).toBeUndefined();
      await vi.advanceTimersByTimeAsync(2_500);
      expect(result).toEqual({ requests: 9, failures: 0 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('never settles on zero', async () => {
    await expect(settledCounts(popupShowing({ '.summary': { 'data-requests': '0', 'data-failures': '0' } }), { timeout: 1_000 })).rejects.toThrow(/did not settle above 0/);
  });
});
