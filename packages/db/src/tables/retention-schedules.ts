import { sql } from 'kysely';
import type { ScopedTx } from '../scope';
import type { RetentionScheduleRow, StoredRetentionRule } from '../schema';

/** The agency's retention schedule, if it ever set one. */
export function findRetentionSchedule(tx: ScopedTx, agencyId: string): Promise<RetentionScheduleRow | undefined> {
  return tx.selectFrom('retention_schedules').selectAll().where('agency_id', '=', agencyId).executeTakeFirst();
}

/**
 * Writes the agency's schedule whole: the first one (when `expectedVersion` is 0 or undefined and
 * there is none), or the next version of the one at `expectedVersion` (undefined: whichever is
 * there). Answers nothing when the schedule has moved on (or was set meanwhile).
 */
export async function writeRetentionSchedule(
  tx: ScopedTx,
  schedule: { agencyId: string; rules: StoredRetentionRule[]; by: string; at: Date; expectedVersion: number | undefined; currentVersion: number },
): Promise<RetentionScheduleRow | undefined> {
  const rules = JSON.stringify(schedule.rules);
  if (schedule.currentVersion === 0) {
    if (schedule.expectedVersion !== undefined && schedule.expectedVersion !== 0) return undefined;
    return tx
      .insertInto('retention_schedules')
      .values({ agency_id: schedule.agencyId, rules, updated_by: schedule.by, updated_at: schedule.at })
      .onConflict((oc) => oc.column('agency_id').doNothing())
      .returningAll()
      .executeTakeFirst();
  }
  return tx
    .updateTable('retention_schedules')
    .set({ rules, updated_by: schedule.by, updated_at: schedule.at, version: sql`version + 1` })
    .where('agency_id', '=', schedule.agencyId)
    .where('version', '=', schedule.expectedVersion ?? schedule.currentVersion)
    .returningAll()
    .executeTakeFirst();
}

/** Every agency's schedule that has a rule, with its legal minimum (the worker, across agencies). */
export function listRetentionSchedules(tx: ScopedTx): Promise<Array<RetentionScheduleRow & { retention_minimum_days: number }>> {
  return tx
    .selectFrom('retention_schedules as r')
    .innerJoin('agencies as a', 'a.id', 'r.agency_id')
    .selectAll('r')
    .select('a.retention_minimum_days')
    .where(sql<boolean>`jsonb_array_length(r.rules) > 0`)
    .where('a.status', '=', 'active')
    .orderBy('r.agency_id')
    .execute();
}
