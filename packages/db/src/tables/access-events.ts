import { sql, type SqlBool } from 'kysely';
import type { ScopedTx } from '../scope';
import type { AccessEventRow, NewAccessEvent } from '../schema';

export async function insertAccessEvents(tx: ScopedTx, events: NewAccessEvent[]): Promise<void> {
  if (events.length > 0) await tx.insertInto('access_events').values(events).execute();
}

export interface AccessEventFilter {
  subjectId?: string | undefined;
  decision?: 'allow' | 'deny' | undefined;
  limit: number;
  after?: { occurredAt: string; id: string } | undefined;
}

/** Events the scoped agency may see (its actors', and those about its subjects), oldest first. */
export function listAccessEvents(tx: ScopedTx, filter: AccessEventFilter): Promise<AccessEventRow[]> {
  let query = tx.selectFrom('access_events').selectAll().orderBy('occurred_at').orderBy('id').limit(filter.limit);
  if (filter.subjectId) query = query.where('subject_id', '=', filter.subjectId);
  if (filter.decision) query = query.where('decision', '=', filter.decision);
  if (filter.after) {
    const { occurredAt, id } = filter.after;
    query = query.where(sql<SqlBool>`(occurred_at, id) > (${occurredAt}::timestamptz, ${id}::uuid)`);
  }
  return query.execute();
}
