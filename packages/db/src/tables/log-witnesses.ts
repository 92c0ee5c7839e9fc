import { sql } from 'kysely';
import type { ScopedTx } from '../scope';
import type { LogCosignatureRow, LogWitnessKeyRow } from '../schema';

export function insertWitnessKey(tx: ScopedTx, key: { agency_id: string; name: string; key_id: Buffer; public_key: Buffer; created_by: string; created_at: Date }): Promise<LogWitnessKeyRow> {
  return tx.insertInto('log_witness_keys').values(key).returningAll().executeTakeFirstOrThrow();
}

/** Witness keys in this scope (an agency's own; the auditor's: every agency's), oldest first. */
export function listWitnessKeys(tx: ScopedTx, options: { activeOnly?: boolean } = {}): Promise<LogWitnessKeyRow[]> {
  let query = tx.selectFrom('log_witness_keys').selectAll().orderBy('created_at').orderBy('id');
  if (options.activeOnly) query = query.where('revoked_at', 'is', null);
  return query.execute();
}

export function findWitnessKey(tx: ScopedTx, id: string): Promise<LogWitnessKeyRow | undefined> {
  return tx.selectFrom('log_witness_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

export function revokeWitnessKey(tx: ScopedTx, id: string, at: Date): Promise<LogWitnessKeyRow | undefined> {
  return tx.updateTable('log_witness_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).returningAll().executeTakeFirst();
}

/** The largest tree this witness key has cosigned. */
export function latestCosignature(tx: ScopedTx, witnessKeyId: string): Promise<LogCosignatureRow | undefined> {
  return tx.selectFrom('log_cosignatures').selectAll().where('witness_key_id', '=', witnessKeyId).orderBy('tree_size', 'desc').limit(1).executeTakeFirst();
}

export async function insertCosignature(tx: ScopedTx, cosignature: Omit<LogCosignatureRow, never>): Promise<LogCosignatureRow> {
  return tx.insertInto('log_cosignatures').values(cosignature).onConflict((oc) => oc.doNothing()).returningAll().executeTakeFirst() as Promise<LogCosignatureRow>;
}

/** Cosignatures of the tree of `size`, with their keys (auditor scope). */
export function cosignaturesOf(tx: ScopedTx, size: number) {
  return tx
    .selectFrom('log_cosignatures as c')
    .innerJoin('log_witness_keys as k', (join) => join.onRef('k.agency_id', '=', 'c.agency_id').onRef('k.id', '=', 'c.witness_key_id'))
    .select(['c.agency_id', 'c.witness_key_id', 'c.tree_size', 'c.root_hash', 'c.body', 'c.signed_at', 'c.signature', 'k.name', 'k.key_id', 'k.public_key'])
    .where('c.tree_size', '=', size)
    .orderBy('c.created_at')
    .execute();
}

/** Every cosignature, in tree order, with its key (auditor scope, for verification). */
export function allCosignatures(tx: ScopedTx, options: { after?: { treeSize: number; agencyId: string; witnessKeyId: string } | undefined; limit: number }) {
  let query = tx
    .selectFrom('log_cosignatures as c')
    .innerJoin('log_witness_keys as k', (join) => join.onRef('k.agency_id', '=', 'c.agency_id').onRef('k.id', '=', 'c.witness_key_id'))
    .select(['c.agency_id', 'c.witness_key_id', 'c.tree_size', 'c.root_hash', 'c.body', 'c.signed_at', 'c.signature', 'k.name', 'k.key_id', 'k.public_key'])
    .orderBy('c.tree_size')
    .orderBy('c.agency_id')
    .orderBy('c.witness_key_id')
    .limit(options.limit);
  const after = options.after;
  if (after) query = query.where(sql<boolean>`(c.tree_size, c.agency_id, c.witness_key_id) > (${after.treeSize}, ${after.agencyId}::uuid, ${after.witnessKeyId}::uuid)`);
  return query.execute();
}

/**
 * The largest tree cosigned by witnesses of at least `agencies` distinct agencies, with those
 * agencies (auditor scope).
 */
export async function latestWitnessed(tx: ScopedTx, agencies: number): Promise<{ tree_size: number; agency_ids: string[] } | undefined> {
  const row = await tx
    .selectFrom('log_cosignatures')
    .select(['tree_size', sql<string[]>`array_agg(distinct agency_id)`.as('agency_ids')])
    .groupBy('tree_size')
    .having((eb) => eb.fn.count('agency_id').distinct(), '>=', agencies)
    .orderBy('tree_size', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { tree_size: Number(row.tree_size), agency_ids: row.agency_ids } : undefined;
}

/** Keys by this name, of any agency (auditor scope): a name is one agency's. */
export function witnessKeysNamed(tx: ScopedTx, name: string): Promise<LogWitnessKeyRow[]> {
  return tx.selectFrom('log_witness_keys').selectAll().where('name', '=', name).execute();
}
