import { sql, type SqlBool } from 'kysely';
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
 * spares reading every column of every event into the process. `logIndex` is an SQL expression.
 */
function leafHashOf(logIndex: string) {
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
    uuid('e.owning_agency_id'),
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

/** The join of a leaf `l` to its event `e`: by the event's whole key, so each probe is one partition's index. */
const EVENT_OF_LEAF = 'e.agency_id = l.agency_id and e.id = l.event_id and e.occurred_at = l.occurred_at';

/**
 * Seals the next `limit` queued events, oldest first, from place `fromIndex` on, in one
 * statement: takes them off the queue, appends their places to `log_leaves` and returns their
 * leaf hashes in log order, for the sealer's tree. No event is written.
 */
export async function sealNextEvents(tx: ScopedTx, fromIndex: number, limit: number): Promise<Array<{ log_index: number; leaf: Buffer }>> {
  await planAsABatch(tx);
  const { rows } = await sealStatement(fromIndex, limit).execute(tx);
  return rows;
}

/**
 * A plan this short-lived gains nothing from being compiled to machine code first; each event of
 * the batch is found by its key, never by hashing a whole month to join it; and a batch's sorts
 * stay in memory (a few MB), not on disk.
 */
const planAsABatch = (tx: ScopedTx) =>
  sql`select set_config('jit', 'off', true), set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true), set_config('work_mem', '64MB', true)`.execute(tx);

function sealStatement(fromIndex: number, limit: number) {
  return sql<{ log_index: number; leaf: Buffer }>`
    with taken as (
      delete from log_pending
      where ctid = any (array(select ctid from log_pending order by occurred_at, agency_id, event_id limit ${limit}))
      returning occurred_at, agency_id, event_id
    ), placed as (
      insert into log_leaves (log_index, agency_id, event_id, occurred_at)
      select ${fromIndex}::bigint - 1 + row_number() over (order by occurred_at, agency_id, event_id), agency_id, event_id, occurred_at from taken
      returning log_index, agency_id, event_id, occurred_at
    )
    select l.log_index, ${sql.raw(leafHashOf('l.log_index'))} as leaf
    from placed l join access_events e on ${sql.raw(EVENT_OF_LEAF)}
    order by l.log_index`;
}

/**
 * The plan of one seal batch as PostgreSQL runs it (`explain analyze`, in the caller's
 * transaction, which should roll back): what a batch writes, for the benchmark's record.
 */
export async function explainSealBatch(tx: ScopedTx, fromIndex: number, limit: number): Promise<string> {
  await planAsABatch(tx);
  const statement = sealStatement(fromIndex, limit);
  const { rows } = await sql<{ 'QUERY PLAN': string }>`explain (analyze, verbose, costs off, timing off, summary off) ${statement}`.execute(tx);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

/**
 * The leaves of `[from, to)` that do not hold, checked where the rows are: each event recomputed
 * and compared with the hash its tile holds at its place; only the leaves that fail come back (at
 * most `limit`, in log order), so a range of a million costs the process nothing. An event missing
 * from the table is no failure in a month retention archived (`archived`, as `[starts, ends)`).
 * Also how many leaves the range holds, to find one missing, and how many are of archived months.
 */
export async function failingLeaves(
  tx: ScopedTx,
  range: { from: number; to: number; archived: ReadonlyArray<{ starts: Date; ends: Date }>; limit: number },
): Promise<{ leaves: number; archived: number; failing: Array<{ log_index: number; event_id: string; problem: 'event_missing' | 'event_changed' | 'tile_missing' }> }> {
  await planAsABatch(tx);
  const starts = range.archived.map((a) => a.starts);
  const ends = range.archived.map((a) => a.ends);
  const archivedCheck = (column: string) =>
    sql`exists (select 1 from unnest(${starts}::timestamptz[], ${ends}::timestamptz[]) as m (s, e) where ${sql.raw(column)} >= m.s and ${sql.raw(column)} < m.e)`;
  const { rows: counts } = await sql<{ leaves: number; archived: number }>`
    select count(*)::bigint as leaves, count(*) filter (where ${archivedCheck('occurred_at')})::bigint as archived
    from log_leaves where log_index >= ${range.from} and log_index < ${range.to}`.execute(tx);
  const { rows: failing } = await sql<{ log_index: number; event_id: string; problem: 'event_missing' | 'event_changed' | 'tile_missing' }>`
    select l.log_index, l.event_id,
           case when t.hashes is null or length(t.hashes) < (l.log_index % 256 + 1) * 32 then 'tile_missing'
                when e.id is null then 'event_missing' else 'event_changed' end as problem
    from log_leaves l
    left join log_tiles t on t.level = 0 and t.tile_index = l.log_index / 256
    left join access_events e on ${sql.raw(EVENT_OF_LEAF)}
    where l.log_index >= ${range.from} and l.log_index < ${range.to}
      and (t.hashes is null
           or (e.id is null and not ${archivedCheck('l.occurred_at')})
           or (e.id is not null and substring(t.hashes from (l.log_index % 256)::int * 32 + 1 for 32) <> ${sql.raw(leafHashOf('l.log_index'))}))
    order by l.log_index
    limit ${range.limit}`.execute(tx);
  return { leaves: Number(counts[0]!.leaves), archived: Number(counts[0]!.archived), failing };
}

/** The first place in `[from, to)` with no leaf. */
export async function firstMissingLeaf(tx: ScopedTx, from: number, to: number): Promise<number | undefined> {
  const { rows } = await sql<{ index: number | null }>`
    select min(g)::bigint as index from generate_series(${from}::bigint, ${to}::bigint - 1) g
    where not exists (select 1 from log_leaves where log_index = g)`.execute(tx);
  return rows[0]!.index === null ? undefined : Number(rows[0]!.index);
}

export async function insertHead(tx: ScopedTx, head: Omit<LogHeadRow, 'frontier'> & { frontier: Array<{ height: number; hash: string }> }): Promise<void> {
  await tx.insertInto('log_heads').values({ ...head, frontier: JSON.stringify(head.frontier) }).execute();
}

/** Stored tiles at these coordinates (the widest stored: the full tile, or the right edge's partial one). */
export async function tilesAt(tx: ScopedTx, coordinates: ReadonlyArray<{ level: number; index: number }>): Promise<Array<{ level: number; index: number; hashes: Buffer }>> {
  if (coordinates.length === 0) return [];
  const { rows } = await sql<{ level: number; index: number; hashes: Buffer }>`
    select t.level, t.tile_index as index, t.hashes
    from unnest(${coordinates.map((c) => c.level)}::int[], ${coordinates.map((c) => c.index)}::bigint[]) as wanted (level, index)
    join log_tiles t on t.level = wanted.level and t.tile_index = wanted.index`.execute(tx);
  return rows;
}

/** Tiles of one level, from `fromIndex` to `toIndex` (inclusive), in order. */
export function tilesOfLevel(tx: ScopedTx, level: number, fromIndex: number, toIndex: number) {
  return tx
    .selectFrom('log_tiles')
    .select(['tile_index as index', 'hashes'])
    .where('level', '=', level)
    .where('tile_index', '>=', fromIndex)
    .where('tile_index', '<=', toIndex)
    .orderBy('tile_index')
    .execute();
}

/**
 * Writes tiles: new ones, and right-edge tiles that grew. A stored tile only ever grows by
 * extension; a write that would change hashes already stored is refused (the whole seal fails).
 */
export async function writeTiles(tx: ScopedTx, tiles: ReadonlyArray<{ level: number; index: number; hashes: Buffer }>): Promise<void> {
  if (tiles.length === 0) return;
  const { rows } = await sql<{ level: number }>`
    insert into log_tiles as t (level, tile_index, hashes)
    select level, index, decode(hashes, 'hex')
    from unnest(${tiles.map((t) => t.level)}::int[], ${tiles.map((t) => t.index)}::bigint[], ${tiles.map((t) => t.hashes.toString('hex'))}::text[]) as w (level, index, hashes)
    on conflict (level, tile_index) do update set hashes = excluded.hashes
    where length(excluded.hashes) > length(t.hashes) and substring(excluded.hashes from 1 for length(t.hashes)) = t.hashes
    returning t.level`.execute(tx);
  if (rows.length !== tiles.length) throw new Error('a stored tile of the log would change; the seal is refused');
}

/**
 * An event by its id alone, with its place in the log (`null` until sealed), as the caller's scope
 * sees it: found through the leaves' index and, only for an event not sealed yet, the short queue,
 * never by scanning the events (an id names no month). Leaves and queue show an agency only the
 * places of the events it may read, so one it may not read and one that does not exist look alike.
 */
export async function eventWithPlace(tx: ScopedTx, id: string): Promise<(AccessEventRow & { log_index: number | null }) | undefined> {
  // The place first, then the event by its whole key: a join of the two costs more to plan than to run.
  const placed = (places: string, logIndex: string) => sql<AccessEventRow & { log_index: number | null }>`
    with place as materialized (select agency_id, event_id, occurred_at, ${sql.raw(logIndex)} as log_index from ${sql.raw(places)} where event_id = ${id} limit 1)
    select e.*, (select log_index from place) as log_index from access_events e
    where (e.agency_id, e.id, e.occurred_at) = (select agency_id, event_id, occurred_at from place)`.execute(tx);
  const sealed = await placed('log_leaves', 'log_index');
  return sealed.rows[0] ?? (await placed('log_pending', 'null::bigint')).rows[0];
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

/**
 * Events visible in this scope within a time window, oldest first (time, then id), with their
 * places in the log (for exports and reports); after a position, to read the window a page at a
 * time. `at_key` is the time as the database keeps it (microseconds, UTC, ISO 8601), for the
 * position: a JavaScript date would lose the microseconds and read a row twice.
 */
export function eventsBetween(
  tx: ScopedTx,
  window: { from: Date; to: Date; subjectId?: string | undefined; after?: { atKey: string; id: string } | undefined; limit: number },
): Promise<Array<AccessEventRow & { log_index: number | null; at_key: string }>> {
  let query = tx
    .selectFrom('access_events as e')
    .leftJoin('log_leaves as l', (join) => join.onRef('l.agency_id', '=', 'e.agency_id').onRef('l.event_id', '=', 'e.id').onRef('l.occurred_at', '=', 'e.occurred_at'))
    .selectAll('e')
    .select('l.log_index')
    .select(sql<string>`to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('at_key'))
    .where('e.occurred_at', '>=', window.from)
    .where('e.occurred_at', '<', window.to)
    .orderBy('e.occurred_at')
    .orderBy('e.id')
    .limit(window.limit);
  if (window.subjectId) query = query.where('e.subject_id', '=', window.subjectId);
  const after = window.after;
  if (after) query = query.where(sql<SqlBool>`(e.occurred_at, e.id) > (${after.atKey}::timestamptz, ${after.id}::uuid)`);
  return query.execute();
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

/** The first head that covers the first `size` events. */
export function headCovering(tx: ScopedTx, size: number): Promise<LogHeadRow | undefined> {
  return tx.selectFrom('log_heads').selectAll().where('tree_size', '>=', size).orderBy('tree_size').limit(1).executeTakeFirst();
}

/** Exports this transaction's snapshot, for other transactions to read the very same state (PostgreSQL only). */
export async function exportSnapshot(tx: ScopedTx): Promise<string> {
  const { rows } = await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(tx);
  return rows[0]!.id;
}
