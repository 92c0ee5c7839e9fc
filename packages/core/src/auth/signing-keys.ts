import { generateSigningKey, type SigningKeyMaterial } from '@ponte/auth';
import { insertSigningKey, listSigningKeys, lockSigningKeys, withoutTenant, type Database } from '@ponte/db';
import type { Kysely } from 'kysely';

type Jwk = SigningKeyMaterial['publicJwk'];

/**
 * The hub's signing keys, newest first. On first start a key pair is generated and kept in
 * the database, so every hub process and restart signs with the same key. Under a lock, so
 * two processes starting together make one key.
 */
export async function ensureSigningKeys(db: Kysely<Database>): Promise<SigningKeyMaterial[]> {
  return withoutTenant(db, 'system', async (tx) => {
    await lockSigningKeys(tx);
    let rows = await listSigningKeys(tx);
    if (rows.length === 0) {
      await insertSigningKey(tx, await generateSigningKey());
      rows = await listSigningKeys(tx);
    }
    return rows.map((row) => ({ kid: row.kid, publicJwk: row.public_jwk as Jwk, privateJwk: row.private_jwk as Jwk }));
  });
}
