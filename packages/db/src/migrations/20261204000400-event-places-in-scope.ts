import { sql, type Kysely } from 'kysely';

/**
 * An agency finds the place in the log of an event it may see, queued or sealed, in its own unit
 * of work: the queue shows it, as the leaves already do, the places of the events the event's own
 * policy lets it read, and nothing of the rest. A proof or a review is then one unit of work, not a
 * look-up as the auditor first. Both say first whether the event is the agency's own, which needs
 * no look-up, and only then look for the event of another agency (about the agency's subject): a
 * page of a log search shows the places of its events without a look-up per event.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const agency = `nullif(current_setting('app.agency_id', true), '')::uuid`;
  await sql
    .raw(
      `
    drop policy log_leaves_app on log_leaves;
    create policy log_leaves_app on log_leaves for select to ponte_app
      using (agency_id = ${agency} or exists (select 1 from access_events e where e.agency_id = log_leaves.agency_id and e.id = log_leaves.event_id and e.occurred_at = log_leaves.occurred_at));
    grant select on log_pending to ponte_app;
    create policy log_pending_app on log_pending for select to ponte_app
      using (agency_id = ${agency} or exists (select 1 from access_events e where e.agency_id = log_pending.agency_id and e.id = log_pending.event_id and e.occurred_at = log_pending.occurred_at));
    `,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `drop policy log_pending_app on log_pending; revoke select on log_pending from ponte_app;
       drop policy log_leaves_app on log_leaves;
       create policy log_leaves_app on log_leaves for select to ponte_app
         using (exists (select 1 from access_events e where e.agency_id = log_leaves.agency_id and e.id = log_leaves.event_id and e.occurred_at = log_leaves.occurred_at));`,
    )
    .execute(db);
}
