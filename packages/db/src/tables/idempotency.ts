import { sql } from 'kysely';
import { atCommit, type ScopedTx } from '../scope';

/**
 * Where the hub operator's keys are kept: the operator acts for no agency. No agency has this id
 * (agency ids are random UUIDs), and only the operator's role may reach rows under it.
 */
export const HUB_SCOPE = '00000000-0000-0000-0000-000000000000';

/**
 * Takes a principal's key for the rest of the transaction, without waiting: false when another
 * transaction holds it (the same request still in flight).
 */
export async function tryLockIdempotencyKey(tx: ScopedTx, principalId: string, key: string): Promise<boolean> {
  const { rows } = await lockIdempotencyKeyQuery(tx, principalId, key).execute();
  return rows[0]!.locked;
}

/** The statement behind {@link tryLockIdempotencyKey}: one row, `locked`. */
export function lockIdempotencyKeyQuery(tx: ScopedTx, principalId: string, key: string) {
  const statement = sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(hashtextextended(${`ponte.idempotency:${principalId}:${key}`}, 0)) as locked`;
  return { compile: () => statement.compile(tx), execute: () => statement.execute(tx) };
}

export function findIdempotentResponse(tx: ScopedTx, principalId: string, key: string) {
  return idempotentResponseQuery(tx, principalId, key).executeTakeFirst();
}

/** The statement behind {@link findIdempotentResponse}. */
export function idempotentResponseQuery(tx: ScopedTx, principalId: string, key: string) {
  return tx.selectFrom('idempotency_keys').selectAll().where('principal_id', '=', principalId).where('key', '=', key);
}

/** Removes one of the principal's own keys once it has expired, so the key can name a new request. */
export async function deleteExpiredIdempotencyKey(tx: ScopedTx, principalId: string, key: string, at: Date): Promise<void> {
  await tx.deleteFrom('idempotency_keys').where('principal_id', '=', principalId).where('key', '=', key).where('expires_at', '<=', at).execute();
}

export async function saveIdempotentResponse(
  tx: ScopedTx,
  record: { agency_id: string; principal_id: string; key: string; request_hash: string; status: number; response: unknown; created_at: Date; expires_at: Date },
): Promise<void> {
  await tx.insertInto('idempotency_keys').values({ ...record, response: JSON.stringify(record.response ?? null) }).execute();
}

/** {@link saveIdempotentResponse} with the unit of work's commit (`atCommit`). */
export function saveIdempotentResponseAtCommit(
  tx: ScopedTx,
  record: { agency_id: string; principal_id: string; key: string; request_hash: string; status: number; response: unknown; created_at: Date; expires_at: Date },
): void {
  atCommit(tx, tx.insertInto('idempotency_keys').values({ ...record, response: JSON.stringify(record.response ?? null) }));
}

/** Deletes up to `limit` expired keys of any agency (the worker's sweep); returns how many. */
export async function deleteExpiredIdempotencyKeys(tx: ScopedTx, before: Date, limit: number): Promise<number> {
  const result = await sql`
    delete from idempotency_keys where ctid in (
      select ctid from idempotency_keys where expires_at <= ${before} order by expires_at limit ${limit})`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}
