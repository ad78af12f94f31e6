import { createContext, Fragment, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { Remedy } from '../utils/diagnose/cause';
import type { Diagnosis } from '../utils/diagnose/diagnose';
import { checkEvidenceSentences, consequenceSentence, diagnosisTags, evidenceSentences } from '../utils/present/evidence-text';
import { CheckList } from './CheckList';
import { RequestList } from './RequestList';

/**
 * How a card offers what the extension can do itself about its cause (`diagnosis.remedies`), after the
 * card's own checks. The popup provides the action (Clear site data); elsewhere (a HAR analysed on the
 * options page) the card says where to find it.
 */
export const RemedyOffer = createContext<(remedy: Remedy, diagnosis: Diagnosis) => ComponentChildren>(() => (
  <p>
    Clear this site's data in the browser and log in again: Immich Doctor's popup on that site has <strong>Clear site data…</strong>.
  </p>
));

/** One ranked cause: what, where, who answered, the evidence, why, and what to check in order. */
export function DiagnosisCard({ diagnosis, rank }: { diagnosis: Diagnosis; rank: number }) {
  const { failing, healthy } = evidenceSentences(diagnosis);
  const tags = diagnosisTags(diagnosis);
  const offer = useContext(RemedyOffer);
  return (
    <details class={`card severity-${diagnosis.severity}`} open={rank === 0} data-cause={diagnosis.cause} data-responder={diagnosis.responder} data-consequence-of={diagnosis.consequenceOf?.cause}>
      <summary>
        <span class="card-title">{diagnosis.title}</span>
        <span class="tags">
          {tags.map((tag) => (
            <span key={tag.kind} class={`tag ${tag.kind}`} title={tag.title}>
              {tag.text}
            </span>
          ))}
        </span>
      </summary>
      {diagnosis.consequenceOf && <p class="consequence">{consequenceSentence(diagnosis)}</p>}
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
        {checkEvidenceSentences(diagnosis).map(({ text, verdict }) => (
          <li key={text} class={`check-${verdict}`} data-check-verdict={verdict}>
            {text}
          </li>
        ))}
      </ul>
      <p class="explanation">{diagnosis.explanation}</p>
      <h3>Check, in this order</h3>
      <CheckList checks={diagnosis.checks} startHere={rank === 0} />
      {diagnosis.remedies.length > 0 && (
        <div class="remedy" data-remedies={diagnosis.remedies.join(' ')}>
          <h3>If the steps above did not help</h3>
          {diagnosis.remedies.map((remedy) => (
            <Fragment key={remedy}>{offer(remedy, diagnosis)}</Fragment>
          ))}
        </div>
      )}
      {diagnosis.evidence.examples.length > 0 && (
        // The evidence above already counts these failures: the requests themselves are for who wants them.
        <details class="examples" data-details="examples">
          <summary>Example requests ({diagnosis.evidence.examples.length})</summary>
          <RequestList requests={diagnosis.evidence.examples} />
        </details>
      )}
    </details>
  );
}
