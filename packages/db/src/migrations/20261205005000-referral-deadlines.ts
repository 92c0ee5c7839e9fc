import { sql, type Kysely } from 'kysely';

/**
 * Response deadlines (issue 21, item 2): how long a receiving agency has to accept or decline.
 *
 * - An agreement may set the response time per urgency, in hours (`response_hours_emergency`,
 *   `_priority`, `_routine`); null means the hub's default (24, 72 and 240 hours).
 * - A referral stores `respond_by`, computed once when it is sent (sent_at + the response time of
 *   its urgency under the agreement in force then), so a later change of the agreement does not
 *   move it. Referrals sent before this migration get the default for their urgency.
 * - `response_overdue_at` / `completion_overdue_at`: when the hub first found the referral past
 *   its response deadline (still `sent`) or past the sender's `due_date` (still accepted or in
 *   progress) and told both agencies (`referral.overdue`): once per referral per deadline.
 * - The worker finds and flags them across agencies: it reads a referral's ids, state and
 *   deadlines (no case data: not the subject, the consent, the note, the outcome), sets the two
 *   flags and writes the events both parties receive.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table agreements
      add column response_hours_emergency integer check (response_hours_emergency between 1 and 2160),
      add column response_hours_priority integer check (response_hours_priority between 1 and 2160),
      add column response_hours_routine integer check (response_hours_routine between 1 and 2160);

    alter table referrals
      add column respond_by timestamptz,
      add column response_overdue_at timestamptz,
      add column completion_overdue_at timestamptz;
    update referrals set respond_by = sent_at + make_interval(hours => case urgency when 'emergency' then 24 when 'priority' then 72 else 240 end)
      where sent_at is not null;
    create index referrals_awaiting_response on referrals (agency_id, respond_by) where status = 'sent';

    grant select (agency_id, id, recipient_agency_id, status, version, service, urgency, sent_at, respond_by, due_date, response_overdue_at, completion_overdue_at)
      on referrals to ponte_worker;
    grant update (response_overdue_at, completion_overdue_at) on referrals to ponte_worker;
    create policy referrals_worker_read on referrals for select to ponte_worker using (status <> 'draft');
    create policy referrals_worker_overdue on referrals for update to ponte_worker using (status <> 'draft') with check (status <> 'draft');
    -- The worker writes the overdue events of a referral to its two parties, and to no one else.
    grant insert on events to ponte_worker;
    create policy events_worker_overdue on events for insert to ponte_worker with check (type = 'referral.overdue' and exists (
      select 1 from referrals r where r.id = events.referral_id and events.agency_id in (r.agency_id, r.recipient_agency_id)));
    grant execute on function take_event_numbers(uuid[], integer[]) to ponte_worker;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    revoke execute on function take_event_numbers(uuid[], integer[]) from ponte_worker;
    drop policy events_worker_overdue on events;
    revoke insert on events from ponte_worker;
    drop policy referrals_worker_overdue on referrals;
    drop policy referrals_worker_read on referrals;
    revoke all on referrals from ponte_worker;
    drop index referrals_awaiting_response;
    alter table referrals drop column completion_overdue_at, drop column response_overdue_at, drop column respond_by;
    alter table agreements drop column response_hours_routine, drop column response_hours_priority, drop column response_hours_emergency;
  `.execute(db);
}
