import { sql } from 'kysely';
import type { ScopedTx } from '../scope';
import type { LogVerificationRow } from '../schema';

/** Queues a verification for the agency in scope. */
export function insertVerification(tx: ScopedTx, job: { agency_id: string; requested_by: string; witness: string | null; created_at: Date }): Promise<LogVerificationRow> {
  return tx.insertInto('log_verifications').values(job).returningAll().executeTakeFirstOrThrow();
}

/** A verification of the agency in scope (row-level security hides the others). */
export function findVerification(tx: ScopedTx, id: string): Promise<LogVerificationRow | undefined> {
  return tx.selectFrom('log_verifications').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Takes the oldest verification waiting, or one whose runner's lease ran out (it died), and holds
 * it for `leaseMs`: of two runners, one gets it.
 */
export async function claimVerification(tx: ScopedTx, now: Date, leaseMs: number): Promise<LogVerificationRow | undefined> {
  const result = await sql<LogVerificationRow>`
    update log_verifications set status = 'running', started_at = coalesce(started_at, ${now}), lease_until = ${new Date(now.getTime() + leaseMs)}
    where (agency_id, id) = (
      select agency_id, id from log_verifications
      where status = 'queued' or (status = 'running' and lease_until < ${now})
      order by created_at limit 1 for update skip locked)
    returning *`.execute(tx);
  return result.rows[0];
}

/** How far a running verification has got; its lease is renewed with it. */
export async function recordVerificationProgress(tx: ScopedTx, job: { agency_id: string; id: string }, progress: { checked: number; total: number; leaseUntil: Date }): Promise<void> {
  await tx
    .updateTable('log_verifications')
    .set({ checked: progress.checked, total: progress.total, lease_until: progress.leaseUntil })
    .where('agency_id', '=', job.agency_id)
    .where('id', '=', job.id)
    .where('status', '=', 'running')
    .execute();
}

/** The outcome of a verification, with its report. */
export async function finishVerification(tx: ScopedTx, job: { agency_id: string; id: string }, outcome: { status: 'done' | 'failed'; report: unknown; at: Date; checked: number; total: number }): Promise<void> {
  await tx
    .updateTable('log_verifications')
    .set({ status: outcome.status, report: JSON.stringify(outcome.report), finished_at: outcome.at, lease_until: null, checked: outcome.checked, total: outcome.total })
    .where('agency_id', '=', job.agency_id)
    .where('id', '=', job.id)
    .execute();
}
