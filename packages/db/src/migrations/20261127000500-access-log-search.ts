import { sql, type Kysely } from 'kysely';

/**
 * Access-log searches in index order. A privacy officer sees the agency's own actors' events and
 * every event about the agency's subjects: the row-level security policy is an `or` of two
 * agency columns, which an index led by either cannot serve, so PostgreSQL read and sorted every
 * event in the time range. Actor and subject ids are UUIDs that belong to one agency: indexes led
 * by them, then time, give a search its rows already in page order, and the policy filters them.
 * They replace the agency-led indexes on the same columns.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index access_events_by_actor_time on access_events (actor_id, occurred_at, id);
    create index access_events_by_subject_time on access_events (subject_id, occurred_at, id);
    drop index access_events_by_actor;
    drop index access_events_by_owner;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create index access_events_by_owner on access_events (owning_agency_id, subject_id);
    create index access_events_by_actor on access_events (agency_id, actor_id, occurred_at);
    drop index access_events_by_subject_time;
    drop index access_events_by_actor_time;
  `.execute(db);
}
