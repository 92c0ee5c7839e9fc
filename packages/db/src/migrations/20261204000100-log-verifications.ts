import { sql, type Kysely } from 'kysely';

/**
 * Verifications of the access log run off the request path: a privacy officer's request queues
 * one, a background runner (the hub's or the worker's, one at a time per job through
 * `for update skip locked` and a lease) verifies and records its progress and report, and the
 * officer polls it. An agency sees and queues only its own; the auditor role (which reads the whole
 * log to verify it) runs them, and writes nothing else.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const agency = `nullif(current_setting('app.agency_id', true), '')::uuid`;
  await sql`
    create table log_verifications (
      agency_id uuid not null references agencies (id),
      id uuid not null default gen_random_uuid(),
      requested_by uuid not null,
      witness text,
      status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
      checked bigint not null default 0,
      total bigint,
      report jsonb,
      created_at timestamptz not null,
      started_at timestamptz,
      finished_at timestamptz,
      lease_until timestamptz,
      primary key (agency_id, id)
    );
    create index log_verifications_pending on log_verifications (created_at) where status in ('queued', 'running');
    alter table log_verifications enable row level security;
    alter table log_verifications force row level security;
    grant select, insert on log_verifications to ponte_app;
    create policy log_verifications_own on log_verifications for all to ponte_app using (agency_id = ${sql.raw(agency)}) with check (agency_id = ${sql.raw(agency)});
    grant select, update on log_verifications to ponte_auditor;
    create policy log_verifications_auditor on log_verifications for all to ponte_auditor using (true) with check (true);
  `.execute(db);
}
