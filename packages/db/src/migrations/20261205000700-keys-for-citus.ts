import { sql, type Kysely } from 'kysely';

/**
 * Every key of a table Citus would distribute by agency includes `agency_id` (issue 19, "Citus-ready,
 * checked"; the placements are in `distribution.ts`, held to the schema by a test). Citus enforces
 * a unique key within one shard only, so a key without the distribution column cannot be declared
 * on a distributed table at all.
 *
 * - `unique (id)` on users, API clients, subjects, referrals, events, webhook endpoints and
 *   deliveries: the keys were already `(agency_id, id)`. Ids are random UUIDs, unique in practice;
 *   the index on `id` alone stays, not unique, so a read by id alone (a recipient's read of a
 *   referral or of its subject, the worker's update of a delivery) is planned as before.
 * - An API client's `client_id` is unique within its agency. It is `<agency slug>.<random>`: the
 *   token endpoint finds the agency by the slug, then the client in that agency alone.
 * - `log_leaves` is keyed by `(log_index, agency_id)` and `(event_id, agency_id)`, led as the log's
 *   reads walk it, so that a leaf sits beside its event. One leaf a place is kept by the sealer
 *   (one at a time, under its lock) and by the tiles: a place's hash is written once, only ever
 *   extended, in the transaction that appends the leaf, so a second leaf at a place fails the seal.
 *
 * Agreements, subject owners and witness keys keep their keys: they are reference tables, copied
 * whole to every node, where any unique key holds.
 */
const BY_ID = ['users', 'api_clients', 'subjects', 'referrals', 'events', 'webhook_endpoints', 'webhook_deliveries'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of BY_ID) {
    await sql`
      alter table ${sql.table(table)} drop constraint ${sql.id(`${table}_id_key`)};
      create index ${sql.id(`${table}_by_id`)} on ${sql.table(table)} (id);
    `.execute(db);
  }
  await sql`
    alter table api_clients drop constraint api_clients_client_id_key;
    alter table api_clients add constraint api_clients_client_id_key unique (agency_id, client_id);

    alter table log_leaves drop constraint log_leaves_pkey;
    alter table log_leaves add constraint log_leaves_pkey primary key (log_index, agency_id);
    alter table log_leaves drop constraint log_leaves_event_id_key;
    alter table log_leaves add constraint log_leaves_event_id_key unique (event_id, agency_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table log_leaves drop constraint log_leaves_event_id_key;
    alter table log_leaves add constraint log_leaves_event_id_key unique (event_id);
    alter table log_leaves drop constraint log_leaves_pkey;
    alter table log_leaves add constraint log_leaves_pkey primary key (log_index);

    alter table api_clients drop constraint api_clients_client_id_key;
    alter table api_clients add constraint api_clients_client_id_key unique (client_id);
  `.execute(db);
  for (const table of BY_ID) {
    await sql`
      drop index ${sql.id(`${table}_by_id`)};
      alter table ${sql.table(table)} add constraint ${sql.id(`${table}_id_key`)} unique (id);
    `.execute(db);
  }
}
