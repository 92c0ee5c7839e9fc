import { PonteError, type DataCategory } from '@ponte/contracts';
import type { AccessLog } from '@ponte/audit';
import type { Opened, ReferralRow, ScopedTx } from '@ponte/db';
import { explainReferredRead, isAcceptedReferral, type AppAbility, type ReferredSubjectRecord } from '@ponte/policy';
import type { Context } from '../context';
import { subjectOwnerOf } from '../referrals/referral-checks';
import { loadReferral, referralAccess, referralFactsOf } from '../referrals/referral-access';
import { referredDocumentCategories } from './document-access';

/** What the receiving side may read of a referred subject's documents now, decided as its data is. */
export interface ReferredDocuments {
  row: ReferralRow;
  record: ReferredSubjectRecord;
  readable: DataCategory[];
  /** The rule that refuses a category (the same explanation as for the subject's data). */
  explain: (category: string) => ReturnType<typeof explainReferredRead>;
}

/**
 * A referral seen from its receiving side, for its subject's documents: loaded as a read of the
 * referral (404 when the principal may not know of it), refused to the sending side (its own
 * subject's documents are read at `/v1/subjects/{id}/documents`), then decided as the referred
 * subject's data is (`referralAccess`: open, consent and agreement holding, what was shared,
 * assignment), by the `ReferredDocument` rules, the category as the field.
 */
export async function referredDocuments(tx: ScopedTx, ctx: Context, ability: AppAbility, log: AccessLog, opened: Opened, id: string, action: 'read' | 'download', documentId?: string): Promise<ReferredDocuments> {
  const { row: found, facts } = referralFactsOf(opened);
  const loaded = await loadReferral(tx, ctx, ability, log, id, 'read', { found: { row: found } });
  const { row, side } = loaded;
  if (side === 'sender')
    throw log.refuse(
      { resource: 'ReferredDocument', resourceId: documentId ?? row.id, action, subjectId: row.subject_id, owningAgencyId: subjectOwnerOf(row), purpose: row.purpose },
      new PonteError('forbidden', { en: "Read your own subject's documents at /v1/subjects/{id}/documents", pt: 'Leia os documentos do seu próprio titular em /v1/subjects/{id}/documents' }, undefined, {
        rule: 'referral.read_subject_in_own_agency',
      }),
    );
  const access = await referralAccess(tx, ctx, ability, loaded, facts);
  const record = access.record ?? {
    recipientAgencyId: row.recipient_agency_id,
    recipientAssigneeId: row.recipient_assignee_id,
    recipientTeam: row.recipient_team,
    open: isAcceptedReferral(row.status),
    readableCategories: [],
  };
  const decision = access.basis?.decision ?? { consentHolds: false, agreement: -1 };
  return { row, record, readable: referredDocumentCategories(ability, record), explain: (category) => explainReferredRead(ability, record, category, decision) };
}
