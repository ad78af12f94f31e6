import { causeById, checksFor } from '../utils/diagnose/catalog';
import type { Diagnosis } from '../utils/diagnose/diagnose';
import { evidenceSentences } from '../utils/present/evidence-text';
import { LAYER_NAMES, responderName, SCOPE_NAMES, SEVERITY_NAMES } from '../utils/present/labels';
import { CheckList } from './CheckList';
import { RequestList } from './RequestList';

/** One ranked cause: what, where, who answered, the evidence, why, and what to check in order. */
export function DiagnosisCard({ diagnosis, rank }: { diagnosis: Diagnosis; rank: number }) {
  const cause = causeById(diagnosis.cause);
  const { failing, healthy } = evidenceSentences(diagnosis);
  const percent = Math.round(diagnosis.confidence * 100);
  return (
    <details class={`card severity-${diagnosis.severity}`} open={rank === 0} data-cause={diagnosis.cause} data-responder={diagnosis.responder}>
      <summary>
        <span class="card-title">{cause.title}</span>
        <span class="tags">
          <span class={`tag severity`}>{SEVERITY_NAMES[diagnosis.severity]}</span>
          <span class="tag">{LAYER_NAMES[diagnosis.layer]}</span>
          <span class="tag">answered by {responderName(diagnosis.responder)}</span>
          {diagnosis.scope && <span class="tag">{SCOPE_NAMES[diagnosis.scope]}</span>}
          <span class="tag confidence" title="How strongly the requests point at this cause">
            {percent}% likely
          </span>
        </span>
      </summary>
      <ul class="evidence">
        {failing.map((line) => (
          <li key={line} class="failing">
            {line}
          </li>
        ))}
        {healthy.map((line) => (
          <li key={line} class="healthy">
            {line}
          </li>
        ))}
      </ul>
      <p class="explanation">{cause.explanation}</p>
      <h3>Check, in this order</h3>
      <CheckList checks={checksFor(diagnosis.cause, diagnosis.responder)} />
      {diagnosis.evidence.examples.length > 0 && (
        <>
          <h3>Example requests</h3>
          <RequestList requests={diagnosis.evidence.examples} />
        </>
      )}
    </details>
  );
}
