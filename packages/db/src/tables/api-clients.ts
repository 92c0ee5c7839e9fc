import { sql } from 'kysely';
import type { ScopedTx } from '../scope';
import type { ApiClientRow } from '../schema';

export function insertApiClient(
  tx: ScopedTx,
  client: { agency_id: string; client_id: string; name: string; secret_hash: string; roles: string[] },
): Promise<ApiClientRow> {
  return tx.insertInto('api_clients').values(client).returningAll().executeTakeFirstOrThrow();
}

export function findApiClientByClientId(tx: ScopedTx, clientId: string): Promise<ApiClientRow | undefined> {
  return tx.selectFrom('api_clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
}

export function findApiClient(tx: ScopedTx, id: string): Promise<ApiClientRow | undefined> {
  return tx.selectFrom('api_clients').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listApiClients(tx: ScopedTx, page: { limit: number; afterClientId?: string | undefined }): Promise<ApiClientRow[]> {
  let query = tx.selectFrom('api_clients').selectAll().orderBy('client_id').limit(page.limit);
  if (page.afterClientId) query = query.where('client_id', '>', page.afterClientId);
  return query.execute();
}

export function revokeApiClient(tx: ScopedTx, id: string): Promise<ApiClientRow | undefined> {
  return tx
    .updateTable('api_clients')
    .set({ status: 'revoked', revoked_at: sql`coalesce(revoked_at, now())` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
