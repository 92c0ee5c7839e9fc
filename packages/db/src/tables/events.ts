import { sql } from 'kysely';
import type { ScopedTx } from '../scope';
import type { EventRow, WebhookDeliveryRow, WebhookEndpointRow } from '../schema';

export interface NewEvent {
  agency_id: string;
  type: string;
  referral_id: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
}

/**
 * Writes events to the outbox, in the transaction of the change they record. Nothing is
 * returned: the other party's events are not the writer's to read back.
 */
export async function insertEvents(tx: ScopedTx, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  // Counters are taken in agency order, so two transactions numbering the same agencies never deadlock.
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.agency_id, (counts.get(e.agency_id) ?? 0) + 1);
  // One statement for every agency: rows are inserted, and their counters locked, in the order given.
  const taken = await tx
    .insertInto('event_counters')
    .values([...counts.keys()].sort().map((agencyId) => ({ agency_id: agencyId, last: counts.get(agencyId)! })))
    .onConflict((oc) => oc.column('agency_id').doUpdateSet({ last: sql`event_counters.last + excluded.last` }))
    .returning(['agency_id', 'last'])
    .execute();
  const next = new Map(taken.map((row) => [row.agency_id, Number(row.last) - counts.get(row.agency_id)! + 1]));
  await tx
    .insertInto('events')
    .values(
      events.map((e) => {
        const seq = next.get(e.agency_id)!;
        next.set(e.agency_id, seq + 1);
        return { ...e, seq, payload: JSON.stringify(e.payload) };
      }),
    )
    .execute();
}

/**
 * Fans new events out to the endpoints registered for them (an endpoint gets the events written
 * after it was registered). Idempotent: a delivery exists once per event and endpoint.
 */
export async function fanOutDeliveries(tx: ScopedTx, at: Date): Promise<number> {
  const result = await sql`
    insert into webhook_deliveries (agency_id, event_id, endpoint_id, next_attempt_at, created_at)
    select e.agency_id, e.id, w.id, ${at}, ${at}
    from events e
    join webhook_endpoints w on w.agency_id = e.agency_id and w.status = 'active'
      and (cardinality(w.event_types) = 0 or e.type = any (w.event_types)) and e.created_at >= w.created_at
    where not exists (select 1 from webhook_deliveries d where d.agency_id = e.agency_id and d.event_id = e.id and d.endpoint_id = w.id)
    on conflict do nothing`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

export function listEvents(tx: ScopedTx, options: { afterSeq: number; limit: number }): Promise<EventRow[]> {
  return tx.selectFrom('events').selectAll().where('seq', '>', options.afterSeq).orderBy('seq').limit(options.limit).execute();
}

export function findEvent(tx: ScopedTx, id: string): Promise<EventRow | undefined> {
  return tx.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertWebhookEndpoint(tx: ScopedTx, endpoint: { agency_id: string; url: string; description: string | null; event_types: string[]; created_at: Date }) {
  return tx.insertInto('webhook_endpoints').values(endpoint).returningAll().executeTakeFirstOrThrow();
}

export function listWebhookEndpoints(tx: ScopedTx, agencyIds?: string[]): Promise<WebhookEndpointRow[]> {
  let query = tx.selectFrom('webhook_endpoints').selectAll().orderBy('created_at');
  if (agencyIds) {
    if (agencyIds.length === 0) return Promise.resolve([]);
    query = query.where('agency_id', 'in', agencyIds);
  }
  return query.execute();
}

/**
 * Claims due deliveries for this worker: locked until the transaction ends, and skipped by
 * every other worker meanwhile, so no attempt is made twice.
 */
export function claimDueDeliveries(tx: ScopedTx, at: Date, limit: number) {
  return tx
    .selectFrom('webhook_deliveries as d')
    .innerJoin('events as e', (join) => join.onRef('e.agency_id', '=', 'd.agency_id').onRef('e.id', '=', 'd.event_id'))
    .innerJoin('webhook_endpoints as w', (join) => join.onRef('w.agency_id', '=', 'd.agency_id').onRef('w.id', '=', 'd.endpoint_id'))
    .select(['d.agency_id', 'd.id', 'd.attempts', 'd.event_id', 'e.type', 'e.payload', 'e.created_at', 'e.referral_id', 'w.url'])
    .where('d.status', '=', 'pending')
    .where('d.next_attempt_at', '<=', at)
    .orderBy('d.next_attempt_at')
    .limit(limit)
    .forUpdate('d')
    .skipLocked()
    .execute();
}

/**
 * Records an attempt's outcome, only if the delivery is still this attempt's: a worker whose
 * lease ran out and was overtaken by another writes nothing. True when recorded.
 */
export async function recordDeliveryAttempt(
  tx: ScopedTx,
  id: string,
  result: { status: WebhookDeliveryRow['status']; attempts: number; nextAttemptAt: Date; lastError: string | null; lastStatus: number | null; deliveredAt: Date | null },
  claimedAttempts?: number,
): Promise<boolean> {
  let query = tx
    .updateTable('webhook_deliveries')
    .set({
      status: result.status,
      attempts: result.attempts,
      next_attempt_at: result.nextAttemptAt,
      last_error: result.lastError,
      last_status: result.lastStatus,
      delivered_at: result.deliveredAt,
    })
    .where('id', '=', id);
  if (claimedAttempts !== undefined) query = query.where('attempts', '=', claimedAttempts).where('status', '=', 'pending');
  const updated = await query.executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

export function listDeliveries(tx: ScopedTx, filter: { status?: string | undefined; limit: number }) {
  let query = tx.selectFrom('webhook_deliveries').selectAll().orderBy('created_at', 'desc').limit(filter.limit);
  if (filter.status) query = query.where('status', '=', filter.status);
  return query.execute();
}

/**
 * Puts finished deliveries back in the queue (a replay): dead ones, or those of given events.
 * One still pending (waiting, or in a worker's hands) is left to run its course.
 */
export function requeueDeliveries(tx: ScopedTx, filter: { eventIds?: string[] | undefined; dead?: boolean | undefined }, at: Date) {
  let query = tx.updateTable('webhook_deliveries').set({ status: 'pending', next_attempt_at: at, attempts: 0 }).where('status', 'in', ['dead', 'delivered']);
  if (filter.eventIds) query = query.where('event_id', 'in', filter.eventIds.length ? filter.eventIds : ['00000000-0000-0000-0000-000000000000']);
  if (filter.dead) query = query.where('status', '=', 'dead');
  return query.returning(['id']).execute();
}
