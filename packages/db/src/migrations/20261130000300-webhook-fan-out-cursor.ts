import { sql, type Kysely } from 'kysely';

/**
 * Each endpoint remembers how far into its agency's event numbers it has been fanned out, so the
 * worker reads only the events written since, instead of every event without a delivery. Event
 * numbers become visible in order (see migration 000300), so nothing below the mark can appear
 * later. Existing endpoints start at 0 and catch up once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table webhook_endpoints add column fanned_out_seq bigint not null default 0;
    grant update (fanned_out_seq) on webhook_endpoints to ponte_worker;
    create policy webhook_endpoints_worker_fan_out on webhook_endpoints for update to ponte_worker using (true) with check (true);
  `.execute(db);
}
