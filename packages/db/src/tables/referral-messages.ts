import { sql } from 'kysely';
import type { ScopedTx } from '../scope';
import type { NewReferralMessage, ReferralMessageRow } from '../schema';

/** A message on a referral, as written (row-level security lets only a party write, as itself). */
export function insertReferralMessage(tx: ScopedTx, message: NewReferralMessage): Promise<ReferralMessageRow> {
  return tx.insertInto('referral_messages').values(message).returningAll().executeTakeFirstOrThrow();
}

/** A message with, for the side reading it, when the other side first read it. */
export interface ReferralMessageWithReceipt extends ReferralMessageRow {
  /** When someone of the agency that did not write it first read it; null while nobody has. */
  read_by_other_side_at: Date | null;
}

/** A page of a referral's messages, oldest first, after a position (its time and id). */
export function referralMessagePage(
  tx: ScopedTx,
  referral: { agencyId: string; id: string },
  page: { limit: number; after?: { createdAt: string; id: string } | undefined },
): Promise<ReferralMessageWithReceipt[]> {
  let query = tx
    .selectFrom('referral_messages as m')
    .selectAll('m')
    .select((eb) =>
      eb
        .selectFrom('referral_message_reads as r')
        .select((r) => r.fn.min('r.read_at').as('at'))
        .whereRef('r.agency_id', '=', 'm.agency_id')
        .whereRef('r.message_id', '=', 'm.id')
        .whereRef('r.reader_agency_id', '<>', 'm.author_agency_id')
        .as('read_by_other_side_at'),
    )
    .where('m.agency_id', '=', referral.agencyId)
    .where('m.referral_id', '=', referral.id);
  if (page.after) query = query.where(sql<boolean>`(m.created_at, m.id) > (${page.after.createdAt}::timestamptz, ${page.after.id}::uuid)`);
  return query.orderBy('m.created_at').orderBy('m.id').limit(page.limit).execute() as Promise<ReferralMessageWithReceipt[]>;
}

/** Records that a reader read these messages (once each: a later read keeps the first time). */
export async function recordMessageReads(
  tx: ScopedTx,
  reads: { agencyId: string; recipientAgencyId: string; readerAgencyId: string; readerId: string; messageIds: string[]; at: Date },
): Promise<void> {
  if (reads.messageIds.length === 0) return;
  await tx
    .insertInto('referral_message_reads')
    .values(
      reads.messageIds.map((id) => ({
        agency_id: reads.agencyId,
        message_id: id,
        recipient_agency_id: reads.recipientAgencyId,
        reader_agency_id: reads.readerAgencyId,
        reader_id: reads.readerId,
        read_at: reads.at,
      })),
    )
    .onConflict((oc) => oc.columns(['agency_id', 'message_id', 'reader_id']).doNothing())
    .execute();
}
