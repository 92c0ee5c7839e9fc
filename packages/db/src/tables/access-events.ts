import { sql, type SqlBool } from 'kysely';
import type { ScopedTx } from '../scope';
import type { AccessEventRow, NewAccessEvent } from '../schema';

export async function insertAccessEvents(tx: ScopedTx, events: NewAccessEvent[]): Promise<void> {
  if (events.length > 0) await tx.insertInto('access_events').values(events).execute();
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

/** Events the scoped agency may see (its actors', and those about its subjects), oldest first. */
export function listAccessEvents(tx: ScopedTx, filter: AccessEventFilter): Promise<AccessEventRow[]> {
  let query = tx.selectFrom('access_events').selectAll().orderBy('occurred_at').orderBy('id').limit(filter.limit);
  if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId);
  if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
  if (filter.agencyId) query = query.where('agency_id', '=', filter.agencyId);
  if (filter.resource) query = query.where('resource', '=', filter.resource);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.decision) query = query.where('decision', '=', filter.decision);
  if (filter.breakGlass !== undefined) query = query.where('break_glass', '=', filter.breakGlass);
  if (filter.purpose) query = query.where('purpose', '=', filter.purpose);
  if (filter.from) query = query.where('occurred_at', '>=', filter.from);
  if (filter.to) query = query.where('occurred_at', '<', filter.to);
  if (filter.after) {
    const { occurredAt, id } = filter.after;
    query = query.where(sql<SqlBool>`(occurred_at, id) > (${occurredAt}::timestamptz, ${id}::uuid)`);
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
