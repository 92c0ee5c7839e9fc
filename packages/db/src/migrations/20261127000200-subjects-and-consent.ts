import { sql, type Kysely } from 'kysely';

/**
 * Data subjects, their assignments, consent (append-only, versioned), withdrawals,
 * break-glass grants and the access log.
 *
 * Case tables admit only their own agency, and never the hub operator even when an agency is
 * set. Consents, withdrawals, assignments and access events are append-only: the application
 * role may insert and read them, never update or delete.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table users drop constraint users_roles_check;
    alter table users add constraint users_roles_check check (
      cardinality(roles) > 0
      and roles <@ array['caseworker', 'supervisor', 'intake_focal_point', 'privacy_officer', 'agency_admin', 'child_protection_officer']);
    alter table api_clients drop constraint api_clients_roles_check;
    alter table api_clients add constraint api_clients_roles_check check (
      cardinality(roles) > 0
      and roles <@ array['caseworker', 'supervisor', 'intake_focal_point', 'privacy_officer', 'agency_admin', 'child_protection_officer']);
    alter table users add column team text check (team ~ '^[a-z0-9][a-z0-9-]{0,39}$');

    create table subjects (
      agency_id uuid not null references agencies (id),
      id uuid not null default gen_random_uuid() unique,
      reference text not null check (reference ~ '^[A-Z0-9-]{6,40}$'),
      assigned_user_id uuid,
      team text check (team ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
      birth_date date,
      birth_date_estimated boolean not null default false,
      identity jsonb not null,
      contact jsonb,
      location jsonb,
      family jsonb,
      protection jsonb,
      health jsonb,
      legal jsonb,
      created_by uuid not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      version integer not null default 1 check (version > 0),
      primary key (agency_id, id),
      unique (agency_id, reference),
      foreign key (agency_id, assigned_user_id) references users (agency_id, id)
    );
    create index subjects_by_assignee on subjects (agency_id, assigned_user_id);
    create index subjects_by_team on subjects (agency_id, team);

    create table subject_assignments (
      agency_id uuid not null,
      id uuid not null default gen_random_uuid(),
      subject_id uuid not null,
      assigned_user_id uuid,
      team text,
      assigned_by uuid not null,
      reason text,
      assigned_at timestamptz not null,
      primary key (agency_id, id),
      foreign key (agency_id, subject_id) references subjects (agency_id, id)
    );
    create index subject_assignments_by_subject on subject_assignments (agency_id, subject_id, assigned_at);

    create table consents (
      agency_id uuid not null,
      id uuid not null default gen_random_uuid(),
      consent_id uuid not null,
      version integer not null check (version > 0),
      subject_id uuid not null,
      granted_by text not null check (granted_by in ('subject', 'guardian', 'best_interests_determination')),
      grantor jsonb,
      guardian_reason text,
      child_assent text check (child_assent in ('given', 'refused', 'not_capable')),
      method text not null check (method in ('written', 'verbal_with_witness', 'thumbprint', 'electronic')),
      witness jsonb,
      language text not null check (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
      interpreter_used boolean not null,
      purposes text[] not null check (cardinality(purposes) > 0),
      recipient_agency_ids uuid[] not null default '{}',
      categories text[] not null check (
        cardinality(categories) > 0
        and categories <@ array['identity', 'contact', 'location', 'family', 'protection', 'health', 'legal']),
      legal_basis text not null check (legal_basis in ('consent', 'vital_interests', 'legal_obligation', 'public_task')),
      valid_from timestamptz not null,
      valid_until timestamptz not null,
      recorded_by uuid not null,
      recorded_at timestamptz not null,
      primary key (agency_id, id),
      unique (agency_id, consent_id, version),
      foreign key (agency_id, subject_id) references subjects (agency_id, id),
      check (valid_until > valid_from),
      check (granted_by <> 'guardian' or grantor is not null),
      check (granted_by <> 'best_interests_determination' or grantor is not null),
      check (method <> 'verbal_with_witness' or witness is not null)
    );
    create index consents_by_subject on consents (agency_id, subject_id);

    create table consent_withdrawals (
      agency_id uuid not null,
      consent_id uuid not null,
      requested_by text not null check (requested_by in ('subject', 'guardian', 'caseworker')),
      method text not null check (method in ('written', 'verbal_with_witness', 'thumbprint', 'electronic')),
      reason text not null check (length(reason) between 1 and 2000),
      withdrawn_by uuid not null,
      withdrawn_at timestamptz not null,
      primary key (agency_id, consent_id)
    );

    create table break_glass_grants (
      agency_id uuid not null,
      id uuid not null default gen_random_uuid(),
      subject_id uuid not null,
      user_id uuid not null,
      justification text not null check (length(justification) between 20 and 2000),
      granted_at timestamptz not null,
      expires_at timestamptz not null,
      reviewed_at timestamptz,
      reviewed_by uuid,
      review_note text,
      primary key (agency_id, id),
      foreign key (agency_id, subject_id) references subjects (agency_id, id),
      foreign key (agency_id, user_id) references users (agency_id, id),
      check (expires_at > granted_at)
    );
    create index break_glass_by_user on break_glass_grants (agency_id, user_id, expires_at);

    create table access_events (
      agency_id uuid not null references agencies (id),
      id uuid not null default gen_random_uuid(),
      occurred_at timestamptz not null,
      actor_kind text not null check (actor_kind in ('user', 'client')),
      actor_id uuid not null,
      owning_agency_id uuid,
      subject_id uuid,
      resource text not null,
      resource_id uuid,
      action text not null,
      fields text[] not null default '{}',
      purpose text,
      legal_basis text,
      decision text not null check (decision in ('allow', 'deny')),
      rule text not null,
      break_glass boolean not null default false,
      request_id text not null,
      primary key (agency_id, id)
    );
    create index access_events_by_time on access_events (agency_id, occurred_at, id);
    create index access_events_by_owner on access_events (owning_agency_id, subject_id);
  `.execute(db);

  for (const table of ['subjects', 'subject_assignments', 'consents', 'consent_withdrawals', 'break_glass_grants']) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy ${sql.id(`${table}_tenant`)} on ${sql.table(table)} for all to ponte_app
        using (agency_id = nullif(current_setting('app.agency_id', true), '')::uuid
               and coalesce(nullif(current_setting('app.actor_kind', true), ''), '-') <> 'hub_operator')
        with check (agency_id = nullif(current_setting('app.agency_id', true), '')::uuid
               and coalesce(nullif(current_setting('app.actor_kind', true), ''), '-') <> 'hub_operator');
    `.execute(db);
  }
  await sql`
    grant select, insert, update on subjects to ponte_app;
    grant select, insert on subject_assignments, consents, consent_withdrawals to ponte_app;
    grant select, insert, update on break_glass_grants to ponte_app;

    alter table access_events enable row level security;
    alter table access_events force row level security;
    -- An agency writes its own actors' events; it reads those and the events about subjects it owns.
    create policy access_events_insert on access_events for insert to ponte_app
      with check (agency_id = nullif(current_setting('app.agency_id', true), '')::uuid);
    create policy access_events_read on access_events for select to ponte_app using (
      coalesce(nullif(current_setting('app.actor_kind', true), ''), '-') <> 'hub_operator'
      and (agency_id = nullif(current_setting('app.agency_id', true), '')::uuid
           or owning_agency_id = nullif(current_setting('app.agency_id', true), '')::uuid));
    grant select, insert on access_events to ponte_app;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table access_events;
    drop table break_glass_grants;
    drop table consent_withdrawals;
    drop table consents;
    drop table subject_assignments;
    drop table subjects;
    alter table users drop column team;
  `.execute(db);
}
