import { sql } from 'kysely';
import type { ScopedTx } from '../scope';

export function findIdempotentResponse(tx: ScopedTx, principalId: string, key: string) {
  return tx.selectFrom('idempotency_keys').selectAll().where('principal_id', '=', principalId).where('key', '=', key).executeTakeFirst();
}

export async function saveIdempotentResponse(
  tx: ScopedTx,
  record: { agency_id: string; principal_id: string; key: string; request_hash: string; status: number; response: unknown; created_at: Date },
): Promise<void> {
  await tx.insertInto('idempotency_keys').values({ ...record, response: JSON.stringify(record.response) }).execute();
}

/** Serialises requests with the same key for the rest of the transaction. */
export async function lockIdempotencyKey(tx: ScopedTx, principalId: string, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${principalId + ':' + key}))`.execute(tx);
}
