import { sql } from 'kysely';
import type { ReferralStatus } from '@ponte/contracts';
import { atCommit, type ScopedTx } from '../scope';
import type { NewReferralRectification, ReferralRow } from '../schema';

/**
 * The referrals of a subject the agency owns, in one of `statuses`, that share any of `categories`:
 * those it sent, and the onward referrals down every chain it began (a correction reaches them all).
 */
export function referralsSharingOfSubject(tx: ScopedTx, ownerAgencyId: string, subjectId: string, categories: readonly string[], statuses: readonly ReferralStatus[]): Promise<ReferralRow[]> {
  return tx
    .selectFrom('referrals')
    .selectAll()
    .where((eb) => eb.or([eb('agency_id', '=', ownerAgencyId), eb('root_agency_id', '=', ownerAgencyId)]))
    .where('subject_id', '=', subjectId)
    .where('status', 'in', [...statuses])
    .where(sql<boolean>`shared_categories && ${sql.val([...categories])}::text[]`)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Records corrections in the referrals' histories with the unit of work's commit (`atCommit`). */
export function insertRectificationsAtCommit(tx: ScopedTx, rows: NewReferralRectification[]): void {
  if (rows.length === 0) return;
  atCommit(tx, tx.insertInto('referral_rectifications').values(rows));
}

/** The corrections recorded on these referrals, each named with its sending agency (which leads the key), in order. */
export function rectificationsOfQuery(tx: ScopedTx, referrals: Array<{ agencyId: string; id: string }>) {
  return tx
    .selectFrom('referral_rectifications')
    .selectAll()
    .where('agency_id', 'in', [...new Set(referrals.map((r) => r.agencyId))])
    .where('referral_id', 'in', referrals.map((r) => r.id))
    .orderBy('rectified_at')
    .orderBy('id');
}
