import { sql } from 'kysely';
import type { ScopedTx } from '../scope';
import type { UserRole } from '@ponte/contracts';
import type { ApiClientRow } from '../schema';

/** An API client as the application reads one: everything but the secret hash. */
const ACCOUNT = ['agency_id', 'id', 'client_id', 'name', 'roles', 'status', 'created_at', 'revoked_at', 'previous_secret_expires_at'] as const;
export type ApiClientAccount = Pick<ApiClientRow, (typeof ACCOUNT)[number]>;

export function insertApiClient(
  tx: ScopedTx,
  client: { agency_id: string; client_id: string; name: string; secret_hash: string; roles: UserRole[] },
): Promise<ApiClientAccount> {
  return tx.insertInto('api_clients').values(client).returning(ACCOUNT).executeTakeFirstOrThrow();
}

/** The client with its secret hash, for the client-credentials grant: the authenticator's alone. */
export function findApiClientCredentials(tx: ScopedTx, clientId: string): Promise<ApiClientRow | undefined> {
  return tx.selectFrom('api_clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
}

export function findApiClient(tx: ScopedTx, id: string): Promise<ApiClientAccount | undefined> {
  return tx.selectFrom('api_clients').select(ACCOUNT).where('id', '=', id).executeTakeFirst();
}

export function listApiClients(tx: ScopedTx, page: { limit: number; afterClientId?: string | undefined }): Promise<ApiClientAccount[]> {
  let query = tx.selectFrom('api_clients').select(ACCOUNT).orderBy('client_id').limit(page.limit);
  if (page.afterClientId) query = query.where('client_id', '>', page.afterClientId);
  return query.execute();
}

export function revokeApiClient(tx: ScopedTx, id: string): Promise<ApiClientAccount | undefined> {
  return tx
    .updateTable('api_clients')
    .set({ status: 'revoked', revoked_at: sql`coalesce(revoked_at, now())` })
    .where('id', '=', id)
    .returning(ACCOUNT)
    .executeTakeFirst();
}

/**
 * A new secret; the one it replaces keeps working until `previousUntil` (an overlap for the
 * client's systems to change over), or stops at once when that is now. The hashes move inside
 * the database (`rotate_api_client_secret`): the application never reads one. False when the
 * client is not an active one of the scoped agency.
 */
export async function rotateApiClientSecret(tx: ScopedTx, id: string, rotation: { secretHash: string; previousUntil: Date }): Promise<boolean> {
  const { rows } = await sql<{ rotated: boolean }>`select rotate_api_client_secret(${id}::uuid, ${rotation.secretHash}, ${rotation.previousUntil.toISOString()}::timestamptz) as rotated`.execute(tx);
  return rows[0]?.rotated === true;
}
