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
    return rows.map(toMaterial);
  });
}

/**
 * The hub's signing keys, for a process that signs with them but never makes one (the worker, on a
 * login that may only read them): waits, up to `waitMs`, for the hub to have made the first.
 */
export async function loadSigningKeys(db: Kysely<Database>, waitMs = 60_000): Promise<SigningKeyMaterial[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const rows = await withoutTenant(db, 'signer', (tx) => listSigningKeys(tx));
    if (rows.length > 0) return rows.map(toMaterial);
    if (Date.now() > deadline) throw new Error('no signing key yet: start the hub once first, it makes the key');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

const toMaterial = (row: { kid: string; public_jwk: unknown; private_jwk: unknown }): SigningKeyMaterial => ({
  kid: row.kid,
  publicJwk: row.public_jwk as Jwk,
  privateJwk: row.private_jwk as Jwk,
});
