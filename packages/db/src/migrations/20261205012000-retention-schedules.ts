import { sql, type Kysely } from 'kysely';

/**
 * Retention schedules (issue 22, item 4): how long an agency keeps the personal data of a closed
 * case, and the worker's daily runs that erase or anonymise what is due.
 *
 * - `agencies.retention_minimum_days`: the agency's legal minimum retention, set by the hub
 *   operator (a prosecutor's files may have to be kept for years); no rule of the agency's
 *   schedule may be shorter. 0: no minimum.
 * - `retention_schedules`: one row per agency, its rules as a list (per service, and at most one
 *   default), with a version for `If-Match`. No personal data.
 * - `retention_runs`: one run per agency and day (the unique key is the claim: two workers
 *   cannot both run it), leased while it runs so that a run whose worker died is taken over; its
 *   report holds subject ids and outcomes only.
 *
 * - `access_events.actor_kind` may be `system`: the retention job erases as the agency's own
 *   system actor (its id: the run's), not as a person or an API client.
 *
 * The agency's privacy officer and administrator read both through the application role; the
 * worker reads every agency's schedule and writes the runs; nothing else writes them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table agencies add column retention_minimum_days integer not null default 0 check (retention_minimum_days between 0 and 36500);

    create table retention_schedules (
      agency_id uuid not null references agencies (id),
      rules jsonb not null default '[]'::jsonb check (jsonb_typeof(rules) = 'array'),
      version integer not null default 1 check (version > 0),
      updated_by uuid not null,
      updated_at timestamptz not null,
      primary key (agency_id)
    );

    create table retention_runs (
      agency_id uuid not null references agencies (id),
      id uuid not null default gen_random_uuid(),
      run_day date not null,
      status text not null default 'running' check (status in ('running', 'finished')),
      started_at timestamptz not null,
      finished_at timestamptz,
      lease_until timestamptz not null,
      erased integer not null default 0 check (erased >= 0),
      anonymised integer not null default 0 check (anonymised >= 0),
      held integer not null default 0 check (held >= 0),
      failed integer not null default 0 check (failed >= 0),
      subjects jsonb not null default '[]'::jsonb check (jsonb_typeof(subjects) = 'array'),
      primary key (agency_id, id),
      unique (agency_id, run_day),
      check (status <> 'finished' or finished_at is not null)
    );
    create index retention_runs_recent on retention_runs (agency_id, started_at desc, id);
  `.execute(db);

  // The retention job erases as the agency's own system actor: the access log names it so.
  await replaceActorKindCheck(db, ['user', 'client', 'hub_operator', 'system']);

  const current = sql`nullif(current_setting('app.agency_id', true), '')::uuid`;
  const notOperator = sql`coalesce(nullif(current_setting('app.actor_kind', true), ''), '-') <> 'hub_operator'`;
  await sql`
    alter table retention_schedules enable row level security;
    alter table retention_schedules force row level security;
    create policy retention_schedules_own on retention_schedules for all to ponte_app using (${notOperator} and agency_id = ${current}) with check (${notOperator} and agency_id = ${current});
    grant select, insert, update on retention_schedules to ponte_app;
    create policy retention_schedules_worker on retention_schedules for select to ponte_worker using (true);
    grant select on retention_schedules to ponte_worker;

    alter table retention_runs enable row level security;
    alter table retention_runs force row level security;
    create policy retention_runs_own on retention_runs for select to ponte_app using (${notOperator} and agency_id = ${current});
    grant select on retention_runs to ponte_app;
    create policy retention_runs_worker on retention_runs for all to ponte_worker using (true) with check (true);
    grant select, insert, update on retention_runs to ponte_worker;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table retention_runs;
    drop table retention_schedules;
    alter table agencies drop column retention_minimum_days;
  `.execute(db);
  await replaceActorKindCheck(db, ['user', 'client', 'hub_operator']);
}

/** The access log's check on who acts, found by its definition (as 20261205000300-account-lifecycle does), and written anew. */
async function replaceActorKindCheck(db: Kysely<any>, kinds: string[]): Promise<void> {
  await sql`
    do $$
    declare c text;
    begin
      for c in select conname from pg_constraint where conrelid = 'access_events'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%actor_kind%' loop
        execute format('alter table access_events drop constraint %I', c);
      end loop;
    end $$;
  `.execute(db);
  await sql`alter table access_events add constraint access_events_actor_kind check (actor_kind in (${sql.join(kinds.map((k) => sql.lit(k)))}))`.execute(db);
}
