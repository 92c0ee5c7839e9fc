import { PonteError } from '@ponte/contracts';
import { findDocument } from '@ponte/db';
import type { Context } from '../context';
import { subjectOwnerOf } from '../referrals/referral-checks';
import { withAudit } from '../access-log/with-audit';
import { referralFacts } from '../referrals/referral-access';
import { caseAbility } from '../subjects/subject-access';
import { documentNotFound, downloadOf, type DocumentDownload } from './document-access';
import { referredDocuments } from './referred-documents';

/**
 * The receiving agency downloads one of the referred subject's documents: only while its category
 * may be read of the subject (see `listReferralDocuments`). A referral not accepted, or closed, is
 * refused as its subject's data is (403 naming the rule); a document of a category it does not
 * share is not found (row-level security hides it too); one it shares that the principal may not read now is refused naming the rule (consent
 * withdrawn, agreement ended, not assigned). Logged as a `download` of the `ReferredDocument`
 * with its category, for both agencies' privacy officers.
 */
export async function downloadReferralDocument({ ctx, input }: { ctx: Context; input: { referralId: string; documentId: string } }): Promise<DocumentDownload> {
  return withAudit(
    ctx,
    async (tx, log, opened) => {
      const { ability } = await caseAbility(tx, ctx, { breakGlass: false });
      const { row: referral, record, readable, explain } = await referredDocuments(tx, ctx, ability, log, opened, input.referralId, 'download', input.documentId);
      const base = { resource: 'ReferredDocument' as const, resourceId: input.documentId, action: 'download', subjectId: referral.subject_id, owningAgencyId: subjectOwnerOf(referral), purpose: referral.purpose };
      // A referral not (or no longer) open shares nothing: refused as its subject's data is, before any document is looked for.
      if (!record.open) {
        const rule = explain(referral.shared_categories[0] ?? 'identity');
        throw log.refuse(base, new PonteError('forbidden', { en: `The referred subject's documents cannot be read now (${rule})`, pt: `Os documentos do titular encaminhado não podem ser lidos agora (${rule})` }, undefined, { rule }));
      }
      const row = await findDocument(tx, { agencyId: subjectOwnerOf(referral), subjectId: referral.subject_id, id: input.documentId });
      if (!row || !referral.shared_categories.includes(row.category)) throw log.refuse(base, documentNotFound('referral.category_not_shared'));
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
