import { sql, type Kysely } from 'kysely';

/**
 * Access events get time-ordered ids (UUID version 7, RFC 9562: the first 48 bits the time in
 * milliseconds, the rest random), not random ones. Every index that holds an event id (the events'
 * key in each month, the leaves' event ids, the sealing queue) then grows at its right edge, as the
 * log does, instead of touching a random page of an index larger than memory at every append and
 * every seal. Ids already given keep their value.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create function uuid_v7(at timestamptz default clock_timestamp()) returns uuid
    language sql volatile parallel safe set search_path = pg_catalog as $fn$
      -- A random (version 4) UUID, its first 48 bits replaced by the time and its version set to 7.
      select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing substring(int8send(floor(extract(epoch from at) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid
    $fn$;
    alter table access_events alter column id set default uuid_v7();
    `,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`alter table access_events alter column id set default gen_random_uuid(); drop function uuid_v7(timestamptz);`).execute(db);
}
