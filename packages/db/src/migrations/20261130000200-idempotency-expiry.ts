import { sql, type Kysely } from 'kysely';

/**
 * Idempotency keys expire (a day by default, `PONTE_IDEMPOTENCY_TTL_HOURS`): the worker sweeps
 * expired ones in bounded batches, and a principal may take back one of its own keys once expired.
 * The hub operator's keys, which belong to no agency, are kept under the nil UUID, reached by the
 * operator's role alone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table idempotency_keys add column expires_at timestamptz;
    update idempotency_keys set expires_at = created_at + interval '24 hours';
    alter table idempotency_keys alter column expires_at set not null;
    create index idempotency_keys_expiry on idempotency_keys (expires_at);

    drop policy idempotency_keys_own on idempotency_keys;
    grant delete on idempotency_keys to ponte_app;
    create policy idempotency_keys_own on idempotency_keys for all to ponte_app
      using (agency_id = nullif(current_setting('app.agency_id', true), '')::uuid)
      with check (agency_id = nullif(current_setting('app.agency_id', true), '')::uuid);
    grant select, insert, delete on idempotency_keys to ponte_operator;
    create policy idempotency_keys_operator on idempotency_keys for all to ponte_operator
      using (agency_id = '00000000-0000-0000-0000-000000000000'::uuid)
      with check (agency_id = '00000000-0000-0000-0000-000000000000'::uuid);
    grant select, delete on idempotency_keys to ponte_worker;
    create policy idempotency_keys_sweep on idempotency_keys for all to ponte_worker using (true);
  `.execute(db);
}
