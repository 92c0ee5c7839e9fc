import { sql } from 'kysely';
import type { Db } from '@ponte/db';

/** Row counts of every table, read as the owner: to prove a refused request wrote nothing. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = ['agencies', 'agency_services', 'agreements', 'users', 'api_clients', 'operators'];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
    counts[table] = rows[0]!.n;
  }
  // Updates count too: the newest change anywhere.
  const { rows } = await sql<{ latest: string }>`
    select greatest((select max(updated_at) from agencies), (select max(updated_at) from agreements),
                    (select max(updated_at) from users), (select max(revoked_at) from api_clients))::text as latest`.execute(db);
  counts[`latest change ${rows[0]!.latest}`] = 1;
  return counts;
}
