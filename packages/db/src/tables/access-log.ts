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

export async function placeEvent(tx: ScopedTx, agencyId: string, id: string, logIndex: number, leafHash: string): Promise<void> {
  await tx.updateTable('access_events').set({ log_index: logIndex, leaf_hash: leafHash }).where('agency_id', '=', agencyId).where('id', '=', id).execute();
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
  const rows = await tx.selectFrom('access_events').select(['log_index', 'leaf_hash']).where('log_index', '<', size).orderBy('log_index').execute();
  return rows.map((r) => r.leaf_hash ?? '');
}
