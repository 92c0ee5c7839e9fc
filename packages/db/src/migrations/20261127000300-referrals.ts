import { sql, type Kysely } from 'kysely';

/**
 * Referrals between agencies, their transitions, the event outbox, webhook endpoints and
 * deliveries, and idempotency keys.
 *
 * A referral belongs to the sending agency (`agency_id`) and is visible to its recipient. The
 * recipient may see the referred subject's row, and the consent behind the referral, only while
 * the referral is accepted or in progress; which categories it may read is the policy's call.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table referrals (
      agency_id uuid not null references agencies (id),
      id uuid not null default gen_random_uuid() unique,
      recipient_agency_id uuid not null references agencies (id),
      subject_id uuid not null,
      consent_id uuid not null,
      legal_basis text not null check (legal_basis in ('consent', 'vital_interests', 'legal_obligation', 'public_task')),
      service text not null,
      purpose text not null,
      urgency text not null check (urgency in ('routine', 'priority', 'emergency')),
      shared_categories text[] not null check (cardinality(shared_categories) > 0),
      note text check (length(note) <= 4000),
      due_date date,
      triage jsonb not null,
      status text not null check (status in ('draft', 'sent', 'accepted', 'declined', 'in_progress', 'completed', 'withdrawn')),
      version integer not null default 1,
      recipient_assignee_id uuid,
      recipient_team text,
      outcome text,
      reason text,
      created_by uuid not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      sent_at timestamptz,
      accepted_at timestamptz,
      completed_at timestamptz,
      closed_at timestamptz,
      primary key (agency_id, id),
      foreign key (agency_id, subject_id) references subjects (agency_id, id),
      check (recipient_agency_id <> agency_id)
    );
    -- One open referral per subject, service and recipient.
    create unique index referrals_one_open on referrals (agency_id, subject_id, service, recipient_agency_id)
      where status in ('draft', 'sent', 'accepted', 'in_progress');
    -- Inbox and outbox pages walk these in order (drafts, rare, are filtered on the way).
    create index referrals_inbox on referrals (recipient_agency_id, created_at desc, id desc);
    create index referrals_outbox on referrals (agency_id, created_at desc, id desc);
    create index referrals_by_consent on referrals (agency_id, consent_id);

    create table referral_transitions (
      agency_id uuid not null,
      id uuid not null default gen_random_uuid(),
      referral_id uuid not null,
      recipient_agency_id uuid not null,
      from_status text,
      to_status text not null,
      actor_agency_id uuid not null,
      actor_id uuid not null,
      reason text,
      at timestamptz not null,
      primary key (agency_id, id),
      foreign key (agency_id, referral_id) references referrals (agency_id, id)
    );
    create index referral_transitions_by_referral on referral_transitions (agency_id, referral_id, at);

    -- Each agency's events are numbered by a counter taken under a row lock until commit, so
    -- numbers become visible in order and a poller that resumes after n never misses one.
    create table event_counters (
      agency_id uuid primary key references agencies (id),
      last bigint not null
    );

    create table events (
      agency_id uuid not null references agencies (id),
      id uuid not null default gen_random_uuid() unique,
      seq bigint not null,
      type text not null,
      referral_id uuid,
      payload jsonb not null,
      created_at timestamptz not null,
      primary key (agency_id, id)
    );
    create unique index events_by_seq on events (agency_id, seq);

    create table webhook_endpoints (
      agency_id uuid not null references agencies (id),
      id uuid not null default gen_random_uuid() unique,
      url text not null check (url ~ '^https?://'),
      description text,
      event_types text[] not null default '{}',
      status text not null default 'active' check (status in ('active', 'disabled')),
      created_at timestamptz not null,
      primary key (agency_id, id)
    );

    create table webhook_deliveries (
      agency_id uuid not null,
      id uuid not null default gen_random_uuid() unique,
      event_id uuid not null,
      endpoint_id uuid not null,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'dead')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      last_error text,
      last_status integer,
      delivered_at timestamptz,
      created_at timestamptz not null,
      primary key (agency_id, id),
      unique (agency_id, event_id, endpoint_id),
      foreign key (agency_id, event_id) references events (agency_id, id),
      foreign key (agency_id, endpoint_id) references webhook_endpoints (agency_id, id)
    );
    create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';

    create table idempotency_keys (
      agency_id uuid not null,
      principal_id uuid not null,
      key text not null check (length(key) between 1 and 200),
      request_hash text not null,
      status integer not null,
      response jsonb not null,
      created_at timestamptz not null,
      primary key (agency_id, principal_id, key)
    );
  `.execute(db);

  const own = sql`agency_id = nullif(current_setting('app.agency_id', true), '')::uuid`;
  const notOperator = sql`coalesce(nullif(current_setting('app.actor_kind', true), ''), '-') <> 'hub_operator'`;
  const worker = sql`nullif(current_setting('app.actor_kind', true), '') = 'worker'`;
  await sql`
    alter table referrals enable row level security;
    alter table referrals force row level security;
    -- A draft is the sender's alone until it is sent.
    create policy referrals_parties on referrals for select to ponte_app using (${notOperator} and (${own}
      or (recipient_agency_id = nullif(current_setting('app.agency_id', true), '')::uuid and status <> 'draft')));
    create policy referrals_insert on referrals for insert to ponte_app with check (${notOperator} and ${own});
    create policy referrals_update on referrals for update to ponte_app
      using (${notOperator} and (${own} or recipient_agency_id = nullif(current_setting('app.agency_id', true), '')::uuid))
      with check (${notOperator} and (${own} or recipient_agency_id = nullif(current_setting('app.agency_id', true), '')::uuid));
    grant select, insert, update on referrals to ponte_app;

    alter table referral_transitions enable row level security;
    alter table referral_transitions force row level security;
    create policy referral_transitions_parties on referral_transitions for all to ponte_app
      using (${notOperator} and (${own} or recipient_agency_id = nullif(current_setting('app.agency_id', true), '')::uuid))
      with check (${notOperator} and (${own} or recipient_agency_id = nullif(current_setting('app.agency_id', true), '')::uuid));
    grant select, insert on referral_transitions to ponte_app;

    -- The recipient of an open referral sees the subject's row and the consent behind it.
    create policy subjects_referred on subjects for select to ponte_app using (${notOperator} and exists (
      select 1 from referrals r
      where r.agency_id = subjects.agency_id and r.subject_id = subjects.id
        and r.recipient_agency_id = nullif(current_setting('app.agency_id', true), '')::uuid
        and r.status in ('accepted', 'in_progress')));
    -- The consent behind a sent referral is visible to its recipient, so acceptance can check it still holds.
    create policy consents_referred on consents for select to ponte_app using (${notOperator} and exists (
      select 1 from referrals r
      where r.agency_id = consents.agency_id and r.consent_id = consents.consent_id
        and r.recipient_agency_id = nullif(current_setting('app.agency_id', true), '')::uuid
        and r.status in ('sent', 'accepted', 'in_progress')));
    create policy consent_withdrawals_referred on consent_withdrawals for select to ponte_app using (${notOperator} and exists (
      select 1 from referrals r
      where r.agency_id = consent_withdrawals.agency_id and r.consent_id = consent_withdrawals.consent_id
        and r.recipient_agency_id = nullif(current_setting('app.agency_id', true), '')::uuid
        and r.status in ('sent', 'accepted', 'in_progress')));

    alter table events enable row level security;
    alter table events force row level security;
    create policy events_read on events for select to ponte_app using ((${notOperator} and ${own}) or ${worker});
    -- A party to a referral writes the events both parties receive.
    create policy events_insert on events for insert to ponte_app with check (${notOperator} and (${own} or exists (
      select 1 from referrals r where r.id = events.referral_id
        and events.agency_id in (r.agency_id, r.recipient_agency_id)
        and (r.agency_id = nullif(current_setting('app.agency_id', true), '')::uuid
             or r.recipient_agency_id = nullif(current_setting('app.agency_id', true), '')::uuid))));
    grant select, insert on events to ponte_app;

    alter table event_counters enable row level security;
    alter table event_counters force row level security;
    -- Counters hold no data: any unit of work that may write an agency's events may number them.
    create policy event_counters_app on event_counters for all to ponte_app using (${notOperator}) with check (${notOperator});
    grant select, insert, update on event_counters to ponte_app;

    alter table webhook_endpoints enable row level security;
    alter table webhook_endpoints force row level security;
    create policy webhook_endpoints_own on webhook_endpoints for all to ponte_app
      using ((${notOperator} and ${own}) or ${worker}) with check (${notOperator} and ${own});
    grant select, insert, update on webhook_endpoints to ponte_app;

    alter table webhook_deliveries enable row level security;
    alter table webhook_deliveries force row level security;
    create policy webhook_deliveries_own on webhook_deliveries for all to ponte_app
      using ((${notOperator} and ${own}) or ${worker})
      with check ((${notOperator} and ${own}) or ${worker});
    grant select, insert, update on webhook_deliveries to ponte_app;

    alter table idempotency_keys enable row level security;
    alter table idempotency_keys force row level security;
    create policy idempotency_keys_own on idempotency_keys for all to ponte_app
      using (${notOperator} and ${own}) with check (${notOperator} and ${own});
    grant select, insert on idempotency_keys to ponte_app;

    -- Narrower than the foundation gave: the private signing key is read only by the hub itself
    -- at start, and operator credentials only while authenticating.
    drop policy signing_keys_app on signing_keys;
    create policy signing_keys_system on signing_keys for all to ponte_app
      using (nullif(current_setting('app.actor_kind', true), '') = 'system')
      with check (nullif(current_setting('app.actor_kind', true), '') = 'system');
    drop policy operators_read on operators;
    create policy operators_read on operators for select to ponte_app using (
      nullif(current_setting('app.actor_kind', true), '') in ('authenticator', 'system'));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop policy consent_withdrawals_referred on consent_withdrawals;
    drop policy consents_referred on consents;
    drop policy subjects_referred on subjects;
    drop table idempotency_keys;
    drop table webhook_deliveries;
    drop table webhook_endpoints;
    drop table events;
    drop table event_counters;
    drop table referral_transitions;
    drop table referrals;
  `.execute(db);
}
