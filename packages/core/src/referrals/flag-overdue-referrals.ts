import { insertEventsAtCommit, markOverdueReferrals, withoutTenant, type Db, type OverdueReferral } from '@ponte/db';

/**
 * Tells both agencies of each referral newly past a deadline at `now`: a `referral.overdue` event
 * (ids, state and the deadline passed; never personal data) to the sender and to the receiver,
 * once per referral and deadline (`response`: still `sent` past `respondBy`; `completion`:
 * accepted or in progress past `dueDate`). Runs as the worker, across agencies, in batches; each
 * batch marks its referrals and writes their events in one transaction, so a referral is marked
 * exactly when its events are written. Returns how many referrals it flagged.
 *
 * The worker calls it on every sweep (see `startDeliveryLoop`); it takes `now` so that it can be
 * run for any moment.
 */
export async function flagOverdueReferrals({ db, now = new Date(), batchSize = 500, maxBatches = 100 }: { db: Db; now?: Date; batchSize?: number; maxBatches?: number }): Promise<number> {
  let flagged = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const marked = await withoutTenant(db, 'worker', async (tx) => {
      const rows = await markOverdueReferrals(tx, now, batchSize);
      insertEventsAtCommit(
        tx,
        rows.flatMap((row) => [row.agency_id, row.recipient_agency_id].map((agencyId) => ({ agency_id: agencyId, type: 'referral.overdue', referral_id: row.id, payload: overdueData(row), created_at: now }))),
      );
      return rows.length;
    });
    flagged += marked;
    if (marked < batchSize) break;
  }
  return flagged;
}

/** What the event tells: the referral's ids and state and which deadline it passed. */
function overdueData(row: OverdueReferral) {
  return {
    referralId: row.id,
    status: row.status,
    version: row.version,
    service: row.service,
    urgency: row.urgency,
    kind: row.kind,
    deadline: row.kind === 'response' ? new Date(row.respond_by!).toISOString() : row.due_date!,
  };
}
