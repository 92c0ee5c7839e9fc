import { sql } from 'kysely';
import { atCommit, type ScopedTx } from '../scope';
import type { EventRow, WebhookDeliveryRow, WebhookEndpointRow } from '../schema';

/** The channel a committed outbox write is announced on (`LISTEN ponte_outbox`). */
export const OUTBOX_CHANNEL = 'ponte_outbox';

export interface NewEvent {
  agency_id: string;
  type: string;
  referral_id: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
}

/**
 * Writes events to the outbox with the commit of the change they record (`atCommit`: in its last
 * round trip), in one statement: the agencies' counters are taken, and locked until the commit,
 * in agency order, so two transactions numbering the same agencies never deadlock; each event is
 * numbered from its agency's counter; and the same statement tells the worker, on commit and only
 * then, that there is something to deliver (see take_event_numbers). Nothing is returned: the
 * other party's events are not the writer's to read back.
 */
export function insertEventsAtCommit(tx: ScopedTx, events: NewEvent[]): void {
  if (events.length === 0) return;
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.agency_id, (counts.get(e.agency_id) ?? 0) + 1);
  const agencies = [...counts.keys()].sort();
  // Each event's distance from its agency's last number: the last event of an agency takes it.
  const seen = new Map<string, number>();
  const rows = events.map((e) => {
    const n = (seen.get(e.agency_id) ?? 0) + 1;
    seen.set(e.agency_id, n);
    return sql`(${e.agency_id}::uuid, ${e.type}::text, ${e.referral_id}::uuid, ${JSON.stringify(e.payload)}::jsonb, ${e.created_at}::timestamptz, ${counts.get(e.agency_id)! - n}::integer)`;
  });
  const statement = sql`
    with taken as (select agency_id, last from take_event_numbers(${sql.val(agencies)}::uuid[], ${sql.val(agencies.map((a) => counts.get(a)!))}::integer[]))
    insert into events (agency_id, type, referral_id, payload, created_at, seq)
    select e.agency_id, e.type, e.referral_id, e.payload, e.created_at, t.last - e.back
    from (values ${sql.join(rows)}) as e (agency_id, type, referral_id, payload, created_at, back)
    join taken t on t.agency_id = e.agency_id
    order by t.last - e.back`;
  atCommit(tx, { compile: () => statement.compile(tx) });
}

/** A test delivery an administrator asks for: fanned out to the endpoint its payload names, and to no other. */
export const PING_EVENT = 'ponte.ping';

/**
 * Fans new events out to the active endpoints registered for them (an endpoint gets the events
 * written after it was registered; a paused one gets those written meanwhile when it resumes). Each endpoint keeps the last event number it was fanned out to, so
 * only newer events are read; numbers become visible in order, so none below the mark can appear
 * later. Endpoints another worker is fanning out are skipped; a delivery exists once per event
 * and endpoint whatever happens.
 */
export async function fanOutDeliveries(tx: ScopedTx, at: Date): Promise<number> {
  const result = await sql`
    with endpoints as (
      select w.agency_id, w.id, w.event_types, w.created_at, w.fanned_out_seq,
             (select max(e.seq) from events e where e.agency_id = w.agency_id) as up_to
      from webhook_endpoints w
      where w.status = 'active'
      for update of w skip locked
    ), behind as (
      select * from endpoints where up_to > fanned_out_seq
    ), inserted as (
      insert into webhook_deliveries (agency_id, event_id, endpoint_id, next_attempt_at, created_at)
      select e.agency_id, e.id, b.id, ${at}, ${at}
      from behind b
      join events e on e.agency_id = b.agency_id and e.seq > b.fanned_out_seq and e.seq <= b.up_to
      where (case when e.type = ${PING_EVENT} then e.payload ->> 'endpointId' = b.id::text
                  else cardinality(b.event_types) = 0 or e.type = any (b.event_types) end)
        and e.created_at >= b.created_at
      on conflict do nothing
      returning 1
    ), advanced as (
      update webhook_endpoints w set fanned_out_seq = b.up_to from behind b where w.agency_id = b.agency_id and w.id = b.id returning 1
    )
    select (select count(*) from inserted) as inserted, (select count(*) from advanced) as advanced`.execute(tx);
  return Number((result.rows[0] as { inserted: number }).inserted ?? 0);
}

export function listEvents(tx: ScopedTx, options: { afterSeq: number; limit: number }): Promise<EventRow[]> {
  return tx.selectFrom('events').selectAll().where('seq', '>', options.afterSeq).orderBy('seq').limit(options.limit).execute();
}

