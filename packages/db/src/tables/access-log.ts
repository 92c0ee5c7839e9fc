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

/** Events not sealed yet, oldest first: the sealer's next batch. */
export function unsealedEvents(tx: ScopedTx, limit: number): Promise<AccessEventRow[]> {
  return tx.selectFrom('access_events').selectAll().where('log_index', 'is', null).orderBy('occurred_at').orderBy('id').limit(limit).forUpdate().execute();
}

export async function placeEvent(tx: ScopedTx, agencyId: string, id: string, logIndex: number, leafHash: string, owningAgencyId?: string): Promise<void> {
  await tx
    .updateTable('access_events')
    .set({ log_index: logIndex, leaf_hash: leafHash, ...(owningAgencyId ? { owning_agency_id: owningAgencyId } : {}) })
    .where('agency_id', '=', agencyId)
    .where('id', '=', id)
    .execute();
}

/** Places a batch of events in one statement: their place in the log, leaf hash and completed owner. */
export async function placeEvents(
  tx: ScopedTx,
  placed: Array<{ agencyId: string; id: string; logIndex: number; leafHash: string; owningAgencyId?: string | undefined }>,
): Promise<void> {
  for (let i = 0; i < placed.length; i += 5000) {
    const rows = placed.slice(i, i + 5000);
    await sql`
      update access_events e
      set log_index = v.log_index, leaf_hash = v.leaf_hash, owning_agency_id = coalesce(v.owner, e.owning_agency_id)
      from (select * from unnest(${rows.map((r) => r.agencyId)}::uuid[], ${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.logIndex)}::bigint[],
                                 ${rows.map((r) => r.leafHash)}::text[], ${rows.map((r) => r.owningAgencyId ?? null)}::uuid[])
            as t(agency_id, id, log_index, leaf_hash, owner)) v
      where e.agency_id = v.agency_id and e.id = v.id`.execute(tx);
  }
}

/** The owners of these subjects (for events whose actor could not see it). */
export async function subjectOwners(tx: ScopedTx, subjectIds: string[]): Promise<Map<string, string>> {
  if (subjectIds.length === 0) return new Map();
  const rows = await tx.selectFrom('subject_owners').select(['subject_id', 'agency_id']).where('subject_id', 'in', subjectIds).execute();
  return new Map(rows.map((r) => [r.subject_id, r.agency_id]));
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
