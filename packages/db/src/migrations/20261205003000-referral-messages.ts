import { sql, type Kysely } from 'kysely';

/**
 * A referral's conversation (issue 21, item 1): messages between the two agencies' people on a
 * referral, and who has read them.
 *
 * - A message belongs to the referral's sending agency (`agency_id`, which leads its keys, beside
 *   the referral) and is visible to its recipient agency, as the referral and its transitions are.
 *   Its author's agency must be the agency the unit of work runs for, and one of the two parties.
 * - `personal_data_flagged`: the hub found in it a name or the date of birth of the subject that
 *   the receiving agency was not shared (`identity`); a privacy officer reviews it. The flag holds
 *   no text: the access log records the write under its rule, and the flag is computed from there.
 * - Read receipts are kept per reader (who read it, when, once), not per agency: an agency's
 *   accountability for what its people saw is per person, as the access log is; the API shows
 *   each side when the other side first read a message.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table referral_messages (
      agency_id uuid not null,
      id uuid not null default gen_random_uuid(),
      referral_id uuid not null,
      recipient_agency_id uuid not null,
      author_agency_id uuid not null,
      author_id uuid not null,
      body text not null check (length(body) between 1 and 4000),
      personal_data_flagged boolean not null default false,
      created_at timestamptz not null,
      primary key (agency_id, id),
      foreign key (agency_id, referral_id) references referrals (agency_id, id),
      check (author_agency_id in (agency_id, recipient_agency_id))
    );
    create index referral_messages_by_referral on referral_messages (agency_id, referral_id, created_at, id);

    create table referral_message_reads (
      agency_id uuid not null,
      message_id uuid not null,
      recipient_agency_id uuid not null,
      reader_agency_id uuid not null,
      reader_id uuid not null,
      read_at timestamptz not null,
      primary key (agency_id, message_id, reader_id),
      foreign key (agency_id, message_id) references referral_messages (agency_id, id),
      check (reader_agency_id in (agency_id, recipient_agency_id))
    );
  `.execute(db);

  const current = sql`nullif(current_setting('app.agency_id', true), '')::uuid`;
  const notOperator = sql`coalesce(nullif(current_setting('app.actor_kind', true), ''), '-') <> 'hub_operator'`;
  const parties = sql`(agency_id = ${current} or recipient_agency_id = ${current})`;
  await sql`
    alter table referral_messages enable row level security;
    alter table referral_messages force row level security;
    create policy referral_messages_parties on referral_messages for select to ponte_app using (${notOperator} and ${parties});
    create policy referral_messages_insert on referral_messages for insert to ponte_app
      with check (${notOperator} and ${parties} and author_agency_id = ${current});
    grant select, insert on referral_messages to ponte_app;

    alter table referral_message_reads enable row level security;
    alter table referral_message_reads force row level security;
    create policy referral_message_reads_parties on referral_message_reads for select to ponte_app using (${notOperator} and ${parties});
    create policy referral_message_reads_insert on referral_message_reads for insert to ponte_app
      with check (${notOperator} and ${parties} and reader_agency_id = ${current});
    grant select, insert on referral_message_reads to ponte_app;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table referral_message_reads; drop table referral_messages;`.execute(db);
}
