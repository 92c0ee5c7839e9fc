import { PonteError, type LegalHold } from '@ponte/contracts';
import { findActiveLegalHold, insertLegalHold, isUniqueViolation, legalHoldsOf, releaseLegalHoldRow } from '@ponte/db';
import { grantingRule, mayKnow, tag } from '@ponte/policy';
import type { AccessLog } from '@ponte/audit';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { ensureNotErased } from './erased-record';
import { toLegalHold } from './legal-holds';
import { caseAbility, loadSubject, subjectNotFound, type LoadedSubject } from './subject-access';
import type { AppAbility } from '@ponte/policy';

/** Refuses who may not place or release a hold on this subject: 403 `Subject.hold` to who may know it, 404 otherwise. */
function ensureMayHold(ability: AppAbility, log: AccessLog, subject: LoadedSubject, base: Parameters<AccessLog['refuse']>[0]) {
  if (ability.can('hold', tag('Subject', subject.record))) return;
  throw log.refuse(
    base,
    mayKnow(ability, 'Subject', subject.record)
      ? new PonteError('forbidden', { en: "Only the subject's supervisor or the agency's privacy officer may place or release a legal hold", pt: 'Só o supervisor do titular ou o encarregado de proteção de dados da agência podem colocar ou levantar uma retenção legal' }, undefined, {
          rule: 'Subject.hold',
        })
      : subjectNotFound('need_to_know'),
  );
}

/**
 * Places a legal hold on one of the agency's subjects: while it is active, the subject may not be
 * erased, by request or by retention. At most one active hold per subject (409
 * `legal_hold.already_active`); none on an erased subject (409 `subject.erased`).
 */
export async function placeLegalHold({ ctx, input }: { ctx: Context; input: { subjectId: string; reason: string } }): Promise<LegalHold> {
  return withAudit(ctx, async (tx, log) => {
    const subject = await loadSubject(tx, ctx, log, input.subjectId, 'hold', 'update');
    const { ability } = await caseAbility(tx, ctx);
    const base = { resource: 'Subject' as const, resourceId: subject.row.id, subjectId: subject.row.id, owningAgencyId: subject.row.agency_id, action: 'hold' };
    ensureMayHold(ability, log, subject, base);
    ensureNotErased(log, subject, base);
    if (await findActiveLegalHold(tx, subject.row.agency_id, subject.row.id)) throw log.refuse(base, alreadyHeld());
    let row;
    try {
      row = await insertLegalHold(tx, { agency_id: subject.row.agency_id, subject_id: subject.row.id, reason: input.reason, placed_by: ctx.principal.id, placed_at: ctx.now() });
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyHeld();
      throw error;
    }
    log.allow({ ...base, rule: grantingRule(ability, 'hold', 'Subject', subject.record) ?? 'legal_hold.place' });
    return toLegalHold(row);
  });
}

/** Releases a subject's active legal hold, with a reason: the subject may be erased again. */
export async function releaseLegalHold({ ctx, input }: { ctx: Context; input: { subjectId: string; holdId: string; reason: string } }): Promise<LegalHold> {
  return withAudit(ctx, async (tx, log) => {
    const subject = await loadSubject(tx, ctx, log, input.subjectId, 'release_hold', 'update');
    const { ability } = await caseAbility(tx, ctx);
    const base = { resource: 'Subject' as const, resourceId: subject.row.id, subjectId: subject.row.id, owningAgencyId: subject.row.agency_id, action: 'release_hold' };
    ensureMayHold(ability, log, subject, base);
    const hold = (await legalHoldsOf(tx, subject.row.agency_id, subject.row.id)).find((h) => h.id === input.holdId);
    if (!hold) throw log.refuse(base, new PonteError('not_found', { en: 'No such legal hold on this subject', pt: 'Não existe esta retenção legal sobre este titular' }, undefined, { rule: 'legal_hold.not_active' }));
    const released = hold.released_at === null ? await releaseLegalHoldRow(tx, hold.id, { by: ctx.principal.id, at: ctx.now(), reason: input.reason }) : undefined;
    if (!released)
      throw log.refuse(base, new PonteError('conflict', { en: 'This legal hold was already released', pt: 'Esta retenção legal já foi levantada' }, undefined, { rule: 'legal_hold.not_active' }));
    log.allow({ ...base, rule: grantingRule(ability, 'hold', 'Subject', subject.record) ?? 'legal_hold.release' });
    return toLegalHold(released);
  });
}

/** The legal holds of one of the agency's subjects, newest first: for whoever may know the subject. */
export async function listLegalHolds({ ctx, input }: { ctx: Context; input: { subjectId: string } }): Promise<{ items: LegalHold[] }> {
  return withAudit(ctx, async (tx, log) => {
    const subject = await loadSubject(tx, ctx, log, input.subjectId, 'list_holds', 'share');
    const { ability } = await caseAbility(tx, ctx);
    const base = { resource: 'Subject' as const, resourceId: subject.row.id, subjectId: subject.row.id, owningAgencyId: subject.row.agency_id, action: 'list_holds' };
    if (!mayKnow(ability, 'Subject', subject.record)) throw log.refuse(base, subjectNotFound('need_to_know'));
    const rows = await legalHoldsOf(tx, subject.row.agency_id, subject.row.id);
    log.allow({ ...base, rule: knowingRule(ability, subject) });
    return { items: rows.map(toLegalHold) };
  });
}

/** The rule by which the principal knows of the subject (works on it, or reviews for the agency). */
export function knowingRule(ability: AppAbility, subject: LoadedSubject) {
  return grantingRule(ability, 'read', 'Subject', subject.record, 'summary') ?? grantingRule(ability, 'know', 'Subject', subject.record) ?? 'need_to_know';
}

const alreadyHeld = () =>
  new PonteError('conflict', { en: 'The subject is already under a legal hold', pt: 'O titular já está sob retenção legal' }, undefined, { rule: 'legal_hold.already_active' });
