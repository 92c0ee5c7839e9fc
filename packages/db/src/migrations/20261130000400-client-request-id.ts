import { sql, type Kysely } from 'kysely';

/**
 * An access event names its request by the hub's own id; the id a caller sent, if any, is kept
 * beside it, bounded and printable, and is not part of the sealed entry (a caller's label is not
 * evidence of anything).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table access_events add column client_request_id text check (client_request_id ~ '^[\\x21-\\x7e]{1,128}$')`.execute(db);
}
