import { isFailure, type OutcomeKey } from '../classify/outcome';
import type { RequestKind } from '../classify/request-kind';
import { counterCells, type Counters } from '../log/request-log';

/** The popup's compact kind × outcome table: one row per group of kinds the user thinks in. */
export interface MatrixRow {
  label: string;
  kinds: readonly RequestKind[];
  total: number;
  ok: number;
  failed: number;
  /** The most frequent failing outcomes, most frequent first. */
  failures: Array<{ outcome: OutcomeKey; count: number }>;
}

const ROWS: Array<[string, RequestKind[]]> = [
  ['Thumbnails', ['thumbnail']],
  ['Previews', ['preview', 'fullsize']],
  ['Originals', ['original']],
  ['Video', ['video']],
  ['Uploads', ['upload']],
  ['Faces & avatars', ['person-thumbnail', 'profile-image']],
  ['API', ['api']],
  ['WebSocket', ['websocket']],
  ['Web app', ['app-shell', 'page']],
  // Anything else the site served (a favicon, a file of another app): its failures count in the summary too.
  ['Other files', ['other']],
];

export function outcomeMatrix(counters: Counters): MatrixRow[] {
  const cells = counterCells(counters);
  return ROWS.map(([label, kinds]) => {
    const mine = cells.filter((cell) => kinds.includes(cell.kind) && cell.outcome !== 'aborted');
    const byOutcome = new Map<OutcomeKey, number>();
    for (const cell of mine) {
      if (isFailure(cell.kind, cell.outcome)) byOutcome.set(cell.outcome, (byOutcome.get(cell.outcome) ?? 0) + cell.count);
    }
    const failed = [...byOutcome.values()].reduce((sum, count) => sum + count, 0);
    const total = mine.reduce((sum, cell) => sum + cell.count, 0);
    return {
      label,
      kinds,
      total,
      ok: total - failed,
      failed,
      failures: [...byOutcome].map(([outcome, count]) => ({ outcome, count })).sort((a, b) => b.count - a.count).slice(0, 3),
    };
  });
}
