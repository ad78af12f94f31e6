/**
 * What the popup says it recorded, read the same way in every browser driver: Playwright's `Page`
 * (Chromium) and the Firefox driver's `FirefoxTab` both have this method, with Playwright's meaning
 * (wait for an element to match, then its attribute, `null` when it has none).
 */
export interface AttributeReader {
  getAttribute(selector: string, name: string, options?: { timeout?: number }): Promise<string | null>;
}

/** The popup's summary line: requests watched and failed, as `components/Summary.tsx` renders them. */
export interface PopupCounts {
  requests: number;
  failures: number;
}

/** The most time between two batches the background writes while requests keep coming and a popup is open. */
const BATCH_SPACING_MS = 2000;

/** How long the summary may take to show (the popup renders once it has read the log). */
const SUMMARY_SHOWS_WITHIN_MS = 5_000;

/**
 * The popup's counts now. Throws when the popup shows no summary (not watched, access missing, an
 * error…) rather than reading a missing count as 0, which would pass any "nothing recorded" check.
 */
export async function popupCounts(popup: AttributeReader): Promise<PopupCounts> {
  const read = (name: string) =>
    popup.getAttribute('.summary', name, { timeout: SUMMARY_SHOWS_WITHIN_MS }).catch((error: unknown) => {
      throw new Error(`the popup shows no .summary within ${SUMMARY_SHOWS_WITHIN_MS} ms (is the site watched, with access?)`, { cause: error });
    });
  const requests = await read('data-requests');
  const failures = await read('data-failures');
  if (requests === null || failures === null) throw new Error(`the popup's .summary has no data-requests or data-failures (${requests}, ${failures})`);
  return { requests: Number(requests), failures: Number(failures) };
}

/**
 * The popup's counts once the background has stopped writing: the popup re-renders on every batch the
 * background persists (every 2 s while requests arrive and the popup is open, utils/capture/recorder.ts), so the counts must
 * hold still, above zero, across two reads further apart than that. For what cannot be counted at the server (a proxy answering
 * for a dead Immich, a refused socket) this is the only end; where the lab counts, compare with that.
 */
export async function settledCounts(popup: AttributeReader, { timeout = 20_000 }: { timeout?: number } = {}): Promise<PopupCounts> {
  const deadline = Date.now() + timeout;
  let last = await popupCounts(popup);
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, BATCH_SPACING_MS + 500));
    const now = await popupCounts(popup);
    if (now.requests > 0 && now.requests === last.requests && now.failures === last.failures) return now;
    last = now;
  }
  throw new Error(`the popup's counts did not settle above 0 within ${timeout} ms (last: ${JSON.stringify(last)})`);
}

/** The popup's first card: its cause and who answered (`components/DiagnosisCard.tsx`'s data attributes). */
export async function firstCause(popup: AttributeReader): Promise<{ cause: string | null; responder: string | null }> {
  return { cause: await popup.getAttribute('[data-cause]', 'data-cause'), responder: await popup.getAttribute('[data-cause]', 'data-responder') };
}

/**
 * One row of the popup's outcome table ("Thumbnails", "WebSocket"): how many loaded and how many failed
 * (-1 when there is no such row). Runs in the popup: pass it to the driver's `evaluate` with the label.
 */
export function readMatrixRow(label: string): { ok: number; failed: number } {
  const row = [...document.querySelectorAll('table.matrix tbody tr')].find((tr) => tr.querySelector('th')?.textContent === label);
  const cells = row ? [...row.querySelectorAll('td')].map((td) => Number(td.textContent)) : [];
  return { ok: cells[0] ?? -1, failed: cells[1] ?? -1 };
}
