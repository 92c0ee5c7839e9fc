import { PonteError, type DocumentList } from '@ponte/contracts';
import { listDocumentsOfSubject } from '@ponte/db';
import type { Context } from '../context';
import { subjectOwnerOf } from '../referrals/referral-checks';
import { withAudit } from '../access-log/with-audit';
import { referralFacts } from '../referrals/referral-access';
import { caseAbility } from '../subjects/subject-access';
import { viewDocument } from './document-view';
import { referredDocuments } from './referred-documents';

/**
 * The receiving agency lists the referred subject's documents (metadata, newest first, at most
 * 200): only those whose category it may read of the subject now — shared by the referral, still
 * allowed by an active consent and an agreement in force, the referral accepted or in progress,
 * and the principal its assignee (or the team's supervisor). Logged for both agencies.
 */
export async function listReferralDocuments({ ctx, input }: { ctx: Context; input: { referralId: string } }): Promise<DocumentList> {
  return withAudit(
    ctx,
    async (tx, log, opened) => {
      const { ability } = await caseAbility(tx, ctx, { breakGlass: false });
      const { row, readable, explain } = await referredDocuments(tx, ctx, ability, log, opened, input.referralId, 'read');
      const base = { resource: 'ReferredDocument' as const, resourceId: row.id, action: 'read', subjectId: row.subject_id, owningAgencyId: subjectOwnerOf(row), purpose: row.purpose };
      if (readable.length === 0) {
        const rule = explain(row.shared_categories[0] ?? 'identity');
        throw log.refuse(
          { ...base, fields: row.shared_categories },
          new PonteError('forbidden', { en: `The referred subject's documents cannot be read now (${rule})`, pt: `Os documentos do titular encaminhado não podem ser lidos agora (${rule})` }, undefined, { rule }),
        );
      }
      const rows = await listDocumentsOfSubject(tx, { agencyId: subjectOwnerOf(row), subjectId: row.subject_id }, { categories: readable, limit: 200 });
      log.allow({ ...base, fields: readable, legalBasis: row.legal_basis, rule: 'referral.shared' });
      return { items: rows.map(viewDocument) };
    },
    { first: referralFacts(input.referralId) },
  );
}
