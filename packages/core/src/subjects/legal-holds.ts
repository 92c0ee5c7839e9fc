import { PonteError, type LegalHold, type RuleCode } from '@ponte/contracts';
import { subjectsUnderLegalHold, type LegalHoldRow, type ScopedTx } from '@ponte/db';
import { iso, isoOrNull } from '../util';

/** Of these subjects of the agency, those under an active legal hold (the retention job skips them). */
export function legalHoldsAmong(tx: ScopedTx, agencyId: string, subjectIds: readonly string[]): Promise<Set<string>> {
  return subjectsUnderLegalHold(tx, agencyId, subjectIds);
}

/** 409 `subject.legal_hold`: the subject may not be erased while a hold is active (its reason stays with the agency). */
export function legalHoldRefusal(hold: Pick<LegalHoldRow, 'id' | 'placed_at'>): PonteError {
  return new PonteError(
    'conflict',
    {
      en: 'The subject is under a legal hold: it may not be erased until the hold is released',
      pt: 'O titular está sob retenção legal: não pode ser apagado até a retenção ser levantada',
    },
    undefined,
    { rule: 'subject.legal_hold' satisfies RuleCode, legalHoldId: hold.id, placedAt: iso(hold.placed_at) },
  );
}

export function toLegalHold(row: LegalHoldRow): LegalHold {
  return {
    id: row.id,
    subjectId: row.subject_id,
    reason: row.reason,
    placedBy: row.placed_by,
    placedAt: iso(row.placed_at),
    releasedBy: row.released_by,
    releasedAt: isoOrNull(row.released_at),
    releaseReason: row.release_reason,
    active: row.released_at === null,
  };
}
