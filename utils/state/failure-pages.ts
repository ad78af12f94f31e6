import type { RequestRecord } from '../classify/classify-request';
import { dropOldestFailures, type RequestLog } from '../log/request-log';

/**
 * How a site's failure records are stored: in pages of `PAGE_SIZE` consecutive records, each page one
 * JSON text under its own key (./site-state.ts).
 *
 * - **Text, not objects.** Chrome counts a stored value at its in-memory size
 *   (`EstimateMemoryUsage` of the `base::Value`, extensions/browser/api/storage/session_storage_manager.cc):
 *   2,000 records stored as objects counted 2,048,000 bytes and took ~119 ms per write; the same records
 *   as one JSON text counted 618,008 bytes and took ~12 ms (Chromium 156, measured here).
 * - **Pages.** A batch writes only the pages whose records changed: the newest, and the oldest when
 *   records are dropped from it. Rewriting the whole log at every batch is what cost ~0.45 ms of CPU per
 *   failed request (issue 9).
 * - **A byte budget.** `storage.session` holds 10 MB for every site together; past the budget the
 *   oldest pages go (the counters stay exact), so that ten sites fit with room to spare.
 */
export const PAGE_SIZE = 100;

/** Characters of failure-record text one site keeps; with its head and summary a site stays under 1 MB. */
export const FAILURE_TEXT_BUDGET = 600 * 1024;

/**
 * A record as a page stores it: without what every record of the log shares (its origin; `failure`,
 * true for every kept failure) and without the booleans that are false for nearly all of them.
 */
type PagedRecord = Omit<RequestRecord, 'origin' | 'failure' | 'sharedLink' | 'insecure'> & { sharedLink?: true; insecure?: true };

function toPaged({ origin: _origin, failure: _failure, sharedLink, insecure, ...rest }: RequestRecord): PagedRecord {
  return { ...rest, ...(sharedLink && { sharedLink: true }), ...(insecure && { insecure: true }) };
}

/** A page's records back as the log holds them; the caller validates them (`parseStoredLog`). */
export function fromPageText(text: string, origin: string): unknown[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error('a page of failure records is not a list');
  return parsed.map((paged: unknown) => (typeof paged === 'object' && paged !== null ? { sharedLink: false, insecure: false, ...paged, origin, failure: true } : paged));
}

export interface Page {
  id: number;
  /** How many records it holds. */
  count: number;
  text: string;
}

/** What one save writes: every page the log now has, which of them changed, which stored ones went. */
export interface Paging {
  pages: Page[];
  changed: Page[];
  removed: number[];
  /** Records dropped now, oldest first, to stay inside the budget. */
  trimmed: number;
}

/** The page a text was made from: the same records (by identity; records are never changed) give the same text. */
interface CachedPage extends Page {
  first: RequestRecord;
  last: RequestRecord;
}

/**
 * One site's pages as last written. Pages are numbered by the position of their records among all the
 * failures the log has kept since it started, so that a page keeps its number while newer records
 * arrive and older ones are dropped.
 */
export class FailurePages {
  private cache = new Map<number, CachedPage>();
  /** The ids of the pages that may be in storage, oldest first: those to remove once the log no longer has them. */
  private storedIds: number[];
  /** The ids of the pages known to be in storage: those the last write that worked (or the stored head) listed. */
  private knownIds: number[];
  /** The last write was refused (`failed`): storage may be full. */
  private refused = false;

  constructor(storedIds: readonly number[] = []) {
    this.storedIds = [...storedIds];
    this.knownIds = [...storedIds];
  }

  get stored(): readonly number[] {
    return this.storedIds;
  }

  /**
   * After a refused write, when this save drops pages: the pages a head may list before they go, those
   * known to be stored that the log keeps. Storage may be full, and in the usual order (pages, head,
   * then removals) the dropped pages went only after writes that storage kept refusing. Undefined when
   * the usual order is enough.
   */
  roomFirst(paging: Paging): number[] | undefined {
    if (!this.refused || paging.removed.length === 0) return undefined;
    const kept = new Set(paging.pages.map((page) => page.id));
    return this.knownIds.filter((id) => kept.has(id));
  }

  /** Records that the pages `removed` are gone from storage, and that the stored head lists `listed`. */
  madeRoom(removed: readonly number[], listed: readonly number[]): void {
    const gone = new Set(removed);
    this.storedIds = this.storedIds.filter((id) => !gone.has(id));
    this.knownIds = [...listed];
  }

  /**
   * Pages the log's failures, reusing the text of unchanged pages, and drops the oldest pages (from the
   * log too) while their text is over `budget`. The newest page always stays.
   */
  paginate(log: RequestLog, budget = FAILURE_TEXT_BUDGET): Paging {
    const firstSequence = Math.max(0, log.failed - log.failures.length);
    const pages: CachedPage[] = [];
    const changed: CachedPage[] = [];
    for (let start = 0; start < log.failures.length; ) {
      const id = Math.floor((firstSequence + start) / PAGE_SIZE);
      const end = Math.min(log.failures.length, (id + 1) * PAGE_SIZE - firstSequence);
      const first = log.failures[start]!;
      const last = log.failures[end - 1]!;
      const cached = this.cache.get(id);
      if (cached && cached.first === first && cached.last === last && cached.count === end - start) {
        pages.push(cached);
      } else {
        const page = { id, count: end - start, first, last, text: JSON.stringify(log.failures.slice(start, end).map(toPaged)) };
        pages.push(page);
        changed.push(page);
      }
      start = end;
    }
    let size = pages.reduce((sum, page) => sum + page.text.length, 0);
    let trimmed = 0;
    while (size > budget && pages.length > 1) {
      const oldest = pages.shift()!;
      size -= oldest.text.length;
      trimmed += oldest.count;
    }
    dropOldestFailures(log, trimmed);
    this.cache = new Map(pages.map((page) => [page.id, page]));
    const ids = new Set(pages.map((page) => page.id));
    const removed = this.storedIds.filter((id) => !ids.has(id));
    return { pages, changed: changed.filter((page) => ids.has(page.id)), removed, trimmed };
  }

  /** Records that these pages are now what storage holds. */
  written(paging: Paging): void {
    this.storedIds = paging.pages.map((page) => page.id);
    this.knownIds = this.storedIds;
    this.refused = false;
  }

  /**
   * After a failed write: any page of it may or may not be in storage, so every page is written again
   * next time and each of them is removed once it is no longer the log's.
   */
  failed(paging: Paging): void {
    this.refused = true;
    this.cache.clear();
    this.storedIds = [...new Set([...this.storedIds, ...paging.pages.map((page) => page.id)])];
  }
}
