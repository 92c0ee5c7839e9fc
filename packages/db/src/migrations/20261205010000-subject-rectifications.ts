import { sql, type Kysely } from 'kysely';

/**
 * Corrections carried downstream (issue 22, item 2): when the agency that owns a subject corrects
 * a category that an open referral shares, the referral's history records it ("rectified:
 * categories X, at T"), and its receiver is told (a `subject.rectified` event).
 *
 * - A rectification is recorded per referral, beside the referral (`agency_id` is the referral's
 *   sending agency, which leads its keys, as the referral's transitions do). It carries the
 *   category names and the referral's status then, never a value.
 * - It is written by the subject's owner (`owning_agency_id`): the referral's sender, or the root of
 *   its chain for an onward referral (whose sender is another agency), and only on a referral of
 *   that owner's chain to the recipient named.
 * - The referral's two parties read it (the sender and the recipient), and the owner.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table referral_rectifications (
      agency_id uuid not null,
      id uuid not null default gen_random_uuid(),
      referral_id uuid not null,
      recipient_agency_id uuid not null references agencies (id),
      owning_agency_id uuid not null references agencies (id),
      status text not null,
      categories text[] not null check (cardinality(categories) between 1 and 7),
      rectified_by uuid not null,
      rectified_at timestamptz not null,
      primary key (agency_id, id),
      foreign key (agency_id, referral_id) references referrals (agency_id, id)
    );
    create index referral_rectifications_by_referral on referral_rectifications (agency_id, referral_id, rectified_at);
  `.execute(db);

  const current = sql`nullif(current_setting('app.agency_id', true), '')::uuid`;
  const notOperator = sql`coalesce(nullif(current_setting('app.actor_kind', true), ''), '-') <> 'hub_operator'`;
  await sql`
    alter table referral_rectifications enable row level security;
    alter table referral_rectifications force row level security;
    create policy referral_rectifications_parties on referral_rectifications for select to ponte_app using (${notOperator} and (
      agency_id = ${current} or recipient_agency_id = ${current} or owning_agency_id = ${current}));
    create policy referral_rectifications_owner on referral_rectifications for insert to ponte_app with check (${notOperator} and owning_agency_id = ${current} and exists (
      select 1 from referrals r
      where r.agency_id = referral_rectifications.agency_id and r.id = referral_rectifications.referral_id
        and r.recipient_agency_id = referral_rectifications.recipient_agency_id
        and coalesce(r.root_agency_id, r.agency_id) = ${current}));
    grant select, insert on referral_rectifications to ponte_app;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table referral_rectifications`.execute(db);
}
