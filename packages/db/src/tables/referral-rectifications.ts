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

/**
 * Sets the triage (age band, sex, province, languages) of the agency's referrals of a subject in these
 * statuses, and of the onward referrals down the chains they began: what the receiving intake sees follows a correction. Not the referral's version:
 * a step the receiver takes on what it read is not refused for it.
 */
export async function refreshTriage(tx: ScopedTx, ownerAgencyId: string, subjectId: string, statuses: readonly ReferralStatus[], triage: unknown): Promise<void> {
  await tx.updateTable('referrals').set({ triage: JSON.stringify(triage) }).where('agency_id', '=', ownerAgencyId).where('subject_id', '=', subjectId).where('status', 'in', [...statuses]).execute();
  // Down the chains the owner began, the onward referrals (other agencies' rows: that one column, through the database).
  await sql`select refresh_onward_triage(${subjectId}::uuid, ${JSON.stringify(triage)}::jsonb, ${sql.val([...statuses])}::text[])`.execute(tx);
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
