import type { VerificationReport } from '@ponte/audit';
import { PonteError, type RuleCode } from '@ponte/contracts';
import type { LogVerificationRow } from '@ponte/db';
import { iso, isoOrNull } from '../util';

/** A verification as the API shows it: where it stands, how far it got, and its report once done. */
export function toLogVerification(row: LogVerificationRow) {
  return {
    id: row.id,
    status: row.status,
    checked: Number(row.checked),
    total: row.total === null ? null : Number(row.total),
    report: row.status === 'done' ? (row.report as unknown as VerificationReport) : null,
    failure: row.status === 'failed' ? String((row.report as { error?: unknown } | null)?.error ?? 'could_not_finish') : null,
    witnessGiven: row.witness !== null,
    createdAt: iso(row.created_at),
    startedAt: isoOrNull(row.started_at),
    finishedAt: isoOrNull(row.finished_at),
  };
}

export const noSuchVerification = (rule: RuleCode) =>
  new PonteError('not_found', { en: 'No such verification for your agency', pt: 'Não existe esta verificação para a sua agência' }, undefined, { rule });
