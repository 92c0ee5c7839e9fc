import { sql } from 'kysely';
import type { ScopedTx } from '../scope';
import type { SigningKeyRow } from '../schema';

/** Keys not retired, newest first: the first signs, all verify. */
export function listSigningKeys(tx: ScopedTx): Promise<SigningKeyRow[]> {
  return tx.selectFrom('signing_keys').selectAll().where('retired_at', 'is', null).orderBy('created_at', 'desc').execute();
}

/** Serialises key creation across hub processes for the rest of the transaction. */
export async function lockSigningKeys(tx: ScopedTx): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('ponte.signing_keys'))`.execute(tx);
}

export async function insertSigningKey(
  tx: ScopedTx,
  key: { kid: string; publicJwk: object; privateJwk: object },
): Promise<void> {
  await tx
    .insertInto('signing_keys')
    .values({ kid: key.kid, alg: 'EdDSA', public_jwk: JSON.stringify(key.publicJwk), private_jwk: JSON.stringify(key.privateJwk) })
    .execute();
}
