import { sql, type Kysely } from 'kysely';

/**
 * A consent's withdrawal recorded by an agency that holds a referral under it (issue 22, item 5):
 * the person shows the printed receipt's QR at any agency working their referral, and a caseworker
 * there records the withdrawal on the spot, in the owning agency's records.
 *
 * - `recorded_by_agency_id`: the agency that recorded the withdrawal when it is not the owner (null
 *   when the owner recorded it; the owner may not name another agency). `withdrawn_by` stays the
 *   person who recorded it, a user of that agency.
 * - The recording agency's unit of work (the application role, its own agency set) may insert that
 *   one row into the owner's `consent_withdrawals`, and only while it holds an open referral under
 *   the consent (sent, accepted or in progress; received directly, or onward down a chain the
 *   consent began); nothing else of the owner's becomes writable.
 * - The withdrawal reaches every open referral under the consent, including those to agencies the
 *   recorder cannot see. Before it writes, `lock_referrals_for_withdrawal` locks them all (in id
 *   order, as the owner's withdrawal locks those it sees, so the two never deadlock) for an agency
 *   holding one, and tells it nothing. `referrals_reached_by_withdrawal` hands it their ids,
 *   parties, shared categories and states only in the transaction that recorded the withdrawal,
 *   and the events policy lets that transaction write the purge requests and the owner's
 *   `consent.withdrawn` for those referrals, stamped with the withdrawal's own time, and nothing
 *   else.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const agency = sql`nullif(current_setting('app.agency_id', true), '')::uuid`;
  const notOperator = sql`coalesce(nullif(current_setting('app.actor_kind', true), ''), '-') <> 'hub_operator'`;
  // The withdrawal row was written by the transaction asking (the function's caller).
  const recordedNow = sql`w.xmin::text::bigint = pg_current_xact_id_if_assigned()::text::bigint % 4294967296`;
  await sql`
    alter table consent_withdrawals
      add column recorded_by_agency_id uuid references agencies (id),
      add constraint consent_withdrawals_recorded_by_another check (recorded_by_agency_id is null or recorded_by_agency_id <> agency_id);

    drop policy consent_withdrawals_own on consent_withdrawals;
    create policy consent_withdrawals_own on consent_withdrawals for all to ponte_app
      using (agency_id = ${agency}) with check (agency_id = ${agency} and recorded_by_agency_id is null);
    create policy consent_withdrawals_by_recipient on consent_withdrawals for insert to ponte_app with check (${notOperator}
      and recorded_by_agency_id = ${agency} and exists (
        select 1 from referrals r
        where r.recipient_agency_id = ${agency} and r.status in ('sent', 'accepted', 'in_progress')
          and ((r.agency_id = consent_withdrawals.agency_id and r.consent_id = consent_withdrawals.consent_id)
            or (r.root_agency_id = consent_withdrawals.agency_id and r.root_consent_id = consent_withdrawals.consent_id))));

    -- The functions below run as the tables' owner, which row-level security (forced) binds too.
    create policy referrals_withdrawal_reach on referrals for select to current_user using (true);
    create policy consent_withdrawals_withdrawal_reach on consent_withdrawals for select to current_user using (true);

    create function lock_referrals_for_withdrawal(p_agency uuid, p_consent uuid) returns void
    language plpgsql security definer set search_path = pg_catalog, public as $fn$
    begin
      if exists (select 1 from public.referrals h
          where h.recipient_agency_id = ${agency} and h.status in ('sent', 'accepted', 'in_progress')
            and ((h.agency_id = p_agency and h.consent_id = p_consent) or (h.root_agency_id = p_agency and h.root_consent_id = p_consent))) then
        perform 1 from public.referrals r
        where r.status in ('sent', 'accepted', 'in_progress')
          and ((r.agency_id = p_agency and r.consent_id = p_consent) or (r.root_agency_id = p_agency and r.root_consent_id = p_consent))
        order by r.id
        for update of r;
      end if;
    end
    $fn$;
    revoke all on function lock_referrals_for_withdrawal(uuid, uuid) from public;
    grant execute on function lock_referrals_for_withdrawal(uuid, uuid) to ponte_app;

    create function referrals_reached_by_withdrawal(p_agency uuid, p_consent uuid)
      returns table (id uuid, agency_id uuid, recipient_agency_id uuid, shared_categories text[], status text)
    language sql security definer set search_path = pg_catalog, public as $fn$
      select r.id, r.agency_id, r.recipient_agency_id, r.shared_categories, r.status from public.referrals r
      where exists (select 1 from public.consent_withdrawals w
          where w.agency_id = p_agency and w.consent_id = p_consent
            and w.recorded_by_agency_id = ${agency} and ${recordedNow})
        and r.status in ('sent', 'accepted', 'in_progress')
        and ((r.agency_id = p_agency and r.consent_id = p_consent) or (r.root_agency_id = p_agency and r.root_consent_id = p_consent))
      order by r.id
      for update of r
    $fn$;
    revoke all on function referrals_reached_by_withdrawal(uuid, uuid) from public;
    grant execute on function referrals_reached_by_withdrawal(uuid, uuid) to ponte_app;

    create function withdrawal_event_allowed(p_referral uuid, p_agency uuid, p_at timestamptz) returns boolean
    language sql stable security definer set search_path = pg_catalog, public as $fn$
      select exists (select 1 from public.referrals r join public.consent_withdrawals w
          on (w.agency_id = r.agency_id and w.consent_id = r.consent_id) or (w.agency_id = r.root_agency_id and w.consent_id = r.root_consent_id)
        where r.id = p_referral and w.recorded_by_agency_id = ${agency} and ${recordedNow}
          and w.withdrawn_at = p_at and p_agency in (r.agency_id, r.recipient_agency_id, w.agency_id))
    $fn$;
    revoke all on function withdrawal_event_allowed(uuid, uuid, timestamptz) from public;
    grant execute on function withdrawal_event_allowed(uuid, uuid, timestamptz) to ponte_app;
    create policy events_insert_withdrawal_by_recipient on events for insert to ponte_app with check (${notOperator}
      and type in ('referral.purge_requested', 'consent.withdrawn') and withdrawal_event_allowed(referral_id, agency_id, created_at));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const agency = sql`nullif(current_setting('app.agency_id', true), '')::uuid`;
  await sql`
    drop policy events_insert_withdrawal_by_recipient on events;
    drop function withdrawal_event_allowed(uuid, uuid, timestamptz);
    drop function referrals_reached_by_withdrawal(uuid, uuid);
    drop function lock_referrals_for_withdrawal(uuid, uuid);
    drop policy consent_withdrawals_withdrawal_reach on consent_withdrawals;
    drop policy referrals_withdrawal_reach on referrals;
    drop policy consent_withdrawals_by_recipient on consent_withdrawals;
    drop policy consent_withdrawals_own on consent_withdrawals;
    create policy consent_withdrawals_own on consent_withdrawals for all to ponte_app using (agency_id = ${agency}) with check (agency_id = ${agency});
    alter table consent_withdrawals drop constraint consent_withdrawals_recorded_by_another, drop column recorded_by_agency_id;
  `.execute(db);
}