export function findEvent(tx: ScopedTx, id: string): Promise<EventRow | undefined> {
  return tx.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The columns of an endpoint the application role reads: every one but its secrets, which it may write and never read. */
const ENDPOINT_COLUMNS = ['agency_id', 'id', 'url', 'description', 'event_types', 'status', 'created_at', 'secret_created_at', 'previous_secret_expires_at', 'version', 'updated_at'] as const;
export type WebhookEndpointView = Pick<WebhookEndpointRow, (typeof ENDPOINT_COLUMNS)[number]>;

/**
 * A new endpoint starts after the agency's last event so far (numbers become visible in order, so
 * none below it is still to come): it gets the events written from now on.
 */
export function insertWebhookEndpoint(
  tx: ScopedTx,
  endpoint: { agency_id: string; id: string; url: string; description: string | null; event_types: string[]; secret_sealed: string; created_at: Date },
): Promise<WebhookEndpointView> {
  return tx
    .insertInto('webhook_endpoints')
    .values({ ...endpoint, secret_created_at: endpoint.created_at, fanned_out_seq: sql<number>`coalesce((select max(seq) from events where agency_id = ${endpoint.agency_id}), 0)` })
    .returning(ENDPOINT_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** The agency's endpoints, deleted ones aside. */
export function listWebhookEndpoints(tx: ScopedTx): Promise<WebhookEndpointView[]> {
  return tx.selectFrom('webhook_endpoints').select(ENDPOINT_COLUMNS).where('status', '<>', 'deleted').orderBy('created_at').execute();
}

/** One endpoint of the agency, unless deleted. */
export function findWebhookEndpoint(tx: ScopedTx, id: string): Promise<WebhookEndpointView | undefined> {
  return tx.selectFrom('webhook_endpoints').select(ENDPOINT_COLUMNS).where('id', '=', id).where('status', '<>', 'deleted').executeTakeFirst();
}

export interface WebhookEndpointChanges {
  url?: string | undefined;
  description?: string | null | undefined;
  event_types?: string[] | undefined;
  status?: 'active' | 'paused' | 'deleted' | undefined;
  /**
   * A new secret, sealed. With `previousExpiresAt` the database keeps the one it replaces (which the
   * application role cannot read) to sign beside it until then; without, the old one stops at once.
   */
  secret?: { sealed: string; previousExpiresAt: Date | null } | undefined;
}

/**
 * Changes an endpoint that is not deleted and counts the change in its version; with
 * `expectedVersion`, only if it is still that version. Answers the endpoint as changed, or nothing.
 * Deleting erases its secrets. A new secret moves the one it replaces aside, in the database (see
 * the trigger `webhook_endpoints_previous_secret`), when `previousExpiresAt` is given.
 */
export function updateWebhookEndpointRow(tx: ScopedTx, id: string, changes: WebhookEndpointChanges, at: Date, expectedVersion?: number): Promise<WebhookEndpointView | undefined> {
  const { secret, ...fields } = changes;
  let query = tx
    .updateTable('webhook_endpoints')
    .set({
      ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
      ...(secret ? { secret_sealed: secret.sealed, secret_created_at: at, previous_secret_expires_at: secret.previousExpiresAt } : {}),
      ...(changes.status === 'deleted' ? { deleted_at: at, secret_sealed: null, previous_secret_expires_at: null } : {}),
      version: sql<number>`version + 1`,
      updated_at: at,
    })
    .where('id', '=', id)
    .where('status', '<>', 'deleted');
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion);
  return query.returning(ENDPOINT_COLUMNS).executeTakeFirst();
}

/** Ends an endpoint's pending deliveries as `cancelled` (it was deleted); an attempt in flight records nothing over it. */
export async function cancelPendingDeliveries(tx: ScopedTx, endpointId: string, at: Date): Promise<number> {
  const rows = await tx
    .updateTable('webhook_deliveries')
    .set({ status: 'cancelled', next_attempt_at: at })
    .where('endpoint_id', '=', endpointId)
    .where('status', '=', 'pending')
    .returning('id')
    .execute();
  return rows.length;
}

export interface ClaimedDelivery {
  agency_id: string;
  id: string;
  attempts: number;
  event_id: string;
  endpoint_id: string;
  type: string;
  payload: Record<string, unknown>;
  created_at: Date;
  referral_id: string | null;
  url: string;
  /** The endpoint's signing secret, sealed (none for an endpoint made before endpoints had one). */
  secret_sealed: string | null;
  /** The secret a rotation replaced, which signs beside the new one until it expires. */
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Date | null;
}

/**
 * Claims due deliveries to active endpoints for this worker, oldest first (a paused endpoint's
 * wait): for each endpoint no more than
 * `perEndpoint` less what this worker already has in flight to it (`busy`), skipping those other
 * workers hold. Each is leased until `leaseUntil` (one attempt's time) and its attempt counted, in
 * one statement, so no other worker makes the same attempt meanwhile.
 */
export async function claimDueDeliveries(
  tx: ScopedTx,
  at: Date,
  limit: number,
  options: { leaseUntil: Date; perEndpoint?: number; busy?: ReadonlyMap<string, number> },
): Promise<ClaimedDelivery[]> {
  const busy = [...(options.busy ?? new Map<string, number>())];
  const perEndpoint = options.perEndpoint ?? limit;
  const { rows } = await sql<ClaimedDelivery>`
    with oldest as (
      select agency_id, id, endpoint_id, next_attempt_at,
             row_number() over (partition by endpoint_id order by next_attempt_at, id) as position
      from (select d.agency_id, d.id, d.endpoint_id, d.next_attempt_at from webhook_deliveries d
            join webhook_endpoints w on w.agency_id = d.agency_id and w.id = d.endpoint_id and w.status = 'active'
            where d.status = 'pending' and d.next_attempt_at <= ${at}
            order by d.next_attempt_at limit ${limit * 8}) scanned
    ), in_flight as (
      select * from unnest(${sql.val(busy.map(([id]) => id))}::uuid[], ${sql.val(busy.map(([, n]) => n))}::integer[]) as b (endpoint_id, n)
    ), due as (
      select d.agency_id, d.id, o.next_attempt_at from webhook_deliveries d
      join oldest o on o.agency_id = d.agency_id and o.id = d.id
      left join in_flight b on b.endpoint_id = o.endpoint_id
      where o.position <= ${perEndpoint} - coalesce(b.n, 0) and d.status = 'pending' and d.next_attempt_at <= ${at}
      order by o.next_attempt_at
      limit ${limit}
      for update of d skip locked
    ), claimed as (
      update webhook_deliveries d set attempts = d.attempts + 1, next_attempt_at = ${options.leaseUntil}
      from due where d.agency_id = due.agency_id and d.id = due.id
      returning d.agency_id, d.id, d.attempts, d.event_id, d.endpoint_id, due.next_attempt_at as due_at
    )
    select c.agency_id, c.id, c.attempts - 1 as attempts, c.event_id, c.endpoint_id, e.type, e.payload, e.created_at, e.referral_id, w.url,
           w.secret_sealed, w.previous_secret_sealed, w.previous_secret_expires_at
    from claimed c
    join events e on e.agency_id = c.agency_id and e.id = c.event_id
    join webhook_endpoints w on w.agency_id = c.agency_id and w.id = c.endpoint_id
    order by c.due_at`.execute(tx);
  return rows;
}

/**
 * Hands claimed deliveries back before their lease ends (the worker stopped or failed before
 * attempting them): due again at once, their claimed attempt not counted.
 */
export async function releaseDeliveries(tx: ScopedTx, claims: Array<{ id: string; attempts: number }>, at: Date): Promise<void> {
  for (const claim of claims)
    await tx
      .updateTable('webhook_deliveries')
      .set({ attempts: claim.attempts, next_attempt_at: at })
      .where('id', '=', claim.id)
      .where('attempts', '=', claim.attempts + 1)
      .where('status', '=', 'pending')
      .execute();
}

export interface DeliveryOutcome {
  id: string;
  /** The attempt this outcome is of: recorded only if the delivery still counts that many. */
  attempts: number;
  status: WebhookDeliveryRow['status'];
  nextAttemptAt: Date;
  lastError: string | null;
  lastStatus: number | null;
  deliveredAt: Date | null;
}

/**
 * Records attempts' outcomes, many in one statement, each only if the delivery is still that
 * attempt's: a worker whose lease ran out and was overtaken by another writes nothing for it.
 * Returns the ids recorded.
 */
export async function recordDeliveryAttempts(tx: ScopedTx, outcomes: DeliveryOutcome[]): Promise<Set<string>> {
  if (outcomes.length === 0) return new Set();
  const rows = outcomes.map(
    (o) =>
      sql`(${o.id}::uuid, ${o.attempts}::int, ${o.status}::text, ${o.nextAttemptAt}::timestamptz, ${o.lastError}::text, ${o.lastStatus}::int, ${o.deliveredAt}::timestamptz)`,
  );
  const { rows: recorded } = await sql<{ id: string }>`
    update webhook_deliveries d
    set status = v.status, attempts = v.attempts, next_attempt_at = v.next_attempt_at, last_error = v.last_error,
        last_status = v.last_status, delivered_at = v.delivered_at
    from (values ${sql.join(rows)}) as v (id, attempts, status, next_attempt_at, last_error, last_status, delivered_at)
    where d.id = v.id and d.attempts = v.attempts and d.status = 'pending'
    returning d.id`.execute(tx);
  return new Set(recorded.map((r) => r.id));
}

/**
 * The agency's deliveries, newest first (time, then id), after a position: `at_key` is the time as
 * the database keeps it (microseconds, UTC), for the position.
 */
export function listDeliveries(tx: ScopedTx, filter: { status?: string | undefined; after?: { atKey: string; id: string } | undefined; limit: number }) {
  let query = tx
    .selectFrom('webhook_deliveries')
    .selectAll()
    .select(sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('at_key'))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(filter.limit);
  if (filter.status) query = query.where('status', '=', filter.status);
  const after = filter.after;
  if (after) query = query.where(sql<boolean>`(created_at, id) < (${after.atKey}::timestamptz, ${after.id}::uuid)`);
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
