import { sql, type Kysely } from 'kysely';

/**
 * Transfers of responsibility (issue 21, item 4): the agency that owns a subject hands the case
 * over for good to another agency, which accepts and gets its own subject record.
 *
 * - A transfer belongs to the sending agency (`agency_id`, which leads its keys, beside the subject
 *   it is about) and is visible to its recipient agency, as a referral is. Either party moves it
 *   (the recipient accepts or declines, the sender cancels); neither may move it to another agency.
 * - At most one live transfer (pending or accepted) per subject: a second request while one is
 *   pending, or after one was accepted, is refused by the hub and, in a race, by the index.
 * - `received_subject_id`: the receiving agency's own record, made on acceptance (in the
 *   recipient's shard: no foreign key across agencies). `read_only_from`: from when the sender's
 *   record is read-only for its people (acceptance plus the hub's grace period).
 * - While a transfer is pending, its recipient sees the sender's subject row, the consent it
 *   rests on and that consent's withdrawal, as it must to accept (to copy the transferred
 *   categories and check the consent still holds); not before, not after.
 * - Both parties write the events of a transfer to both agencies' feeds.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table subject_transfers (
      agency_id uuid not null,
      id uuid not null default gen_random_uuid(),
      subject_id uuid not null,
      recipient_agency_id uuid not null references agencies (id),
      consent_id uuid not null,
      legal_basis text not null,
      purpose text not null,
      categories text[] not null check (cardinality(categories) between 1 and 7),
      reason text not null check (length(reason) between 1 and 1000),
      status text not null default 'pending' check (status in ('pending', 'accepted', 'declined', 'cancelled')),
      requested_by uuid not null,
      requested_at timestamptz not null,
      decided_by uuid,
      decided_at timestamptz,
      decline_reason text check (length(decline_reason) between 1 and 1000),
      received_subject_id uuid,
      read_only_from timestamptz,
      version integer not null default 1 check (version > 0),
      primary key (agency_id, id),
      foreign key (agency_id, subject_id) references subjects (agency_id, id),
      check (recipient_agency_id <> agency_id),
      check (status <> 'accepted' or (received_subject_id is not null and read_only_from is not null and decided_at is not null)),
      check (status <> 'declined' or decline_reason is not null)
    );
    create unique index subject_transfers_one_live on subject_transfers (agency_id, subject_id) where status in ('pending', 'accepted');
    create index subject_transfers_sent on subject_transfers (agency_id, requested_at, id);
    create index subject_transfers_received on subject_transfers (recipient_agency_id, requested_at, id);
  `.execute(db);

  const current = sql`nullif(current_setting('app.agency_id', true), '')::uuid`;
  const notOperator = sql`coalesce(nullif(current_setting('app.actor_kind', true), ''), '-') <> 'hub_operator'`;
  const parties = sql`(agency_id = ${current} or recipient_agency_id = ${current})`;
  await sql`
    alter table subject_transfers enable row level security;
    alter table subject_transfers force row level security;
    create policy subject_transfers_parties on subject_transfers for select to ponte_app using (${notOperator} and ${parties});
    create policy subject_transfers_insert on subject_transfers for insert to ponte_app with check (${notOperator} and agency_id = ${current});
    create policy subject_transfers_update on subject_transfers for update to ponte_app using (${notOperator} and ${parties}) with check (${notOperator} and ${parties});
    grant select, insert, update on subject_transfers to ponte_app;

    create policy subjects_transferring on subjects for select to ponte_app using (${notOperator} and exists (
      select 1 from subject_transfers t
      where t.agency_id = subjects.agency_id and t.subject_id = subjects.id
        and t.recipient_agency_id = ${current} and t.status = 'pending'));
    create policy consents_transferring on consents for select to ponte_app using (${notOperator} and exists (
      select 1 from subject_transfers t
      where t.agency_id = consents.agency_id and t.consent_id = consents.consent_id
        and t.recipient_agency_id = ${current} and t.status = 'pending'));
    create policy consent_withdrawals_transferring on consent_withdrawals for select to ponte_app using (${notOperator} and exists (
      select 1 from subject_transfers t
      where t.agency_id = consent_withdrawals.agency_id and t.consent_id = consent_withdrawals.consent_id
        and t.recipient_agency_id = ${current} and t.status = 'pending'));

    create policy events_insert_transfer on events for insert to ponte_app with check (${notOperator} and exists (
      select 1 from subject_transfers t where t.id::text = events.payload ->> 'transferId'
        and events.agency_id in (t.agency_id, t.recipient_agency_id)
        and ${current} in (t.agency_id, t.recipient_agency_id)));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop policy events_insert_transfer on events;
    drop policy consent_withdrawals_transferring on consent_withdrawals;
    drop policy consents_transferring on consents;
    drop policy subjects_transferring on subjects;
    drop table subject_transfers;
  `.execute(db);
}
