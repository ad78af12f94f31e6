import { diagnose, type DiagnosisReport } from '../diagnose/diagnose';
import type { RequestLog } from '../log/request-log';
import { weighByServerChecks } from './evidence';
import type { ServerCheckReport } from './types';

/**
 * A log's diagnosis as the popup shows it, for an export or an imported file: its steps those of the
 * server's version (the one the server or the file gave, else the one *Run checks* found: an Immich that
 * is down gives none), its causes weighed by the Run checks report. Apart from ./evidence.ts, which the
 * popup loads: this one brings the engine.
 */
export function checkedDiagnosis(log: RequestLog, serverVersion: string | undefined, checks: ServerCheckReport | undefined): DiagnosisReport {
  return weighByServerChecks(diagnose(log, { serverVersion: serverVersion ?? checks?.serverVersion }), checks);
}
