import { DATA_CATEGORIES, PonteError } from '@ponte/contracts';
import { readAtCommit, subjectQuery, type SubjectRow } from '@ponte/db';
import { explainReferredRead, isAcceptedReferral } from '@ponte/policy';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { caseAbility } from '../subjects/subject-access';
import { subjectOwnerOf } from './referral-checks';
import { iso } from '../util';
import { loadReferral, referralAccess, referralFacts, referralFactsOf } from './referral-access';

/**
 * The receiving agency reads the referred subject: only the shared categories that an active
 * consent (its latest version, still naming the recipient and the purpose) and an agreement in
 * force still allow, only while the referral is open, and only its assigned caseworker (or the
 * team's supervisor). Each read is logged for both agencies to review.
 *
 * Two round trips: the facts are read as the unit opens (with the request's account check); the
 * policy decides in memory; the subject's row is read with the commit that logs the read.
 */
export async function readReferredSubject({ ctx, input }: { ctx: Context; input: { referralId: string } }) {
  const read = await withAudit(
    ctx,
    async (tx, log, opened) => {
      // Break-glass grants open the agency's own subjects, never a referred one: no need to load them.
      const { ability } = await caseAbility(tx, ctx, { breakGlass: false });
      const { row: found, facts } = referralFactsOf(opened);
      const loaded = await loadReferral(tx, ctx, ability, log, input.referralId, 'read', { found: { row: found } });
      const { row, side } = loaded;
      const base = { resource: 'ReferredSubject' as const, resourceId: row.id, action: 'read', subjectId: row.subject_id, owningAgencyId: subjectOwnerOf(row), purpose: row.purpose };
      // The sending agency may know the referral, and reads its own subject where it always does.
      if (side === 'sender')
        throw log.refuse(
          base,
          new PonteError('forbidden', { en: 'Read your own subject at /v1/subjects/{id}', pt: 'Leia o seu próprio titular em /v1/subjects/{id}' }, undefined, { rule: 'referral.read_subject_in_own_agency' }),
        );
      const access = await referralAccess(tx, ctx, ability, loaded, facts);
      const record = access.record ?? {
        recipientAgencyId: row.recipient_agency_id,
        recipientAssigneeId: row.recipient_assignee_id,
        recipientTeam: row.recipient_team,
        open: isAcceptedReferral(row.status),
        readableCategories: [],
      };
      const explain = (category: string) => explainReferredRead(ability, record, category, access.basis?.decision ?? { consentHolds: false, agreement: -1 });
      const withheld = DATA_CATEGORIES.filter((c) => !access.readable.includes(c)).map((category) => ({ category, rule: explain(category) }));
      if (access.readable.length === 0) {
        const rule = explain(row.shared_categories[0] ?? 'identity');
        throw log.refuse(
          { ...base, fields: row.shared_categories },
          new PonteError('forbidden', { en: `The referred subject's data cannot be read now (${rule})`, pt: `Os dados do titular encaminhado não podem ser lidos agora (${rule})` }, undefined, { rule }),
        );
      }
      log.allow({ ...base, fields: access.readable, legalBasis: row.legal_basis, rule: 'referral.shared' });
      // Read with the commit that logs it: the referral, held open by its lock, lets the recipient see the row.
      return { row, access, withheld, subject: readAtCommit(tx, subjectQuery(tx, row.subject_id)) };
    },
    { first: referralFacts(input.referralId) },
  );
  const subject = read.subject.rows[0] as SubjectRow | undefined;
  if (!subject) throw new Error('the referred subject was not readable, though its open referral was held');
  const data: Record<string, unknown> = {};
  for (const category of read.access.readable) if (subject[category] !== null) data[category] = subject[category];
  return { referralId: read.row.id, reference: subject.reference, readAt: iso(ctx.now()), data, access: { readable: read.access.readable, withheld: read.withheld } };
}
