import type { RequestRecord } from '../utils/classify/classify-request';
import { kindName, outcomeName, responderName } from '../utils/present/labels';

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/**
 * Requests as a compact table: what came back, what was asked (its kind, the path beneath it), who
 * answered, when. The path shares its cell with the kind and breaks anywhere, so an asset's long path
 * takes the width the other columns leave instead of spilling into them or being cut off.
 */
export function RequestList({ requests }: { requests: readonly RequestRecord[] }) {
  return (
    <table class="requests">
      <thead>
        <tr>
          <th scope="col">Result</th>
          <th scope="col">Request</th>
          <th scope="col">From</th>
          <th scope="col">Time</th>
        </tr>
      </thead>
      <tbody>
        {requests.map((request, index) => (
          <tr key={`${request.time}-${index}`} class={request.failure ? 'failed' : 'ok'} data-kind={request.kind}>
            <td class="result">{outcomeName(request.outcome)}</td>
            <td>
              {kindName(request.kind, 1)}
              <code class="path" title={`${request.method} ${request.path}`}>
                {request.path}
              </code>
            </td>
            <td class="from">{responderName(request.responder)}</td>
            <td class="time">{time.format(request.time)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
