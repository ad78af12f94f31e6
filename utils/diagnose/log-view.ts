import type { RequestRecord } from '../classify/classify-request';
import { isFailure } from '../classify/outcome';
import type { RequestKind } from '../classify/request-kind';
import { counterCells, failedIn, type CounterCell, type RequestLog } from '../log/request-log';
import type { RequestFilter } from './cause';

function cellMatches(cell: CounterCell, filter: RequestFilter): boolean {
  return (
    (!filter.kinds || filter.kinds.includes(cell.kind)) &&
    (!filter.outcome || filter.outcome(cell.outcome)) &&
    (!filter.responder || filter.responder(cell.responder))
  );
}

function recordMatches(request: RequestRecord, filter: RequestFilter): boolean {
  return (
    isFailure(request.kind, request.outcome) &&
    (!filter.kinds || filter.kinds.includes(request.kind)) &&
    (!filter.outcome || filter.outcome(request.outcome)) &&
    (!filter.responder || filter.responder(request.responder)) &&
    (!filter.where || filter.where(request))
  );
}

/** Read-only queries over one origin's log, shared by every cause's detector. */
export class LogView {
  readonly cells: readonly CounterCell[];
  readonly failedTotal: number;

  constructor(readonly log: RequestLog) {
    this.cells = counterCells(log.counters);
    this.failedTotal = failedIn(this.cells);
  }

  /** Counter cells (exact) for a counter filter; record-based filters have no cells. */
  cellsOf(filter: RequestFilter): CounterCell[] {
    return filter.where ? [] : this.cells.filter((cell) => cellMatches(cell, filter));
  }

  /** The failure records a filter selects, most recent first. */
  recordsOf(filter: RequestFilter): RequestRecord[] {
    const found: RequestRecord[] = [];
    for (let index = this.log.failures.length - 1; index >= 0; index -= 1) {
      const request = this.log.failures[index]!;
      if (recordMatches(request, filter)) found.push(request);
    }
    return found;
  }

  /** How many requests a filter selects: exact from counters, or from the recent records for `where` filters. */
  count(filter: RequestFilter): number {
    if (filter.where) return this.recordsOf(filter).length;
    return this.cellsOf(filter).reduce((sum, cell) => sum + cell.count, 0);
  }

  has(filter: RequestFilter): boolean {
    return this.count(filter) > 0;
  }

  /** How many different routes the recent failures a filter selects hit: one broken endpoint, or the whole server. */
  routesOf(filter: RequestFilter): number {
    return new Set(this.recordsOf(filter).map((request) => request.route ?? request.kind)).size;
  }

  /** All requests of these kinds, aborted loads left out (they tell nothing either way). */
  totalOf(kinds: readonly RequestKind[]): number {
    return this.count({ kinds, outcome: (key) => key !== 'aborted' });
  }

  okOf(kinds: readonly RequestKind[]): number {
    return this.cells.reduce((sum, cell) => sum + (kinds.includes(cell.kind) && cell.outcome !== 'aborted' && !isFailure(cell.kind, cell.outcome) ? cell.count : 0), 0);
  }
}
