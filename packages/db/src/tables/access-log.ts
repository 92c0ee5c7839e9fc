import { sql } from 'kysely';
import type { ScopedTx } from '../scope';
import type { AccessEventRow, LogHeadRow } from '../schema';

/** One sealer at a time, for the rest of the transaction. */
export async function lockSealer(tx: ScopedTx): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('ponte.log_sealer'))`.execute(tx);
}

export function latestHead(tx: ScopedTx): Promise<LogHeadRow | undefined> {
  return tx.selectFrom('log_heads').selectAll().orderBy('tree_size', 'desc').limit(1).executeTakeFirst();
}

export function listHeads(tx: ScopedTx, options: { afterSize?: number; limit: number }): Promise<LogHeadRow[]> {
  return tx.selectFrom('log_heads').selectAll().where('tree_size', '>', options.afterSize ?? 0).orderBy('tree_size').limit(options.limit).execute();
}

export function findHead(tx: ScopedTx, size: number): Promise<LogHeadRow | undefined> {
  return tx.selectFrom('log_heads').selectAll().where('tree_size', '=', size).executeTakeFirst();
}

/**
 * The RFC 6962 leaf hash of the access event `e`, `SHA-256(0x00 ‖ entry)`, computed by
 * PostgreSQL: the entry is the canonical encoding the audit package's `canonicalEvent` writes
 * (a JSON array of the event's fields in a fixed order, with its place in the log), byte for
 * byte; a test holds the two to the same bytes on generated events. Hashing where the rows are
 * spares reading every column of every event into the process, and lets PostgreSQL's parallel
 * workers share the work. `logIndex` and `owner` are SQL expressions of this module.
 */
function leafHashOf(logIndex: string, owner: string) {
  const json = (expression: string) => `coalesce(to_json(${expression})::text, 'null')`;
  const uuid = (expression: string) => `coalesce('"' || ${expression}::text || '"', 'null')`;
  const fields = [
    `'"ponte.access-event.v1"'`,
    `(${logIndex})::text`,
    uuid('e.id'),
    uuid('e.agency_id'),
    `'"' || to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'`,
    json('e.actor_kind'),
    uuid('e.actor_id'),
    uuid(owner),
    uuid('e.subject_id'),
    json('e.resource'),
    uuid('e.resource_id'),
    json('e.action'),
    'array_to_json(e.fields)::text',
    json('e.purpose'),
    json('e.legal_basis'),
    json('e.decision'),
    json('e.rule'),
    `case when e.break_glass then 'true' else 'false' end`,
    json('e.request_id'),
  ];
  return `sha256('\\x00'::bytea || convert_to('[' || concat_ws(',', ${fields.join(', ')}) || ']', 'UTF8'))`;
}

/**
 * Seals the next `limit` events, oldest first, from place `fromIndex` on, in one statement: each
 * gets its place, its owner completed (an attempt on a subject by an agency that could not see it
 * still belongs to the owner's log; a privacy officer's search by subject is not an attempt on
 * it) and its leaf hash. Returns the leaves in log order, for the sealer's tree.
 */
export async function sealNextEvents(tx: ScopedTx, fromIndex: number, limit: number): Promise<Array<{ log_index: number; leaf: Buffer }>> {
  // A plan this short-lived gains nothing from being compiled to machine code first; and each
  // event of the batch is found by its row address, never by hashing the whole log to join it.
  await sql`select set_config('jit', 'off', true), set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)`.execute(tx);
  const { rows } = await sql<{ log_index: number; leaf: Buffer }>`
    with batch as (
      select e.ctid as row_id,
             ${fromIndex}::bigint - 1 + row_number() over (order by e.occurred_at, e.id) as log_index,
             case when e.subject_id is not null and e.owning_agency_id is null and e.resource <> 'AccessEvent'
                  then (select o.agency_id from subject_owners o where o.subject_id = e.subject_id)
                  else e.owning_agency_id end as owner
      from (select ctid, * from access_events where log_index is null order by occurred_at, id limit ${limit} for update) e
    ), placed as (
      update access_events e
      set log_index = b.log_index, owning_agency_id = b.owner, leaf_hash = encode(${sql.raw(leafHashOf('b.log_index', 'b.owner'))}, 'hex')
      from batch b
      where e.ctid = b.row_id
      returning e.log_index, decode(e.leaf_hash, 'hex') as leaf
    )
    select log_index, leaf from placed order by log_index`.execute(tx);
  return rows;
}

/**
 * Sealed events from place `fromIndex` on, in log order, with the leaf hash their stored fields
 * give now and whether it is the one recorded when they were sealed.
 */
export async function recomputedLeaves(tx: ScopedTx, fromIndex: number, limit: number): Promise<Array<{ log_index: number; id: string; leaf: Buffer; intact: boolean }>> {
  const { rows } = await sql<{ log_index: number; id: string; leaf: Buffer; intact: boolean }>`
    select log_index, id, leaf, leaf_hash is not distinct from encode(leaf, 'hex') as intact
    from (select e.log_index, e.id, e.leaf_hash, ${sql.raw(leafHashOf('e.log_index', 'e.owning_agency_id'))} as leaf
          from access_events e where e.log_index >= ${fromIndex} order by e.log_index limit ${limit}) recomputed`.execute(tx);
  return rows;
}

export async function insertHead(tx: ScopedTx, head: Omit<LogHeadRow, 'frontier'> & { frontier: Array<{ height: number; hash: string }> }): Promise<void> {
  await tx.insertInto('log_heads').values({ ...head, frontier: JSON.stringify(head.frontier) }).execute();
}

