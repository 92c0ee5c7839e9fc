import { randomBytes } from 'node:crypto';
import { calendarDate, DATA_CATEGORIES, fieldError, PonteError, type RegisterSubject, type Subject } from '@ponte/contracts';
import { findUser, insertAssignment, insertSubject, type ScopedTx } from '@ponte/db';
import { worksOnCases, ensureCanCreate, needToKnowScopes } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { NO_CONSENTS } from '../consents/consent-state';
import { agencySlugOf, caseAbility, decideCategories, toSubjectRecord, viewSubject } from './subject-access';

/**
 * Registers a data subject in the principal's agency, assigned to a caseworker (by default the
 * person registering). Until a consent (or another legal basis) is recorded, none of the
 * personal data can be read back.
 */
export async function registerSubject({ ctx, input }: { ctx: Context; input: RegisterSubject }): Promise<Subject> {
  return withAudit(ctx, async (tx, log) => {
    const { principal } = ctx;
    const agencyId = principal.agencyId!;
    const fields = DATA_CATEGORIES.filter((c) => input[c] !== undefined);
    const base = { resource: 'Subject' as const, action: 'create', owningAgencyId: agencyId, fields };
    const { ability } = await caseAbility(tx, ctx);
    log.refusing(base, () =>
      ensureCanCreate(ability, 'Subject', { agencyId, id: '', assignedUserId: null, team: null, createdBy: principal.id, consentedCategories: [] }, 'role.cannot_register_subjects'),
    );
    const assignsSelf = principal.kind === 'user' && needToKnowScopes(principal).work.length > 0;
    const assigneeId = input.assignedUserId ?? (assignsSelf ? principal.id : null);
    if (!assigneeId && principal.kind === 'user')
      throw new PonteError('invalid_request', { en: 'Say which caseworker takes the subject', pt: 'Indique o técnico responsável pelo titular' }, [
        fieldError('body', ['assignedUserId'], 'required', { en: 'required when you do not work on cases yourself', pt: 'obrigatório quando não trabalha em casos' }),
      ]);
    const assignee = assigneeId ? await requireCaseworker(tx, assigneeId, 'assignedUserId') : undefined;
    const now = ctx.now();
    const birth = birthDateOf(input.identity, now);
    const row = await insertSubject(tx, {
      agency_id: agencyId,
      reference: `${(await agencySlugOf(tx, agencyId)).toUpperCase().slice(0, 12).replace(/-+$/, '')}-${randomBytes(5).toString('hex').toUpperCase()}`,
      assigned_user_id: assigneeId,
      team: input.team ?? assignee?.team ?? null,
      birth_date: birth.date,
      birth_date_estimated: birth.estimated,
      identity: JSON.stringify(input.identity),
      contact: json(input.contact),
      location: json(input.location),
      family: json(input.family),
      protection: json(input.protection),
      health: json(input.health),
      legal: json(input.legal),
      created_by: principal.id,
      created_at: now,
      updated_at: now,
    });
    await insertAssignment(tx, { agency_id: agencyId, subject_id: row.id, assigned_user_id: row.assigned_user_id, team: row.team, assigned_by: principal.id, reason: 'registration', assigned_at: now });
    log.allow({ ...base, resourceId: row.id, subjectId: row.id, rule: 'subject.register' });
    const subject = { row, consents: NO_CONSENTS, record: toSubjectRecord(row, NO_CONSENTS) };
    return viewSubject(row, await agencySlugOf(tx, agencyId), decideCategories(ctx, ability, subject));
  });
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** The date of birth, or one estimated from the age given today. */
export function birthDateOf(identity: { dateOfBirth?: string | undefined; estimatedAge?: number | undefined }, now: Date) {
  if (identity.dateOfBirth) return { date: identity.dateOfBirth, estimated: false };
  const today = calendarDate(now);
  const year = Number(today.slice(0, 4)) - (identity.estimatedAge ?? 0);
  return { date: `${String(year).padStart(4, '0')}${today.slice(4)}`.replace('-02-29', '-02-28'), estimated: true };
}

/** Whole years of age at `now`. */
export function ageAt(birthDate: string, now: Date): number {
  const today = calendarDate(now);
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** An active user of the agency who works on cases, or a 400 naming the field. */
export async function requireCaseworker(tx: ScopedTx, userId: string, field: string) {
  const user = await findUser(tx, userId);
  if (!user || user.status !== 'active' || !worksOnCases(user.roles))
    throw new PonteError('invalid_request', { en: 'The assignee must be an active caseworker of your agency', pt: 'O responsável tem de ser um técnico ativo da sua agência' }, [
      fieldError('body', [field], 'known_caseworker', { en: 'no active caseworker with this id in your agency', pt: 'nenhum técnico ativo com este id na sua agência' }),
    ]);
  return user;
}
