import { insertEventsAtCommit, markOverduePurgeRequests, withoutTenant, type Db } from '@ponte/db';

/**
 * Tells both agencies of each purge request newly past its deadline and not attested at `now`: a
 * `referral.purge_overdue` event (ids and the deadline; never personal data) to the owner that
 * asked and to the recipient asked, once per request. Runs as the worker, across agencies, in
 * batches; each batch marks its requests and writes their events in one transaction. The flag
 * the privacy officers see (`purge_unattested`) does not wait for it: it is computed from the
 * requests themselves. Returns how many requests it marked.
 */
export async function flagOverduePurges({ db, now = new Date(), batchSize = 500, maxBatches = 100 }: { db: Db; now?: Date; batchSize?: number; maxBatches?: number }): Promise<number> {
  let flagged = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const marked = await withoutTenant(db, 'worker', async (tx) => {
      const rows = await markOverduePurgeRequests(tx, now, batchSize);
      insertEventsAtCommit(
        tx,
        rows.flatMap((row) =>
          [row.agency_id, row.recipient_agency_id].map((agencyId) => ({
            agency_id: agencyId,
            type: 'referral.purge_overdue',
            referral_id: row.referral_id,
            payload: { referralId: row.referral_id, purgeRequestId: row.id, dueAt: new Date(row.due_at).toISOString() },
            created_at: now,
          })),
        ),
      );
      return rows.length;
    });
    flagged += marked;
    if (marked < batchSize) break;
  }
  return flagged;
}