/** Sealed events in log order, a page at a time, for verification. */
export function sealedEvents(tx: ScopedTx, fromIndex: number, limit: number): Promise<AccessEventRow[]> {
  return tx.selectFrom('access_events').selectAll().where('log_index', '>=', fromIndex).orderBy('log_index').limit(limit).execute();
}

export function sealedEventById(tx: ScopedTx, id: string): Promise<AccessEventRow | undefined> {
  return tx.selectFrom('access_events').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Leaf hashes of the first `size` sealed events, in order, for proofs. */
export async function leafHashes(tx: ScopedTx, size: number): Promise<string[]> {
  const rows = await tx.selectFrom('access_events').select(['log_index', 'leaf_hash']).where('log_index', 'is not', null).where('log_index', '<', size).orderBy('log_index').execute();
  return rows.map((r) => r.leaf_hash ?? '');
}

export function insertReview(
  tx: ScopedTx,
  review: { agency_id: string; target_kind: string; target_id: string; status: string; note: string; reviewer_id: string; created_at: Date },
) {
  return tx.insertInto('access_reviews').values(review).returningAll().executeTakeFirstOrThrow();
}

export function reviewsOf(tx: ScopedTx, targetIds: string[]) {
  if (targetIds.length === 0) return Promise.resolve([]);
  return tx.selectFrom('access_reviews').selectAll().where('target_id', 'in', targetIds).orderBy('created_at').execute();
}

/** Events visible in this scope within a time window, oldest first (for flags and reports). */
export function eventsBetween(tx: ScopedTx, window: { from: Date; to: Date; subjectId?: string | undefined; limit: number }) {
  let query = tx.selectFrom('access_events').selectAll().where('occurred_at', '>=', window.from).where('occurred_at', '<', window.to).orderBy('occurred_at').orderBy('id').limit(window.limit);
  if (window.subjectId) query = query.where('subject_id', '=', window.subjectId);
  return query.execute();
}

export function listArchives(tx: ScopedTx) {
  return tx.selectFrom('log_archives').selectAll().orderBy('from_size').execute();
}

/** The size of the log archived so far: live events start there. */
export async function archivedUpTo(tx: ScopedTx): Promise<number> {
  const row = await tx.selectFrom('log_archives').select((eb) => eb.fn.max('up_to_size').as('size')).executeTakeFirst();
  return Number(row?.size ?? 0);
}

export async function insertArchive(
  tx: ScopedTx,
  archive: { from_size: number; up_to_size: number; start_frontier: Array<{ height: number; hash: string }>; signed_head: string; events: Buffer; archived_at: Date },
): Promise<void> {
  await tx.insertInto('log_archives').values({ ...archive, start_frontier: JSON.stringify(archive.start_frontier) }).execute();
}

export async function deleteSealedBefore(tx: ScopedTx, size: number): Promise<number> {
  const result = await tx.deleteFrom('access_events').where('log_index', '<', size).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The largest head whose events all happened before `cutoff`. */
export async function newestHeadOlderThan(tx: ScopedTx, cutoff: Date): Promise<LogHeadRow | undefined> {
  const firstRecent = await tx
    .selectFrom('access_events')
    .select((eb) => eb.fn.min('log_index').as('index'))
    .where('log_index', 'is not', null)
    .where('occurred_at', '>=', cutoff)
    .executeTakeFirst();
  const limit = firstRecent?.index === null || firstRecent?.index === undefined ? Number.MAX_SAFE_INTEGER : Number(firstRecent.index);
  return tx.selectFrom('log_heads').selectAll().where('tree_size', '<=', limit).orderBy('tree_size', 'desc').limit(1).executeTakeFirst();
}

/**
 * A page of a window's events in actor order (then time), after a position, so a reader can take the
 * window one actor at a time without holding it all. In the order of `access_events_by_actor_time`,
 * so each page is an index range; the position carries the time as the database keeps it
 * (`atKey`, microseconds), not as a JavaScript date.
 */
export function eventsByActorBetween(
  tx: ScopedTx,
  window: { from: Date; to: Date; after?: { actorId: string; atKey: string; id: string } | undefined; limit: number },
) {
  let query = tx
    .selectFrom('access_events')
    .selectAll()
    .select(sql<string>`occurred_at::text`.as('at_key'))
    .where('occurred_at', '>=', window.from)
    .where('occurred_at', '<', window.to)
    .orderBy('actor_id')
    .orderBy('occurred_at')
    .orderBy('id')
    .limit(window.limit);
  const after = window.after;
  if (after) query = query.where(sql<boolean>`(actor_id, occurred_at, id) > (${after.actorId}::uuid, ${after.atKey}::timestamptz, ${after.id}::uuid)`);
  return query.execute();
}

/** Per actor, its allowed reads (these resources and actions) in a window, and on how many local days it made them. */
export async function readsPerActorBetween(
  tx: ScopedTx,
  window: { from: Date; to: Date; timeZone: string; resources: readonly string[]; actions: readonly string[] },
): Promise<Array<{ actorId: string; reads: number; days: number }>> {
  const rows = await tx
    .selectFrom('access_events')
    .select(['actor_id', sql<string>`count(*)`.as('reads'), sql<string>`count(distinct (occurred_at at time zone ${window.timeZone})::date)`.as('days')])
    .where('occurred_at', '>=', window.from)
    .where('occurred_at', '<', window.to)
    .where('decision', '=', 'allow')
    .where('resource', 'in', [...window.resources])
    .where('action', 'in', [...window.actions])
    .groupBy('actor_id')
    .execute();
  return rows.map((r) => ({ actorId: r.actor_id, reads: Number(r.reads), days: Number(r.days) }));
}
