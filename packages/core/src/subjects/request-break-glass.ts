import { findSubjectIdByReference, insertBreakGlassGrant } from '@ponte/db';
import { breakGlassExpiry, refusalOn, tag } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { iso } from '../util';
import { caseAbility, loadSubject } from './subject-access';
import { ensureNotErased } from './erased-record';

/** No subject has it: a reference that names none is refused like an unknown id. */
const NIL = '00000000-0000-0000-0000-000000000000';

/**
 * Emergency access to a subject of one's own agency outside need-to-know: a written
 * justification, a time limit, and a flag for privacy-officer review. Consent still applies.
 */
export async function requestBreakGlass({ ctx, input }: { ctx: Context; input: ({ subjectId: string } | { reference: string }) & { justification: string } }) {
  return withAudit(ctx, async (tx, log) => {
    // Outside need-to-know a caseworker knows the subject by the reference on its case file.
    const id = 'subjectId' in input ? input.subjectId : ((await findSubjectIdByReference(tx, input.reference)) ?? NIL);
    const subject = await loadSubject(tx, ctx, log, id, 'break_glass', 'share');
    const { ability } = await caseAbility(tx, ctx);
    const base = { resource: 'Subject' as const, resourceId: subject.row.id, subjectId: subject.row.id, owningAgencyId: subject.row.agency_id, action: 'break_glass', breakGlass: true };
    if (!ability.can('break_glass', tag('Subject', subject.record)))
      throw log.refuse(
        base,
        refusalOn(ability, 'Subject', subject.record, 'role.no_case_data', {
          en: 'Your role may not request emergency access to case data',
          pt: 'A sua função não pode pedir acesso de emergência a dados de casos',
        }),
      );
    ensureNotErased(log, subject, base);
    const now = ctx.now();
    const grant = await insertBreakGlassGrant(tx, {
      agency_id: subject.row.agency_id,
      subject_id: subject.row.id,
      user_id: ctx.principal.id,
      justification: input.justification,
      granted_at: now,
      expires_at: breakGlassExpiry(now, ctx.settings.breakGlassMinutes),
    });
    log.allow({ ...base, resourceId: grant.id, rule: 'break_glass.granted' });
    ctx.logger.warn({ event: 'break_glass.granted', grantId: grant.id }, 'break-glass access granted; flagged for review');
    return { id: grant.id, subjectId: grant.subject_id, grantedAt: iso(grant.granted_at), expiresAt: iso(grant.expires_at), flaggedForReview: true };
  });
}
