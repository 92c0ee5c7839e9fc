-- Roles for a PostgreSQL deployment of Ponte. Run once as a superuser, then set
--   PONTE_MIGRATION_DATABASE_URL=postgres://ponte_owner:...@host/ponte   (migrations, schema owner)
--   DATABASE_URL=postgres://ponte_hub:...@host/ponte                     (the hub)
--   DATABASE_URL=postgres://ponte_background:...@host/ponte              (services/worker)
--
-- Every unit of work switches into one NOLOGIN role inside its transaction (`SET LOCAL ROLE`),
-- and what it may do comes from that role's grants and row-level security policies, never from a
-- setting (migration 20261130000100-database-roles):
--   ponte_app            an agency's people and systems; appends to the access log, never changes it
--   ponte_authenticator  checks credentials (reads password and secret hashes), console sessions
--   ponte_operator       the hub operator: agencies, services, agreements; no case data
--   ponte_system         the hub's own tasks: signing keys, the demo seed, receipt status
--   ponte_signer         reads the signing keys, to sign with them; nothing else
--   ponte_worker         webhook delivery across agencies; sweeps expired idempotency keys
--   ponte_sealer         seals and archives the access log
--   ponte_auditor        reads the whole access log to verify it and build proofs
-- A login can only switch into roles it is a member of, so each login holds just what its process
-- needs, NOINHERIT, owning nothing.

create role ponte_owner login password 'change-me-owner';
create role ponte_app nologin;
create role ponte_authenticator nologin;
create role ponte_operator nologin;
create role ponte_system nologin;
create role ponte_signer nologin;
create role ponte_worker nologin;
create role ponte_sealer nologin;
create role ponte_auditor nologin;
grant ponte_app, ponte_authenticator, ponte_operator, ponte_system, ponte_signer, ponte_worker, ponte_sealer, ponte_auditor to ponte_owner;

-- The hub. With PONTE_WORKER=inline (the default) it also delivers webhooks and seals the log, so it
-- needs the worker's and the sealer's roles; with PONTE_WORKER=off and services/worker running on
-- its own login, revoke them: `revoke ponte_worker, ponte_sealer from ponte_hub;`.
create role ponte_hub login noinherit password 'change-me-hub';
grant ponte_app, ponte_authenticator, ponte_operator, ponte_system, ponte_auditor, ponte_worker, ponte_sealer to ponte_hub;

-- services/worker: delivery, sealing, and reading the hub's keys to sign heads and webhooks with.
create role ponte_background login noinherit password 'change-me-background';
grant ponte_worker, ponte_sealer, ponte_signer to ponte_background;

create database ponte owner ponte_owner;
\connect ponte
revoke all on schema public from public;
grant usage, create on schema public to ponte_owner;
