import { PonteError, type AssignSubject, type Subject } from '@ponte/contracts';
import { insertAssignment, updateSubject as updateSubjectRow } from '@ponte/db';
import { requireCaseworker } from './register-subject';
import { mayKnow, tag } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { ensureNotTransferred } from '../transfers/transferred-record';
import { ensureNotErased } from './erased-record';
import { agencySlugOf, caseAbility, decideCategories, loadSubject, subjectChanged, subjectNotFound, toSubjectRecord, viewSubject } from './subject-access';

/** A supervisor reassigns a subject to a caseworker (and team); the history keeps who, when and why. */
export async function assignSubject({ ctx, input }: { ctx: Context; input: { id: string; assignment: AssignSubject; expectedVersion?: number | undefined } }): Promise<Subject> {
  return withAudit(ctx, async (tx, log) => {
    const subject = await loadSubject(tx, ctx, log, input.id, 'assign', 'update');
    const { ability } = await caseAbility(tx, ctx);
    const base = { resource: 'Subject' as const, resourceId: subject.row.id, subjectId: subject.row.id, owningAgencyId: subject.row.agency_id, action: 'assign' };
    if (!mayKnow(ability, 'Subject', subject.record)) throw log.refuse(base, subjectNotFound('need_to_know'));
    if (!ability.can('assign', tag('Subject', subject.record)))
      throw log.refuse(
        base,
        new PonteError('forbidden', { en: "Only the team's supervisor may reassign this subject", pt: 'Só o supervisor da equipa pode reatribuir este titular' }, undefined, {
          rule: 'role.cannot_assign',
        }),
      );
    ensureNotTransferred(ctx, log, subject, base);
    ensureNotErased(log, subject, base);
    const { assignedUserId, reason } = input.assignment;
    const assignee = assignedUserId ? await requireCaseworker(tx, assignedUserId, 'assignedUserId') : undefined;
    const team = input.assignment.team === undefined ? (assignee?.team ?? subject.row.team) : input.assignment.team;
    const now = ctx.now();
    const row = await updateSubjectRow(tx, subject.row.id, input.expectedVersion ?? subject.row.version, { assigned_user_id: assignedUserId, team }, now);
    if (!row) throw subjectChanged(subject.row.version);
    await insertAssignment(tx, { agency_id: row.agency_id, subject_id: row.id, assigned_user_id: assignedUserId, team, assigned_by: ctx.principal.id, reason, assigned_at: now });
    log.allow({ ...base, rule: 'supervisor.assign' });
    const updated = { ...subject, row: row, record: toSubjectRecord(row, subject.consents) };
    return viewSubject(row, await agencySlugOf(tx, row.agency_id), decideCategories(ctx, ability, updated));
  });
}
