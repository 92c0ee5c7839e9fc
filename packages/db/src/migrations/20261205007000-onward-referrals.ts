import { sql, type Kysely } from 'kysely';

/**
 * Onward referrals (issue 21, item 3): the receiving agency of an accepted referral refers the
 * person on to a third agency.
 *
 * - An onward referral is a referral like any other, owned by the agency that sends it on
 *   (`agency_id`, the receiver of its parent) and visible to its recipient. It names its parent
 *   (`parent_referral_id`) and the root of its chain: the first referral (`root_referral_id`), the
 *   agency that owns the subject (`root_agency_id`) and the consent the chain began under
 *   (`root_consent_id`). All four are set together, and only on an onward referral.
 * - The subject stays in its owner's shard: an onward referral names it by id, and its sender may
 *   write one only while it is the recipient of the parent, accepted or in progress, for the same
 *   subject, with the chain copied from the parent (the insert policy checks all of it). The
 *   foreign key from a referral to its subject in the same agency holds for every other referral,
 *   by a trigger, since an onward referral's subject is in another agency. A referral's subject and
 *   place in its chain never change once written (another trigger).
 * - The consent it rests on is either the root consent or a new one the sending agency records
 *   with the person on the spot: a consent row of that agency on the subject, naming the referral
 *   through which the agency knows the subject (`via_referral_id`), allowed only while that
 *   referral is accepted or in progress. Every other consent stays tied to a subject of its agency.
 * - The recipient of an accepted onward referral sees the subject's row (the policy decides which
 *   categories) and the root consent with its withdrawal (so that a withdrawal stops its reads);
 *   nothing else of the owner's. The owner sees the onward referrals of its subjects (a view shows
 *   it what it may know of them), and tells every agency in the chain to purge on a withdrawal.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const agency = `nullif(current_setting('app.agency_id', true), '')::uuid`;
  await sql
    .raw(
      `
    alter table referrals
      add column parent_referral_id uuid,
      add column root_referral_id uuid,
      add column root_agency_id uuid references agencies (id),
      add column root_consent_id uuid,
      add constraint referrals_chain_whole check (
        (parent_referral_id is null) = (root_referral_id is null)
        and (parent_referral_id is null) = (root_agency_id is null)
        and (parent_referral_id is null) = (root_consent_id is null)),
      add constraint referrals_onward_not_to_owner check (root_agency_id is null or (root_agency_id <> recipient_agency_id and root_agency_id <> agency_id));
    create index referrals_by_parent on referrals (agency_id, parent_referral_id) where parent_referral_id is not null;
    create index referrals_by_root on referrals (root_agency_id, root_consent_id) where root_agency_id is not null;

    alter table consents add column via_referral_id uuid;

    -- A referral's subject and a consent's subject are the agency's own, except on the chain.
    alter table referrals drop constraint referrals_agency_id_subject_id_fkey;
    alter table consents drop constraint consents_agency_id_subject_id_fkey;
    create function referral_subject_of_own_agency() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public as $fn$
    begin
      if new.parent_referral_id is null and not exists (select 1 from public.subjects s where s.agency_id = new.agency_id and s.id = new.subject_id) then
        raise exception 'the subject % is not one of the agency''s', new.subject_id using errcode = '23503';
      end if;
      return new;
    end
    $fn$;
    create function consent_subject_of_own_agency() returns trigger
    language plpgsql security definer set search_path = pg_catalog, public as $fn$
    begin
      if new.via_referral_id is null and not exists (select 1 from public.subjects s where s.agency_id = new.agency_id and s.id = new.subject_id) then
        raise exception 'the subject % is not one of the agency''s', new.subject_id using errcode = '23503';
      end if;
      return new;
    end
    $fn$;
    revoke all on function referral_subject_of_own_agency() from public;
    revoke all on function consent_subject_of_own_agency() from public;
    create trigger referrals_subject_of_own_agency before insert or update of agency_id, subject_id, parent_referral_id on referrals
      for each row execute function referral_subject_of_own_agency();
    create trigger consents_subject_of_own_agency before insert or update of agency_id, subject_id, via_referral_id on consents
      for each row execute function consent_subject_of_own_agency();

    -- A referral's place in its chain is set when it is written and never changes.
    create function referral_chain_fixed() returns trigger
    language plpgsql set search_path = pg_catalog, public as $fn$
    begin
      if (new.parent_referral_id, new.root_referral_id, new.root_agency_id, new.root_consent_id, new.subject_id)
         is distinct from (old.parent_referral_id, old.root_referral_id, old.root_agency_id, old.root_consent_id, old.subject_id) then
        raise exception 'a referral''s subject and place in its chain do not change' using errcode = '42501';
      end if;
      return new;
    end
    $fn$;
    create trigger referrals_chain_fixed before update of parent_referral_id, root_referral_id, root_agency_id, root_consent_id, subject_id on referrals
      for each row execute function referral_chain_fixed();

    -- Writing on the chain: only the recipient of the parent, while it is accepted or in progress.
    drop policy referrals_insert on referrals;
    create policy referrals_insert on referrals for insert to ponte_app with check (agency_id = ${agency} and (parent_referral_id is null or exists (
      select 1 from referrals p
      where p.id = referrals.parent_referral_id and p.recipient_agency_id = ${agency} and p.subject_id = referrals.subject_id
        and p.status in ('accepted', 'in_progress')
        and referrals.root_referral_id = coalesce(p.root_referral_id, p.id)
        and referrals.root_agency_id = coalesce(p.root_agency_id, p.agency_id)
        and referrals.root_consent_id = coalesce(p.root_consent_id, p.consent_id))));
    drop policy consents_own on consents;
    create policy consents_own on consents for all to ponte_app using (agency_id = ${agency}) with check (agency_id = ${agency} and (via_referral_id is null or exists (
      select 1 from referrals r
      where r.id = consents.via_referral_id and r.recipient_agency_id = ${agency} and r.subject_id = consents.subject_id
        and r.status in ('accepted', 'in_progress'))));

    -- The owner sees the onward referrals of its subjects; the recipient of one, the subject and the root consent.
    create policy referrals_root on referrals for select to ponte_app using (root_agency_id = ${agency} and status <> 'draft');
    create policy subjects_referred_onward on subjects for select to ponte_app using (exists (
      select 1 from referrals r
      where r.root_agency_id = subjects.agency_id and r.subject_id = subjects.id
        and r.recipient_agency_id = ${agency} and r.status in ('accepted', 'in_progress')));
    create policy consents_referred_onward on consents for select to ponte_app using (exists (
      select 1 from referrals r
      where r.root_agency_id = consents.agency_id and r.root_consent_id = consents.consent_id
        and r.recipient_agency_id = ${agency} and r.status in ('sent', 'accepted', 'in_progress')));
    create policy consent_withdrawals_referred_onward on consent_withdrawals for select to ponte_app using (exists (
      select 1 from referrals r
      where r.root_agency_id = consent_withdrawals.agency_id and r.root_consent_id = consent_withdrawals.consent_id
        and r.recipient_agency_id = ${agency} and r.status in ('sent', 'accepted', 'in_progress')));

    -- The owner's purge requests reach every agency of the chain.
    drop policy events_insert on events;
    create policy events_insert on events for insert to ponte_app with check (agency_id = ${agency} or exists (
      select 1 from referrals r where r.id = events.referral_id
        and events.agency_id in (r.agency_id, r.recipient_agency_id)
        and (r.agency_id = ${agency} or r.recipient_agency_id = ${agency} or r.root_agency_id = ${agency})));
  `,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const agency = `nullif(current_setting('app.agency_id', true), '')::uuid`;
  await sql
    .raw(
      `
    drop policy events_insert on events;
    create policy events_insert on events for insert to ponte_app with check (agency_id = ${agency} or exists (
      select 1 from referrals r where r.id = events.referral_id
        and events.agency_id in (r.agency_id, r.recipient_agency_id)
        and (r.agency_id = ${agency} or r.recipient_agency_id = ${agency})));
    drop policy consent_withdrawals_referred_onward on consent_withdrawals;
    drop policy consents_referred_onward on consents;
    drop policy subjects_referred_onward on subjects;
    drop policy referrals_root on referrals;
    drop policy consents_own on consents;
    create policy consents_own on consents for all to ponte_app using (agency_id = ${agency}) with check (agency_id = ${agency});
    drop policy referrals_insert on referrals;
    create policy referrals_insert on referrals for insert to ponte_app with check (agency_id = ${agency});
    drop trigger referrals_chain_fixed on referrals;
    drop function referral_chain_fixed();
    drop trigger consents_subject_of_own_agency on consents;
    drop trigger referrals_subject_of_own_agency on referrals;
    drop function consent_subject_of_own_agency();
    drop function referral_subject_of_own_agency();
    alter table consents drop column via_referral_id;
    alter table referrals
      drop column root_consent_id, drop column root_agency_id, drop column root_referral_id, drop column parent_referral_id;
    alter table consents add constraint consents_agency_id_subject_id_fkey foreign key (agency_id, subject_id) references subjects (agency_id, id);
    alter table referrals add constraint referrals_agency_id_subject_id_fkey foreign key (agency_id, subject_id) references subjects (agency_id, id);
  `,
    )
    .execute(db);
}
