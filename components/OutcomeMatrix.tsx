import type { Counters } from '../utils/log/request-log';
import { outcomeName } from '../utils/present/labels';
import { outcomeMatrix } from '../utils/present/matrix';

/** What was asked × what came back, in one compact table. */
export function OutcomeMatrix({ counters }: { counters: Counters }) {
  const rows = outcomeMatrix(counters).filter((row) => row.total > 0);
  if (rows.length === 0) return null;
  return (
    <table class="matrix" aria-label="Requests by kind and outcome">
      <thead>
        <tr>
          <th scope="col">Requests</th>
          <th scope="col">OK</th>
          <th scope="col">Failed</th>
          <th scope="col">Failures</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.label} class={row.failed > 0 ? 'has-failures' : ''}>
            <th scope="row">{row.label}</th>
            <td>{row.ok}</td>
            <td class="failed-count">{row.failed}</td>
            <td>{row.failures.map((failure) => `${outcomeName(failure.outcome)} ×${failure.count}`).join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
