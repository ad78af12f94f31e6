import type { DiagnosisReport } from '../diagnose/diagnose';
import { checkedDiagnosis } from '../server-checks/checked-diagnosis';
import type { ServerCheckReport } from '../server-checks/types';
import type { ImportedServerChecks } from './export-fields';
import type { ImportResult } from './read-import';

/** The *Run checks* report an exported log carries, when it could be read. */
export const usableChecks = (checks: ImportedServerChecks | undefined): ServerCheckReport | undefined => (checks === 'unreadable' ? undefined : checks);

/**
 * An imported file's diagnosis as the popup and the exports make theirs: for the server's version the
 * log names (its steps' routes, paths and containers follow it), weighed by the *Run checks* report it
 * carries. The command line and the options page read a file with this one function, so they agree
 * (the options page once ignored the report, and both the version: a review).
 */
export function diagnoseImport(result: Extract<ImportResult, { ok: true }>): DiagnosisReport {
  return checkedDiagnosis(result.log, result.immichVersion, usableChecks(result.serverChecks));
}
