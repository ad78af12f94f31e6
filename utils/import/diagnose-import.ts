import { diagnose, type DiagnosisReport } from '../diagnose/diagnose';
import { weighByServerChecks } from '../server-checks/evidence';
import type { ServerCheckReport } from '../server-checks/types';
import type { ImportedServerChecks } from './log-reader';
import type { ImportResult } from './read-import';

/** The *Run checks* report an exported log carries, when it could be read. */
export const usableChecks = (checks: ImportedServerChecks | undefined): ServerCheckReport | undefined => (checks === 'unreadable' ? undefined : checks);

/**
 * An imported file's diagnosis, weighed by the *Run checks* report its log carries, as the popup and
 * the exports weigh theirs: the command line and the options page read a file with this one function,
 * so they agree (the options page once ignored the report: a review).
 */
export function diagnoseImport(result: Extract<ImportResult, { ok: true }>): DiagnosisReport {
  return weighByServerChecks(diagnose(result.log), usableChecks(result.serverChecks));
}
