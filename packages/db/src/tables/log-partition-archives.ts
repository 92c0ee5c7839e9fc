import { sql } from 'kysely';
import type { ScopedTx } from '../scope';
import type { AccessEventRow, LogPartitionArchiveRow } from '../schema';

/** Makes the access log's monthly partitions from the month of `first` to that of `last`; how many were made. */
export async function ensurePartitions(tx: ScopedTx, first: Date, last: Date): Promise<number> {
  const { rows } = await sql<{ made: number }>`select ensure_access_event_partitions(${first}, ${last}) as made`.execute(tx);
  return Number(rows[0]!.made);
}

/** The access log's months, oldest first. */
export async function listPartitions(tx: ScopedTx): Promise<Array<{ name: string; starts: Date; ends: Date }>> {
  const { rows } = await sql<{ name: string; starts: Date; ends: Date }>`select name, starts, ends from access_event_partitions()`.execute(tx);
  return rows;
}

/** Whether any event of `[starts, ends)` still waits to be sealed. */
export async function anyPendingBetween(tx: ScopedTx, starts: Date, ends: Date): Promise<boolean> {
  const { rows } = await sql<{ any: boolean }>`select exists (select 1 from log_pending where occurred_at >= ${starts} and occurred_at < ${ends}) as any`.execute(tx);
  return rows[0]!.any;
}

/** The first and last places in the log of the events of `[starts, ends)`, and how many there are. */
export async function placesBetween(tx: ScopedTx, starts: Date, ends: Date): Promise<{ first: number | null; last: number | null; events: number }> {
  const { rows } = await sql<{ first: number | null; last: number | null; events: number }>`
    select min(l.log_index) as first, max(l.log_index) as last, count(*)::bigint as events
    from access_events e join log_leaves l on l.agency_id = e.agency_id and l.event_id = e.id and l.occurred_at = e.occurred_at
    where e.occurred_at >= ${starts} and e.occurred_at < ${ends}`.execute(tx);
  return { first: rows[0]!.first === null ? null : Number(rows[0]!.first), last: rows[0]!.last === null ? null : Number(rows[0]!.last), events: Number(rows[0]!.events) };
}

/**
 * A page of the events of `[starts, ends)` with their places, in the order of the time index
 * (agency, time, id), after a position: a month is read a page at a time, never whole.
 */
export function eventsOfMonth(tx: ScopedTx, window: { starts: Date; ends: Date; after?: { agencyId: string; atKey: string; id: string } | undefined; limit: number }) {
  let query = tx
    .selectFrom('access_events as e')
    .innerJoin('log_leaves as l', (join) => join.onRef('l.agency_id', '=', 'e.agency_id').onRef('l.event_id', '=', 'e.id').onRef('l.occurred_at', '=', 'e.occurred_at'))
    .selectAll('e')
    .select(['l.log_index', sql<string>`e.occurred_at::text`.as('at_key')])
    .where('e.occurred_at', '>=', window.starts)
    .where('e.occurred_at', '<', window.ends)
    .orderBy('e.agency_id')
    .orderBy('e.occurred_at')
    .orderBy('e.id')
    .limit(window.limit);
  const after = window.after;
  if (after) query = query.where(sql<boolean>`(e.agency_id, e.occurred_at, e.id) > (${after.agencyId}::uuid, ${after.atKey}::timestamptz, ${after.id}::uuid)`);
  return query.execute() as Promise<Array<AccessEventRow & { log_index: number; at_key: string }>>;
}

export async function insertPartitionArchive(tx: ScopedTx, archive: Omit<LogPartitionArchiveRow, never>): Promise<void> {
  await tx.insertInto('log_partition_archives').values(archive).execute();
}

export function listPartitionArchives(tx: ScopedTx): Promise<LogPartitionArchiveRow[]> {
  return tx.selectFrom('log_partition_archives').selectAll().orderBy('starts').execute();
}

/** Detaches and drops an archived month (refused by the database for a month with no archive). */
export async function dropPartition(tx: ScopedTx, name: string): Promise<void> {
  await sql`select drop_access_event_partition(${name})`.execute(tx);
}
