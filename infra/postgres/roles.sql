-- Roles for a PostgreSQL deployment of Ponte. Run once as a superuser, then set
--   PONTE_MIGRATION_DATABASE_URL=postgres://ponte_owner:...@host/ponte   (migrations, schema owner)
--   DATABASE_URL=postgres://ponte_hub:...@host/ponte                     (every request)
-- The hub switches into `ponte_app` inside each transaction; row-level security applies to it,
-- and it owns nothing, so FORCE ROW LEVEL SECURITY is never bypassed by ownership.

create role ponte_owner login password 'change-me-owner';
create role ponte_app nologin;
-- The hub's login: may become ponte_app, has no rights of its own (NOINHERIT), owns nothing.
create role ponte_hub login noinherit password 'change-me-hub' in role ponte_app;
grant ponte_app to ponte_owner;

create database ponte owner ponte_owner;
\connect ponte
revoke all on schema public from public;
grant usage, create on schema public to ponte_owner;
