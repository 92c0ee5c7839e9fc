import { PonteError } from '@ponte/contracts';
import { findDocument } from '@ponte/db';
import type { Context } from '../context';
import { withAudit } from '../access-log/with-audit';
import { referralFacts } from '../referrals/referral-access';
import { caseAbility } from '../subjects/subject-access';
import { documentNotFound, downloadOf, type DocumentDownload } from './document-access';
import { referredDocuments } from './referred-documents';

/**
 * The receiving agency downloads one of the referred subject's documents: only while its category
 * may be read of the subject (see `listReferralDocuments`). A document of a category the referral
 * does not share, or of a referral not accepted or closed, is not found (row-level security hides
 * it too); one it shares that the principal may not read now is refused naming the rule (consent
 * withdrawn, agreement ended, not assigned). Logged as a `download` of the `ReferredDocument`
 * with its category, for both agencies' privacy officers.
 */
export async function downloadReferralDocument({ ctx, input }: { ctx: Context; input: { referralId: string; documentId: string } }): Promise<DocumentDownload> {
  return withAudit(
    ctx,
    async (tx, log, opened) => {
      const { ability } = await caseAbility(tx, ctx, { breakGlass: false });
      const { row: referral, record, readable, explain } = await referredDocuments(tx, ctx, ability, log, opened, input.referralId, 'download', input.documentId);
      const base = { resource: 'ReferredDocument' as const, resourceId: input.documentId, action: 'download', subjectId: referral.subject_id, owningAgencyId: referral.agency_id, purpose: referral.purpose };
      const row = record.open && referral.shared_categories.length > 0 ? await findDocument(tx, { agencyId: referral.agency_id, subjectId: referral.subject_id, id: input.documentId }) : undefined;
      if (!row || !referral.shared_categories.includes(row.category)) throw log.refuse(base, documentNotFound(record.open ? 'referral.category_not_shared' : 'referral.not_open'));
      const logged = { ...base, fields: [row.category] };
      if (!readable.includes(row.category as (typeof readable)[number])) {
        const rule = explain(row.category);
        throw log.refuse(logged, new PonteError('forbidden', { en: `This document cannot be read now (${rule})`, pt: `Este documento não pode ser lido agora (${rule})` }, undefined, { rule }));
      }
      log.allow({ ...logged, legalBasis: referral.legal_basis, rule: 'referral.shared' });
      return downloadOf(ctx, row);
    },
    { first: referralFacts(input.referralId) },
  );
}
