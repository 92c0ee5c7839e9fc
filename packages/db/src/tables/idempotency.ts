import { sql } from 'kysely';
import { atCommit, type ScopedTx } from '../scope';

/**
 * Where the hub operator's keys are kept: the operator acts for no agency. No agency has this id
 * (agency ids are random UUIDs), and only the operator's role may reach rows under it.
 */
export const HUB_SCOPE = '00000000-0000-0000-0000-000000000000';

/**
 * Takes a principal's key for the rest of the transaction, without waiting: one row, `locked`,
 * false when another transaction holds it (the same request still in flight).
 */
export function lockIdempotencyKeyQuery(tx: ScopedTx, principalId: string, key: string) {
  const statement = sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(hashtextextended(${`ponte.idempotency:${principalId}:${key}`}, 0)) as locked`;
  return { compile: () => statement.compile(tx) };
}

/**
 * The digest a key's stored request is given when the subject it named is erased: its answer is then
 * 410 gone, replayed to any request under the key (the erasure keeps no digest of the person's data).
 */
export const ERASED_REQUEST_HASH = 'erased';

/** The principal's stored answer under a key, if any. */
export function idempotentResponseQuery(tx: ScopedTx, principalId: string, key: string) {
  return tx.selectFrom('idempotency_keys').selectAll().where('principal_id', '=', principalId).where('key', '=', key);
}

/** Removes one of the principal's own keys once it has expired, so the key can name a new request. */
export async function deleteExpiredIdempotencyKey(tx: ScopedTx, principalId: string, key: string, at: Date): Promise<void> {
  await tx.deleteFrom('idempotency_keys').where('principal_id', '=', principalId).where('key', '=', key).where('expires_at', '<=', at).execute();
}

/** What is stored under a principal's key: the request's digest and its answer. */
export type IdempotentAnswer = { agency_id: string; principal_id: string; key: string; request_hash: string; status: number; response: unknown; created_at: Date; expires_at: Date };

const insertAnswer = (tx: ScopedTx, record: IdempotentAnswer) => tx.insertInto('idempotency_keys').values({ ...record, response: JSON.stringify(record.response ?? null) });

/** Stores the answer to a principal's key with the unit of work's commit (`atCommit`). */
export function saveIdempotentResponseAtCommit(tx: ScopedTx, record: IdempotentAnswer): void {
  atCommit(tx, insertAnswer(tx, record));
}

/**
 * Stores a refusal under a principal's key, in a unit of its own after the refused unit rolled
 * back; a request with the key that got its answer stored in between keeps it.
 */
export async function saveIdempotentRefusal(tx: ScopedTx, record: IdempotentAnswer): Promise<void> {
  await insertAnswer(tx, record).onConflict((oc) => oc.doNothing()).execute();
}

/** Deletes up to `limit` expired keys of any agency (the worker's sweep); returns how many. */
export async function deleteExpiredIdempotencyKeys(tx: ScopedTx, before: Date, limit: number): Promise<number> {
  const result = await sql`
    delete from idempotency_keys where ctid in (
      select ctid from idempotency_keys where expires_at <= ${before} order by expires_at limit ${limit})`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}
