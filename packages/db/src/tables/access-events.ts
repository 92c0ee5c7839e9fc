import { sql, type SqlBool } from 'kysely';
import { atCommit, type ScopedTx } from '../scope';
import type { AccessEventRow, NewAccessEvent } from '../schema';

export async function insertAccessEvents(tx: ScopedTx, events: NewAccessEvent[]): Promise<void> {
  if (events.length > 0) await tx.insertInto('access_events').values(events).execute();
}

/** Appends events with the unit of work's commit, in its last round trip (`atCommit`). */
export function insertAccessEventsAtCommit(tx: ScopedTx, events: NewAccessEvent[]): void {
  if (events.length > 0) atCommit(tx, tx.insertInto('access_events').values(events));
}

export interface AccessEventFilter {
  subjectId?: string | undefined;
  actorId?: string | undefined;
  /** The acting agency. */
  agencyId?: string | undefined;
  resource?: string | undefined;
  action?: string | undefined;
  decision?: 'allow' | 'deny' | undefined;
  breakGlass?: boolean | undefined;
  purpose?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  after?: { occurredAt: string; id: string } | undefined;
}

/** Events the scoped agency may see (its actors', and those about its subjects), oldest first, with their places in the log. */
export function listAccessEvents(tx: ScopedTx, filter: AccessEventFilter): Promise<Array<AccessEventRow & { log_index: number | null }>> {
  let query = tx
    .selectFrom('access_events as e')
    .leftJoin('log_leaves as l', (join) => join.onRef('l.agency_id', '=', 'e.agency_id').onRef('l.event_id', '=', 'e.id').onRef('l.occurred_at', '=', 'e.occurred_at'))
    .selectAll('e')
    .select('l.log_index')
    .orderBy('e.occurred_at')
    .orderBy('e.id')
    .limit(filter.limit);
  if (filter.subjectId) query = query.where('e.subject_id', '=', filter.subjectId);
  if (filter.actorId) query = query.where('e.actor_id', '=', filter.actorId);
  if (filter.agencyId) query = query.where('e.agency_id', '=', filter.agencyId);
  if (filter.resource) query = query.where('e.resource', '=', filter.resource);
  if (filter.action) query = query.where('e.action', '=', filter.action);
  if (filter.decision) query = query.where('e.decision', '=', filter.decision);
  if (filter.breakGlass !== undefined) query = query.where('e.break_glass', '=', filter.breakGlass);
  if (filter.purpose) query = query.where('e.purpose', '=', filter.purpose);
  if (filter.from) query = query.where('e.occurred_at', '>=', filter.from);
  if (filter.to) query = query.where('e.occurred_at', '<', filter.to);
  if (filter.after) {
    const { occurredAt, id } = filter.after;
    query = query.where(sql<SqlBool>`(e.occurred_at, e.id) > (${occurredAt}::timestamptz, ${id}::uuid)`);
  }
  return query.execute();
}

export interface AccessEventDayCount {
  /** The calendar day in the given time zone, `YYYY-MM-DD`. */
  day: string;
  /** The acting agency. */
  agency_id: string;
  decision: AccessEventRow['decision'];
  count: number;
}

/**
 * The access events the scoped agency may see (row-level security: its actors', and those about
 * its subjects) in `[from, to)`, counted per calendar day in `timeZone`, acting agency and decision.
 */
export async function countAccessEventsPerDay(tx: ScopedTx, filter: { from: Date; to: Date; timeZone: string }): Promise<AccessEventDayCount[]> {
  const { rows } = await sql<AccessEventDayCount>`
    select to_char(occurred_at at time zone ${filter.timeZone}, 'YYYY-MM-DD') as day, agency_id, decision, count(*)::int as count
    from access_events
    where occurred_at >= ${filter.from} and occurred_at < ${filter.to}
    group by 1, 2, 3
    order by 1, 2, 3`.execute(tx);
  return rows;
}
