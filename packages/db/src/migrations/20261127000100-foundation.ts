import { sql, type Kysely } from 'kysely';

/**
 * Foundation: agencies (the tenants), their service catalogue, data-sharing agreements,
 * identities (users, API clients, hub operators) and the hub's signing keys.
 *
 * Tenant tables lead their keys with `agency_id` and are guarded by row-level security on
 * `app.agency_id`, set per transaction with `set_config(..., true)`. Writes to the shared
 * catalogue (agencies, agreements) require `app.actor_kind = 'hub_operator'`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    do $$
    begin
      if not exists (select 1 from pg_roles where rolname = 'ponte_app') then
        create role ponte_app nologin;
      end if;
    end
    $$;
  `.execute(db);
  // The owner (whoever migrates) may switch into the application role for each unit of work.
  await sql`
    do $$
    begin
      if not pg_has_role(current_user, 'ponte_app', 'member') then
        execute format('grant ponte_app to %I', current_user);
      end if;
    end
    $$;
  `.execute(db);
  await sql`grant usage on schema public to ponte_app`.execute(db);

  await sql`
    create table agencies (
      id uuid primary key default gen_random_uuid(),
      slug text not null unique check (slug ~ '^[a-z][a-z0-9-]{1,39}$'),
      name_en text not null check (length(name_en) between 1 and 200),
      name_pt text not null check (length(name_pt) between 1 and 200),
      kind text not null check (kind in ('un_agency', 'government', 'civil_society')),
      status text not null default 'active' check (status in ('active', 'suspended')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    alter table agencies enable row level security;
    alter table agencies force row level security;
    create policy agencies_read on agencies for select to ponte_app using (true);
    create policy agencies_insert on agencies for insert to ponte_app
      with check (nullif(current_setting('app.actor_kind', true), '') = 'hub_operator');
    create policy agencies_update on agencies for update to ponte_app
      using (nullif(current_setting('app.actor_kind', true), '') = 'hub_operator')
      with check (nullif(current_setting('app.actor_kind', true), '') = 'hub_operator');
    grant select, insert, update on agencies to ponte_app;

    create table agency_services (
      agency_id uuid not null references agencies (id),
      service text not null check (service in (
        'shelter', 'medical_care', 'resettlement_medical_exam', 'psychosocial_support', 'legal_aid',
        'family_tracing', 'best_interests_determination', 'child_protection_case_management',
        'avrr_travel', 'reintegration_economic', 'reintegration_social', 'reintegration_psychosocial',
        'documentation', 'prosecution_support')),
      province text not null check (province in (
        'MZ-A', 'MZ-B', 'MZ-G', 'MZ-I', 'MZ-L', 'MZ-MPM', 'MZ-N', 'MZ-P', 'MZ-Q', 'MZ-S', 'MZ-T')),
      created_at timestamptz not null default now(),
      primary key (agency_id, service, province)
    );
    create index agency_services_by_service on agency_services (service, province);
    alter table agency_services enable row level security;
    alter table agency_services force row level security;
    -- The directory is public inside the hub: every agency may route referrals by it.
    create policy agency_services_read on agency_services for select to ponte_app using (true);
    create policy agency_services_write on agency_services for all to ponte_app
      using (nullif(current_setting('app.actor_kind', true), '') = 'hub_operator')
      with check (nullif(current_setting('app.actor_kind', true), '') = 'hub_operator');
    grant select, insert, delete on agency_services to ponte_app;

    create table agreements (
      agency_id uuid not null references agencies (id),
      id uuid not null default gen_random_uuid() unique,
      recipient_agency_id uuid not null references agencies (id),
      purposes text[] not null check (cardinality(purposes) > 0),
      categories text[] not null check (
        cardinality(categories) > 0
        and categories <@ array['identity', 'contact', 'location', 'family', 'protection', 'health', 'legal']),
      valid_from date not null,
      valid_until date not null,
      document_ref text not null check (length(document_ref) between 1 and 500),
      status text not null default 'active' check (status in ('active', 'terminated')),
      terminated_at timestamptz,
      termination_reason text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (agency_id, id),
      check (recipient_agency_id <> agency_id),
      check (valid_until >= valid_from),
      check ((status = 'terminated') = (terminated_at is not null))
    );
    create index agreements_by_recipient on agreements (recipient_agency_id, agency_id);
    alter table agreements enable row level security;
    alter table agreements force row level security;
    -- Both parties see an agreement; only the hub operator writes one.
    create policy agreements_read on agreements for select to ponte_app using (
      agency_id = nullif(current_setting('app.agency_id', true), '')::uuid
      or recipient_agency_id = nullif(current_setting('app.agency_id', true), '')::uuid
      or nullif(current_setting('app.actor_kind', true), '') = 'hub_operator');
    create policy agreements_insert on agreements for insert to ponte_app
      with check (nullif(current_setting('app.actor_kind', true), '') = 'hub_operator');
    create policy agreements_update on agreements for update to ponte_app
      using (nullif(current_setting('app.actor_kind', true), '') = 'hub_operator')
      with check (nullif(current_setting('app.actor_kind', true), '') = 'hub_operator');
    grant select, insert, update on agreements to ponte_app;

    create table users (
      agency_id uuid not null references agencies (id),
      id uuid not null default gen_random_uuid() unique,
      username text not null check (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
      display_name text not null check (length(display_name) between 1 and 200),
      password_hash text not null,
      roles text[] not null check (
        cardinality(roles) > 0
        and roles <@ array['caseworker', 'supervisor', 'intake_focal_point', 'privacy_officer', 'agency_admin']),
      status text not null default 'active' check (status in ('active', 'disabled')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      disabled_at timestamptz,
      primary key (agency_id, id),
      unique (agency_id, username)
    );
    alter table users enable row level security;
    alter table users force row level security;
    create policy users_tenant on users for all to ponte_app
      using (agency_id = nullif(current_setting('app.agency_id', true), '')::uuid)
      with check (agency_id = nullif(current_setting('app.agency_id', true), '')::uuid);
    grant select, insert, update on users to ponte_app;

    create table api_clients (
      agency_id uuid not null references agencies (id),
      id uuid not null default gen_random_uuid() unique,
      client_id text not null unique check (length(client_id) between 8 and 100),
      name text not null check (length(name) between 1 and 200),
      secret_hash text not null,
      roles text[] not null check (
        cardinality(roles) > 0
        and roles <@ array['caseworker', 'supervisor', 'intake_focal_point', 'privacy_officer', 'agency_admin']),
      status text not null default 'active' check (status in ('active', 'revoked')),
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      primary key (agency_id, id)
    );
    alter table api_clients enable row level security;
    alter table api_clients force row level security;
    create policy api_clients_tenant on api_clients for all to ponte_app
      using (agency_id = nullif(current_setting('app.agency_id', true), '')::uuid)
      with check (agency_id = nullif(current_setting('app.agency_id', true), '')::uuid);
    grant select, insert, update on api_clients to ponte_app;

    create table operators (
      id uuid primary key default gen_random_uuid(),
      username text not null unique check (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
      display_name text not null check (length(display_name) between 1 and 200),
      password_hash text not null,
      status text not null default 'active' check (status in ('active', 'disabled')),
      created_at timestamptz not null default now(),
      disabled_at timestamptz
    );
    alter table operators enable row level security;
    alter table operators force row level security;
    -- Operator credentials are visible only while authenticating or to operators themselves.
    create policy operators_read on operators for select to ponte_app using (
      nullif(current_setting('app.actor_kind', true), '') in ('hub_operator', 'authenticator', 'system'));
    create policy operators_write on operators for insert to ponte_app
      with check (nullif(current_setting('app.actor_kind', true), '') in ('hub_operator', 'system'));
    grant select, insert on operators to ponte_app;

    create table signing_keys (
      kid text primary key,
      alg text not null check (alg = 'EdDSA'),
      public_jwk jsonb not null,
      private_jwk jsonb not null,
      created_at timestamptz not null default now(),
      retired_at timestamptz
    );
    alter table signing_keys enable row level security;
    alter table signing_keys force row level security;
    create policy signing_keys_app on signing_keys for all to ponte_app using (true) with check (true);
    grant select, insert on signing_keys to ponte_app;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table signing_keys;
    drop table operators;
    drop table api_clients;
    drop table users;
    drop table agreements;
    drop table agency_services;
    drop table agencies;
  `.execute(db);
}
