-- Ponte on Citus: which table goes where. On paper: Citus is not installable on the machines this
-- project is built on (see README.md beside this file); test/db/citus-ready.int.test.ts holds the
-- schema and this file to packages/db/src/distribution.ts, the one list of placements.
--
-- Run once, as the schema's owner, on the Citus coordinator, after `pnpm ponte migrate` and before any
-- data is written (an empty schema distributes at once; a full one copies every row):
--
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -1 -f infra/citus/distribute.sql
--
-- Tables not named here (the migration ledger, operators, signing keys, console sessions, rate
-- limits and the access log's heads, tiles and archives) stay plain tables on the coordinator.

-- Reference tables first: a distributed table's foreign keys to them need them in place. agencies
-- first of all: every other table references it.
select create_reference_table('agencies');
select create_reference_table('agency_services');
select create_reference_table('agreements');
select create_reference_table('subject_owners');
select create_reference_table('log_witness_keys');

-- An agency's own rows, sharded by agency_id, in one co-location group: the group starts with
-- users; each table after a table its foreign keys reference (subjects after users, referrals
-- after subjects, deliveries after events and endpoints).
select create_distributed_table('users', 'agency_id', colocate_with => 'none');
select create_distributed_table('api_clients', 'agency_id', colocate_with => 'users');
select create_distributed_table('subjects', 'agency_id', colocate_with => 'users');
select create_distributed_table('subject_assignments', 'agency_id', colocate_with => 'users');
select create_distributed_table('consents', 'agency_id', colocate_with => 'users');
select create_distributed_table('consent_withdrawals', 'agency_id', colocate_with => 'users');
select create_distributed_table('break_glass_grants', 'agency_id', colocate_with => 'users');
select create_distributed_table('referrals', 'agency_id', colocate_with => 'users');
select create_distributed_table('referral_transitions', 'agency_id', colocate_with => 'users');
select create_distributed_table('referral_rectifications', 'agency_id', colocate_with => 'users');
select create_distributed_table('referral_messages', 'agency_id', colocate_with => 'users');
select create_distributed_table('referral_message_reads', 'agency_id', colocate_with => 'users');
select create_distributed_table('documents', 'agency_id', colocate_with => 'users');
select create_distributed_table('document_chunks', 'agency_id', colocate_with => 'users');
select create_distributed_table('subject_transfers', 'agency_id', colocate_with => 'users');
select create_distributed_table('legal_holds', 'agency_id', colocate_with => 'users');
select create_distributed_table('purge_requests', 'agency_id', colocate_with => 'users');
select create_distributed_table('retention_schedules', 'agency_id', colocate_with => 'users');
select create_distributed_table('retention_runs', 'agency_id', colocate_with => 'users');
select create_distributed_table('event_counters', 'agency_id', colocate_with => 'users');
select create_distributed_table('events', 'agency_id', colocate_with => 'users');
select create_distributed_table('webhook_endpoints', 'agency_id', colocate_with => 'users');
select create_distributed_table('webhook_deliveries', 'agency_id', colocate_with => 'users');
select create_distributed_table('idempotency_keys', 'agency_id', colocate_with => 'users');
-- Partitioned by month: Citus distributes its months with it, and each month made later.
select create_distributed_table('access_events', 'agency_id', colocate_with => 'users');
select create_distributed_table('log_pending', 'agency_id', colocate_with => 'users');
select create_distributed_table('log_leaves', 'agency_id', colocate_with => 'users');
select create_distributed_table('access_reviews', 'agency_id', colocate_with => 'users');
select create_distributed_table('log_verifications', 'agency_id', colocate_with => 'users');
select create_distributed_table('log_cosignatures', 'agency_id', colocate_with => 'users');
