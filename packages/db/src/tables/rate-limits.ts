import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../schema';
import { withoutTenant } from '../scope';

/**
 * The `rate_limits` table as `rate-limiter-flexible`'s PostgreSQL store reaches it: a client whose
 * `query` runs each of the store's statements (its own SQL, on the table's documented shape) as a
 * unit of work of the hub's own tasks (`ponte_system`), the only role that may touch the table.
 */
export function rateLimitStoreClient(db: Kysely<Database>) {
  return {
    query: async (query: { text: string; values?: unknown[] }) => {
      const result = await withoutTenant(db, 'system', (tx) => tx.executeQuery(CompiledQuery.raw(query.text, query.values ?? [])));
      return { rows: result.rows, rowCount: Number(result.numAffectedRows ?? result.rows.length) };
    },
  };
}
