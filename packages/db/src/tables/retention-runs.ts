import { sql } from 'kysely';
import type { ScopedTx } from '../scope';
import type { RetentionRunRow, StoredRetentionOutcome } from '../schema';

/**
 * Claims the agency's run for a hub calendar day (the worker): a new run, or one whose worker's
 * lease ran out before it finished. Answers nothing when the day's run is finished or another
 * worker holds it: of several workers, one runs each agency's day, once.
 */
export function claimRetentionRun(tx: ScopedTx, claim: { agencyId: string; day: string; at: Date; leaseUntil: Date }): Promise<RetentionRunRow | undefined> {
  return tx
    .insertInto('retention_runs')
    .values({ agency_id: claim.agencyId, run_day: claim.day, started_at: claim.at, lease_until: claim.leaseUntil })
    .onConflict((oc) =>
      oc
        .columns(['agency_id', 'run_day'])
        .doUpdateSet({ started_at: claim.at, lease_until: claim.leaseUntil })
        .where('retention_runs.status', '=', 'running')
        .where('retention_runs.lease_until', '<', claim.at),
    )
    .returningAll()
    .executeTakeFirst();
}

/** Ends a run with its report, if it is still the claimant's (its lease as claimed). */
export function finishRetentionRun(
  tx: ScopedTx,
  run: { agencyId: string; id: string; leaseUntil: Date; at: Date; subjects: StoredRetentionOutcome[] },
): Promise<RetentionRunRow | undefined> {
  const count = (outcome: StoredRetentionOutcome['outcome']) => run.subjects.filter((s) => s.outcome === outcome).length;
  return tx
    .updateTable('retention_runs')
    .set({
      status: 'finished',
      finished_at: run.at,
      subjects: JSON.stringify(run.subjects),
      erased: count('erased'),
      anonymised: count('anonymised'),
      held: count('held'),
      failed: count('failed'),
    })
    .where('agency_id', '=', run.agencyId)
    .where('id', '=', run.id)
    .where('status', '=', 'running')
    .where('lease_until', '=', run.leaseUntil)
    .returningAll()
    .executeTakeFirst();
}

/** The agency's runs, newest first, after a position (its `started_at` and id). */
export function listRetentionRuns(tx: ScopedTx, agencyId: string, page: { limit: number; after?: { startedAt: string; id: string } | undefined }): Promise<RetentionRunRow[]> {
  let query = tx.selectFrom('retention_runs').selectAll().where('agency_id', '=', agencyId);
  if (page.after) query = query.where(sql<boolean>`(started_at, id) < (${page.after.startedAt}::timestamptz, ${page.after.id}::uuid)`);
  return query.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
}

export function findRetentionRun(tx: ScopedTx, agencyId: string, id: string): Promise<RetentionRunRow | undefined> {
  return tx.selectFrom('retention_runs').selectAll().where('agency_id', '=', agencyId).where('id', '=', id).executeTakeFirst();
}
