import type { DiagnosisReport } from '../utils/diagnose/diagnose';
import { DiagnosisCard } from './DiagnosisCard';

/** The ranked diagnoses, or what to say when there are none. Shared by the popup and the HAR analysis. */
export function DiagnosisList({ report, emptyLog }: { report: DiagnosisReport; emptyLog: string }) {
  if (report.healthy) {
    return <p class="healthy-state">{report.requests === 0 ? emptyLog : 'No failures: every request succeeded. If photos still do not show, reload the Immich tab.'}</p>;
  }
  if (report.diagnoses.length === 0) return <p class="unexplained">Some requests failed, but they match no known pattern. The list below shows them.</p>;
  return (
    <div class="diagnoses">
      <h2>Most likely causes</h2>
      {report.diagnoses.map((diagnosis, rank) => (
        <DiagnosisCard key={diagnosis.cause} diagnosis={diagnosis} rank={rank} />
      ))}
    </div>
  );
}
