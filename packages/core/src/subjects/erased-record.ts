import { PonteError, type RuleCode } from '@ponte/contracts';
import type { AccessLog, AccessRecord } from '@ponte/audit';
import { mayKnow, type AppAbility, type SubjectRecords } from '@ponte/policy';
import type { SubjectRow } from '@ponte/db';
import { iso } from '../util';
import { subjectNotFound } from './subject-access';

/** Whether the subject is a tombstone: its personal data was erased. */
export const isErased = (row: Pick<SubjectRow, 'erased_at'>): boolean => row.erased_at !== null;

/** 409 `subject.erased`: nothing more is recorded on, read of or done with an erased subject. */
export function subjectErased(row: Pick<SubjectRow, 'erased_at'>): PonteError {
  return new PonteError(
    'conflict',
    { en: 'The subject was erased: only its tombstone remains', pt: 'O titular foi apagado: só resta o seu registo de apagamento' },
    undefined,
    { rule: 'subject.erased' satisfies RuleCode, erasedAt: iso(row.erased_at!) },
  );
}

/**
 * Refuses a change to (or a referral, consent or transfer of) an erased subject: 409 naming
 * `subject.erased`, logged as a denial. Called after the verb's own rules, so whoever may not
 * know the subject still gets 404.
 */
export function ensureNotErased(log: AccessLog, subject: { row: Pick<SubjectRow, 'erased_at'> }, refused: Omit<AccessRecord, 'rule'>): void {
  if (!isErased(subject.row)) return;
  throw log.refuse(refused, subjectErased(subject.row));
}

/** 410 `gone` (rule `subject.erased`): a read of an erased subject; its tombstone is at `/v1/subjects/{id}/erasure`. */
export function subjectGone(row: Pick<SubjectRow, 'id' | 'erased_at'>): PonteError {
  return new PonteError(
    'gone',
    { en: 'The subject was erased: read its tombstone at /v1/subjects/{id}/erasure', pt: 'O titular foi apagado: leia o seu registo de apagamento em /v1/subjects/{id}/erasure' },
    undefined,
    { rule: 'subject.erased' satisfies RuleCode, erasedAt: iso(row.erased_at!), tombstone: `/v1/subjects/${row.id}/erasure` },
  );
}

/**
 * Refuses a read of an erased subject (its record, its documents): 410 `gone` to whoever may know
 * it, pointing to its tombstone, 404 to anyone else; logged as a denial. Called before the read's
 * own rules, which would otherwise name the consents the erasure ended.
 */
export function ensureNotGone(log: AccessLog, ability: AppAbility, subject: { row: Pick<SubjectRow, 'id' | 'erased_at'>; record: SubjectRecords['Subject'] }, refused: Omit<AccessRecord, 'rule'>): void {
  if (!isErased(subject.row)) return;
  throw log.refuse(refused, mayKnow(ability, 'Subject', subject.record) ? subjectGone(subject.row) : subjectNotFound('need_to_know'));
}
