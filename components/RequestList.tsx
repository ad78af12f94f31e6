import type { RequestRecord } from '../utils/classify/classify-request';
import { kindName, outcomeName, responderName } from '../utils/present/labels';

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Requests as a compact table: what came back, what was asked, the path, who answered, when. */
export function RequestList({ requests }: { requests: readonly RequestRecord[] }) {
  return (
    <table class="requests">
      <thead>
        <tr>
          <th scope="col">Result</th>
          <th scope="col">Kind</th>
          <th scope="col">Path</th>
          <th scope="col">From</th>
          <th scope="col">Time</th>
        </tr>
      </thead>
      <tbody>
        {requests.map((request, index) => (
          <tr key={`${request.time}-${index}`} class={request.failure ? 'failed' : 'ok'}>
            <td class="result">{outcomeName(request.outcome)}</td>
            <td>{kindName(request.kind, 1)}</td>
            <td class="path" title={`${request.method} ${request.path}`}>
              {request.path}
            </td>
            <td>{responderName(request.responder)}</td>
            <td class="time">{time.format(request.time)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
