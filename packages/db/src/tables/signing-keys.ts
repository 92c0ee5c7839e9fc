import { sql } from 'kysely';
import type { ScopedTx } from '../scope';
import type { SigningKeyRow } from '../schema';

/** Keys not retired, the latest to sign first: the pending key (if any), the signing key, then the verification-only ones. */
export function listSigningKeys(tx: ScopedTx): Promise<SigningKeyRow[]> {
  return tx.selectFrom('signing_keys').selectAll().where('retired_at', 'is', null).orderBy('signs_from', 'desc').orderBy('created_at', 'desc').execute();
}

/** Serialises key creation and rotation across processes for the rest of the transaction. */
export async function lockSigningKeys(tx: ScopedTx): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('ponte.signing_keys'))`.execute(tx);
}

/** A private key as stored: AES-256-GCM ciphertext, nonce, tag, and the id of the key-encryption key. */
export interface StoredSealedKey {
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
  kekId: string;
}

export async function insertSigningKey(tx: ScopedTx, key: { kid: string; publicJwk: object; sealed: StoredSealedKey; signsFrom: Date }): Promise<void> {
  await tx
    .insertInto('signing_keys')
    .values({
      kid: key.kid,
      alg: 'EdDSA',
      public_jwk: JSON.stringify(key.publicJwk),
      private_key_ciphertext: key.sealed.ciphertext,
      private_key_iv: key.sealed.iv,
      private_key_tag: key.sealed.tag,
      kek_id: key.sealed.kekId,
      signs_from: key.signsFrom,
    })
    .execute();
}

/** Replaces a row's plaintext private key by its sealed form; a row already sealed is left as it is. */
export async function sealSigningKeyInPlace(tx: ScopedTx, kid: string, sealed: StoredSealedKey): Promise<boolean> {
  const result = await tx
    .updateTable('signing_keys')
    .set({ private_jwk: null, private_key_ciphertext: sealed.ciphertext, private_key_iv: sealed.iv, private_key_tag: sealed.tag, kek_id: sealed.kekId })
    .where('kid', '=', kid)
    .where('private_jwk', 'is not', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
