import { sql, type Kysely } from 'kysely';

/** The tables the erasure writes as the owner (one policy each lets the owner reach their rows). */
const ERASURE_TABLES = [
  'subjects',
  'subject_assignments',
  'consents',
  'consent_withdrawals',
  'break_glass_grants',
  'referrals',
  'referral_transitions',
  'referral_messages',
  'documents',
  'document_chunks',
  'subject_transfers',
  'idempotency_keys',
  'console_sessions',
  'legal_holds',
] as const;

/**
 * Erasure with proof (issue 22, item 3): a subject's personal data is deleted, the subject stays
 * as a tombstone, every agency that received it on a referral is asked to purge and attests it.
 *
 * - The tombstone is the subject's own row: `erased_at`, `erased_by`, `erasure_reason`
 *   (`request`: the person asked; `retention`: its retention period ended) and `erasure_mode`
 *   (`erase`: nothing kept; `anonymise`: coarse attributes that identify no one, age band, sex and
 *   province, in `erasure_attributes`, so the agency's figures still count the case). Every
 *   personal category and the birth date are null on a tombstone, by a check: the database itself
 *   refuses a tombstone that holds personal data. Ids, reference, timestamps and versions stay,
 *   so the access log and the referral records that name the subject still verify.
 * - Deletion, not crypto-shredding: the values are overwritten (nulled, or replaced by a fixed
 *   marker where a column may not be empty) and a document's content pieces deleted, in the
 *   transaction that writes the tombstone. `erase_subject_personal_data` does it for every table
 *   that can hold the subject's data, in every agency (an onward referral's consent, a recipient's
 *   messages, saved answers to idempotent requests, console receipts): it runs as the owner, only
 *   for a subject of the calling agency that is already a tombstone.
 * - `legal_holds`: a hold placed on a subject (a court order, an investigation) stops its erasure,
 *   by request or by retention, until released. At most one active hold per subject. The agency's
 *   own; nothing about it reaches another agency.
 * - `purge_requests`: one per referral of the subject (onward referrals included) whose recipient
 *   received the data: when it was asked, by when it must attest (`due_at`), and its attestation
 *   (who purged, how, when, the statement, and the receipt the hub signed). It belongs to the
 *   subject's owner (`agency_id`, which leads its keys) and is visible to the recipient asked,
 *   which alone writes its attestation, once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const current = sql`nullif(current_setting('app.agency_id', true), '')::uuid`;
  await sql`
    alter table subjects
      add column erased_at timestamptz,
      add column erased_by uuid,
      add column erasure_reason text check (erasure_reason in ('request', 'retention')),
      add column erasure_mode text check (erasure_mode in ('erase', 'anonymise')),
      add column erasure_attributes jsonb,
      alter column identity drop not null,
      add constraint subjects_identity_unless_erased check (erased_at is not null or identity is not null),
      add constraint subjects_tombstone_whole check (
        (erased_at is null) = (erased_by is null)
        and (erased_at is null) = (erasure_reason is null)
        and (erased_at is null) = (erasure_mode is null)
        and (erasure_mode = 'anonymise' or erasure_attributes is null)),
      add constraint subjects_tombstone_holds_no_personal_data check (
        erased_at is null or (identity is null and contact is null and location is null and family is null
          and protection is null and health is null and legal is null and birth_date is null));

    create table legal_holds (
      agency_id uuid not null,
      id uuid not null default gen_random_uuid(),
      subject_id uuid not null,
      reason text not null check (length(reason) between 1 and 1000),
      placed_by uuid not null,
      placed_at timestamptz not null,
      released_by uuid,
      released_at timestamptz,
      release_reason text check (length(release_reason) between 1 and 1000),
      primary key (agency_id, id),
      foreign key (agency_id, subject_id) references subjects (agency_id, id),
      check ((released_at is null) = (released_by is null)),
      check (released_at is null or released_at >= placed_at)
    );
    create unique index legal_holds_one_active on legal_holds (agency_id, subject_id) where released_at is null;

    create table purge_requests (
      agency_id uuid not null,
      id uuid not null default gen_random_uuid(),
      subject_id uuid not null,
      referral_id uuid not null,
      referral_agency_id uuid not null,
      recipient_agency_id uuid not null references agencies (id),
      reason text not null check (reason in ('subject_erased')),
      categories text[] not null check (cardinality(categories) between 1 and 7),
      requested_at timestamptz not null,
      due_at timestamptz not null,
      attested_at timestamptz,
      attested_by uuid,
      attested_by_kind text check (attested_by_kind in ('user', 'client')),
      attestation jsonb,
      receipt text,
      overdue_notified_at timestamptz,
      primary key (agency_id, id),
      unique (agency_id, referral_id),
      foreign key (agency_id, subject_id) references subjects (agency_id, id),
      check (recipient_agency_id <> agency_id),
      check (due_at > requested_at),
      check ((attested_at is null) = (attested_by is null)
        and (attested_at is null) = (attested_by_kind is null)
        and (attested_at is null) = (attestation is null)
        and (attested_at is null) = (receipt is null))
    );
    create index purge_requests_by_subject on purge_requests (agency_id, subject_id);
    create index purge_requests_received on purge_requests (recipient_agency_id, requested_at, id);
    create index purge_requests_due on purge_requests (agency_id, due_at) where attested_at is null;
  `.execute(db);

  const notOperator = sql`coalesce(nullif(current_setting('app.actor_kind', true), ''), '-') <> 'hub_operator'`;
  await sql`
    alter table legal_holds enable row level security;
    alter table legal_holds force row level security;
    create policy legal_holds_own on legal_holds for all to ponte_app using (${notOperator} and agency_id = ${current}) with check (${notOperator} and agency_id = ${current});
    grant select, insert, update on legal_holds to ponte_app;

    alter table purge_requests enable row level security;
    alter table purge_requests force row level security;
    create policy purge_requests_parties on purge_requests for select to ponte_app
      using (${notOperator} and (agency_id = ${current} or recipient_agency_id = ${current}));
    create policy purge_requests_insert on purge_requests for insert to ponte_app with check (${notOperator} and agency_id = ${current});
    -- The recipient asked attests, once; the owner changes nothing after asking.
    create policy purge_requests_attest on purge_requests for update to ponte_app
      using (${notOperator} and recipient_agency_id = ${current} and attested_at is null)
      with check (${notOperator} and recipient_agency_id = ${current});
    grant select, insert on purge_requests to ponte_app;
    grant update (attested_at, attested_by, attested_by_kind, attestation, receipt) on purge_requests to ponte_app;
    -- The worker tells both agencies once of a request past its deadline and not attested.
    grant select, update (overdue_notified_at) on purge_requests to ponte_worker;
    create policy purge_requests_worker on purge_requests for all to ponte_worker using (true) with check (true);

    -- A purge request's events reach the agencies it concerns (the owner, the referral's sender and
    -- the recipient asked), written by the owner or the recipient: down a chain, the owner is no
    -- party to an onward referral, nor the third agency to the owner's.
    create policy events_insert_purge on events for insert to ponte_app with check (${notOperator} and exists (
      select 1 from purge_requests p where p.id::text = events.payload ->> 'purgeRequestId' and p.referral_id = events.referral_id
        and events.agency_id in (p.agency_id, p.referral_agency_id, p.recipient_agency_id)
        and ${current} in (p.agency_id, p.recipient_agency_id)));
    create policy events_worker_purge_overdue on events for insert to ponte_worker with check (type = 'referral.purge_overdue' and exists (
      select 1 from purge_requests p where p.id::text = events.payload ->> 'purgeRequestId' and p.referral_id = events.referral_id
        and events.agency_id in (p.agency_id, p.recipient_agency_id)));

  `.execute(db);

  // The erasure itself runs as the owner (it writes columns the application role never updates,
  // in tables of other agencies too): policies for the owner, on the rows of one subject.
  for (const table of ERASURE_TABLES)
    await sql`create policy ${sql.id(`${table}_erasure`)} on ${sql.table(table)} for all to current_user using (true) with check (true)`.execute(db);

  await sql`
    create function erase_subject_personal_data(erased uuid, open_statuses text[], actor uuid, at timestamptz)
    returns table (referral_id uuid, from_status text)
    language plpgsql security definer set search_path = pg_catalog, public as $fn$
    #variable_conflict use_column
    declare
      owner uuid := nullif(current_setting('app.agency_id', true), '')::uuid;
      mode text;
      consent_ids text[];
      referral_ids uuid[];
      marker constant text := '[erased]';
    begin
      select s.erasure_mode into mode from public.subjects s where s.agency_id = owner and s.id = erased and s.erased_at is not null;
      if mode is null then
        raise exception 'subject % is not a tombstone of the calling agency', erased using errcode = '42501';
      end if;
      select coalesce(array_agg(c.consent_id::text), '{}') into consent_ids from public.consents c where c.subject_id = erased;
      -- The owner's referrals of the subject and every onward referral down their chains.
      select coalesce(array_agg(r.id), '{}') into referral_ids from public.referrals r
        where r.subject_id = erased and ((r.agency_id = owner and r.root_agency_id is null) or r.root_agency_id = owner);

      update public.subject_assignments set reason = null where agency_id = owner and subject_id = erased and reason is not null;
      -- Consents: the owner's, and those recorded down a chain on the spot (another agency's, same subject).
      update public.consents set
        grantor = case when grantor is null then null else '{}'::jsonb end,
        witness = case when witness is null then null else '{}'::jsonb end,
        guardian_reason = null
        where subject_id = erased;
      update public.consent_withdrawals w set reason = marker
        from public.consents c where c.agency_id = w.agency_id and c.consent_id = w.consent_id and c.subject_id = erased;
      -- Every consent still in force ends with the erasure (a receipt verified later says withdrawn).
      insert into public.consent_withdrawals (agency_id, consent_id, requested_by, method, reason, withdrawn_by, withdrawn_at)
        select distinct c.agency_id, c.consent_id, case when s.erasure_reason = 'request' then 'subject' else 'caseworker' end, 'written', 'subject_erased', actor, at
        from public.consents c join public.subjects s on s.agency_id = owner and s.id = erased
        where c.subject_id = erased
          and not exists (select 1 from public.consent_withdrawals w where w.agency_id = c.agency_id and w.consent_id = c.consent_id);
      update public.break_glass_grants set justification = 'Erased with the data subject.', review_note = null
        where agency_id = owner and subject_id = erased;
      update public.referrals set note = null, outcome = null, reason = null,
        triage = case when mode = 'anonymise' then triage else jsonb_build_object('ageBand', 'unknown', 'sex', 'unknown', 'province', null, 'languages', '[]'::jsonb) end
        where id = any (referral_ids);
      update public.referral_transitions set reason = null where referral_id = any (referral_ids) and reason is not null;
      update public.referral_messages set body = marker where referral_id = any (referral_ids);
      delete from public.document_chunks ch using public.documents d
        where d.agency_id = ch.agency_id and d.id = ch.document_id and d.agency_id = owner and d.subject_id = erased;
      update public.documents set title = marker where agency_id = owner and subject_id = erased;
      update public.subject_transfers set reason = marker, decline_reason = case when decline_reason is null then null else marker end
        where agency_id = owner and subject_id = erased;
      -- A transfer still pending would hand over nothing: it is cancelled.
      update public.subject_transfers set status = 'cancelled', decided_by = actor, decided_at = at, version = version + 1
        where agency_id = owner and subject_id = erased and status = 'pending';
      update public.legal_holds set reason = marker, release_reason = case when release_reason is null then null else marker end
        where agency_id = owner and subject_id = erased;
      -- Saved answers to idempotent requests that named the subject or its referrals, in any agency (a register answer holds identity),
      -- and the digests of those requests: each key's answer becomes 410 gone, so a client's retry under it is told of the erasure
      -- rather than doing the request again (registering the person anew). The key expires as any other.
      update public.idempotency_keys k set request_hash = 'erased', status = 410,
        response = jsonb_build_object('refusal', jsonb_build_object(
          'code', 'gone',
          'detail', jsonb_build_object(
            'en', 'The subject this request named was erased: the request is not done again',
            'pt', 'O titular que este pedido nomeava foi apagado: o pedido não é feito de novo'),
          'extensions', jsonb_build_object('rule', 'subject.erased', 'erasedAt', at)))
        where strpos(k.response::text, erased::text) > 0
          or exists (select 1 from unnest(referral_ids) as r (id) where strpos(k.response::text, r.id::text) > 0);
      update public.console_sessions set receipts = receipts - consent_ids where receipts ?| consent_ids;

      -- Open referrals, down the chains too, are withdrawn: no one reads the subject through them again.
      return query
        with withdrawn as (
          update public.referrals r set status = 'withdrawn', reason = 'subject_erased', closed_at = at, updated_at = at, version = r.version + 1
          from (select id, status from public.referrals where id = any (referral_ids) and status = any (open_statuses) for update) as before
          where r.id = before.id
          returning r.agency_id, r.id, r.recipient_agency_id, before.status as from_status),
        recorded as (
          insert into public.referral_transitions (agency_id, referral_id, recipient_agency_id, from_status, to_status, actor_agency_id, actor_id, reason, at)
          select w.agency_id, w.id, w.recipient_agency_id, w.from_status, 'withdrawn', owner, actor, 'subject_erased', at from withdrawn w)
        select w.id, w.from_status from withdrawn w;
    end
    $fn$;
    revoke all on function erase_subject_personal_data(uuid, text[], uuid, timestamptz) from public;
    grant execute on function erase_subject_personal_data(uuid, text[], uuid, timestamptz) to ponte_app;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function erase_subject_personal_data(uuid, text[], uuid, timestamptz)`.execute(db);
  for (const table of ERASURE_TABLES)
    await sql`drop policy ${sql.id(`${table}_erasure`)} on ${sql.table(table)}`.execute(db);
  await sql`
    drop policy events_worker_purge_overdue on events;
    drop policy events_insert_purge on events;
    drop table purge_requests;
    drop table legal_holds;
    alter table subjects
      drop constraint subjects_tombstone_holds_no_personal_data,
      drop constraint subjects_tombstone_whole,
      drop constraint subjects_identity_unless_erased,
      drop column erasure_attributes,
      drop column erasure_mode,
      drop column erasure_reason,
      drop column erased_by,
      drop column erased_at;
    alter table subjects alter column identity set not null;
  `.execute(db);
}
