-- Roles and database for a PostgreSQL deployment of Ponte. Run as a superuser with psql; safe to
-- run again (what exists is left, passwords are set to the ones given):
--
--   psql -v ON_ERROR_STOP=1 -v db=ponte \
--        -v owner_password="$OWNER_PASSWORD" -v hub_password="$HUB_PASSWORD" \
--        -v background_password="$BACKGROUND_PASSWORD" -f infra/postgres/roles.sql
--
-- then set
--   PONTE_MIGRATION_DATABASE_URL=postgres://ponte_owner:...@host/<db>   (migrations, schema owner)
--   DATABASE_URL=postgres://ponte_hub:...@host/<db>                     (the hub)
--   DATABASE_URL=postgres://ponte_background:...@host/<db>              (services/worker)
--
-- Every unit of work switches into one NOLOGIN role inside its transaction (`SET LOCAL ROLE`),
-- and what it may do comes from that role's grants and row-level security policies, never from a
-- setting (migration 20261130000100-database-roles):
--   ponte_app            an agency's people and systems; appends to the access log, never changes it
--   ponte_authenticator  checks credentials (reads password and secret hashes), console sessions
--   ponte_operator       the hub operator: agencies, services, agreements; no case data
--   ponte_system         the hub's own tasks: signing keys, the demo seed, receipt status
--   ponte_signer         reads the signing keys, to sign with them; nothing else
--   ponte_worker         webhook delivery across agencies; sweeps expired idempotency keys; flags overdue referrals
--   ponte_sealer         seals and archives the access log
--   ponte_auditor        reads the whole access log to verify it and build proofs; records the verifications it runs
-- A login can only switch into roles it is a member of, so each login holds just what its process
-- needs, NOINHERIT, owning nothing but the owner.

\set ON_ERROR_STOP on
\if :{?db}
\else
  \echo 'set the database name: -v db=ponte'
  do $$ begin raise exception 'roles.sql needs -v db=<name>'; end $$;
\endif
\if :{?owner_password}
\else
  \echo 'set the passwords: -v owner_password=... -v hub_password=... -v background_password=...'
  do $$ begin raise exception 'roles.sql needs -v owner_password=...'; end $$;
\endif
\if :{?hub_password}
\else
  \echo 'set -v hub_password=...'
  do $$ begin raise exception 'roles.sql needs -v hub_password=...'; end $$;
\endif
\if :{?background_password}
\else
  \echo 'set -v background_password=...'
  do $$ begin raise exception 'roles.sql needs -v background_password=...'; end $$;
\endif

-- The roles units of work switch into.
select format('create role %I nologin', r)
from unnest(array['ponte_app', 'ponte_authenticator', 'ponte_operator', 'ponte_system', 'ponte_signer', 'ponte_worker', 'ponte_sealer', 'ponte_auditor']) as r
where not exists (select 1 from pg_roles where rolname = r) \gexec

-- The logins, created once; their passwords are (re)set to the ones given.
select format('create role %I login noinherit', r)
from unnest(array['ponte_owner', 'ponte_hub', 'ponte_background']) as r
where not exists (select 1 from pg_roles where rolname = r) \gexec
alter role ponte_owner login inherit nosuperuser nocreatedb nocreaterole password :'owner_password';
alter role ponte_hub login noinherit nosuperuser nocreatedb nocreaterole password :'hub_password';
alter role ponte_background login noinherit nosuperuser nocreatedb nocreaterole password :'background_password';

-- The owner migrates and may switch into every role (the migrations set up their grants).
grant ponte_app, ponte_authenticator, ponte_operator, ponte_system, ponte_signer, ponte_worker, ponte_sealer, ponte_auditor to ponte_owner;

-- The hub. With PONTE_WORKER=inline (the default) it also delivers webhooks and seals the log, so it
-- needs the worker's and the sealer's roles; with PONTE_WORKER=off and services/worker running on
-- its own login, revoke them: `revoke ponte_worker, ponte_sealer from ponte_hub;`.
grant ponte_app, ponte_authenticator, ponte_operator, ponte_system, ponte_auditor, ponte_worker, ponte_sealer to ponte_hub;

-- services/worker: delivery, sealing, verifying the log on request, and reading the hub's keys to
-- sign heads and webhooks with.
grant ponte_worker, ponte_sealer, ponte_signer, ponte_auditor to ponte_background;

-- The database, owned by the owner, once.
select format('create database %I owner ponte_owner', :'db')
where not exists (select 1 from pg_database where datname = :'db') \gexec
\connect :db
revoke all on schema public from public;
grant usage, create on schema public to ponte_owner;
-- The hub's and the worker's logins see the schema's names, so that a hub can read how far the
-- schema is migrated (kysely_migration, readable by all) and refuse to start on one behind it. It
-- grants nothing else: every table and function still needs the grants of a role the login enters,
-- and those roles have this usage already.
grant usage on schema public to ponte_hub, ponte_background;
