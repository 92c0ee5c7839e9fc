import { sql, type Kysely } from 'kysely';

/**
 * Privilege comes from a database role, never from a setting. Until now one role, `ponte_app`,
 * ran every unit of work and the policies asked `app.actor_kind` who it was acting for, a
 * setting any statement in the transaction could change: an agency's transaction could declare
 * itself the worker and delete the access log. This migration drops every policy and every grant
 * the application role had, and builds the whole model again on roles:
 *
 * - `ponte_app`: an agency's people and systems (the agency set per transaction), and the public
 *   catalogue with no agency set. Appends to the access log; never updates or deletes it; never
 *   reads a password or secret hash, the signing keys or another agency's webhook endpoints.
 * - `ponte_authenticator`: checks credentials (reads the hashes) and keeps console sessions.
 * - `ponte_operator`: the hub operator: agencies, their services, agreements, an agency's first
 *   administrator. No case data at all.
 * - `ponte_system`: the hub's own tasks: its signing keys, the demo seed, whether a signed consent
 *   receipt still counts (the consent's status, in the consent's agency).
 * - `ponte_signer`: reads the signing keys and nothing else (a worker signs heads and webhooks).
 * - `ponte_worker`: webhook delivery: events, endpoints and deliveries of every agency; sweeps
 *   expired idempotency keys.
 * - `ponte_sealer`: seals the access log (places events, completes owners, writes heads and
 *   archives) and removes only events already archived.
 * - `ponte_auditor`: reads the whole access log, to verify it and build proofs; writes nothing.
 *
 * Each is a NOLOGIN role. The login the hub uses is granted the roles it switches into with
 * `SET LOCAL ROLE` (`infra/postgres/roles.sql`); a separate worker login needs only the worker's,
 * the sealer's and the signer's. The `app.actor_kind` setting is no longer read by any policy.
 *
 * Event numbers are taken through `take_event_numbers`, which only ever counts up: the application
 * role no longer reads or writes the counters themselves.
 */
const ROLES = ['ponte_app', 'ponte_authenticator', 'ponte_operator', 'ponte_system', 'ponte_signer', 'ponte_worker', 'ponte_sealer', 'ponte_auditor'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const role of ROLES) {
    await sql`
      do $$
      begin
        if not exists (select 1 from pg_roles where rolname = ${sql.lit(role)}) then
          begin
            execute format('create role %I nologin', ${sql.lit(role)});
          exception when insufficient_privilege then
            raise exception 'the role % is missing and % may not create it', ${sql.lit(role)}, current_user
              using hint = 'run infra/postgres/roles.sql as a superuser first (it creates every role and is safe to run again)';
          end;
        end if;
        -- Whoever migrates may switch into every role (in a deployment, roles.sql grants them).
        if not pg_has_role(current_user, ${sql.lit(role)}, 'member') then
          execute format('grant %I to %I', ${sql.lit(role)}, current_user);
        end if;
      end
      $$;
    `.execute(db);
    await sql`grant usage on schema public to ${sql.id(role)}`.execute(db);
  }

  // A clean slate: no policy, no grant on any table of ours.
  await sql`
    do $$
    declare p record;
    begin
      for p in select policyname, tablename from pg_policies where schemaname = 'public' loop
        execute format('drop policy %I on public.%I', p.policyname, p.tablename);
      end loop;
    end
    $$;
  `.execute(db);
  for (const role of ROLES) await sql`revoke all on all tables in schema public from ${sql.id(role)}`.execute(db);

  const agency = `nullif(current_setting('app.agency_id', true), '')::uuid`;
  const own = `agency_id = ${agency}`;
  const recipient = `recipient_agency_id = ${agency}`;
  await sql
    .raw(
      `
    -- The catalogue: every role reads it; the operator (and the seed) writes it.
    grant select on agencies, agency_services to ${ROLES.join(', ')};
    create policy agencies_read on agencies for select to ${ROLES.join(', ')} using (true);
    create policy agency_services_read on agency_services for select to ${ROLES.join(', ')} using (true);
    grant insert, update on agencies to ponte_operator, ponte_system;
    create policy agencies_insert on agencies for insert to ponte_operator, ponte_system with check (true);
    create policy agencies_update on agencies for update to ponte_operator, ponte_system using (true) with check (true);
    grant insert, delete on agency_services to ponte_operator, ponte_system;
    create policy agency_services_insert on agency_services for insert to ponte_operator, ponte_system with check (true);
    create policy agency_services_delete on agency_services for delete to ponte_operator, ponte_system using (true);

    -- Agreements: both parties read theirs; the operator reads and writes every one.
    grant select on agreements to ponte_app;
    create policy agreements_parties on agreements for select to ponte_app using (${own} or ${recipient});
    grant select, insert, update on agreements to ponte_operator, ponte_system;
    create policy agreements_operator on agreements for all to ponte_operator, ponte_system using (true) with check (true);

    -- Accounts. The application role reads every column but the password or secret hash; it
    -- writes a hash (a new user, a new client) and never reads one back.
    grant select (agency_id, id, username, display_name, roles, team, status, created_at, updated_at, disabled_at) on users to ponte_app, ponte_operator, ponte_system;
    grant insert on users to ponte_app, ponte_operator, ponte_system;
    grant update (display_name, roles, team, status, updated_at, disabled_at) on users to ponte_app;
    create policy users_own on users for all to ponte_app, ponte_operator, ponte_system using (${own}) with check (${own});
    grant select on users to ponte_authenticator;
    create policy users_authenticator on users for select to ponte_authenticator using (${own});

    grant select (agency_id, id, client_id, name, roles, status, created_at, revoked_at) on api_clients to ponte_app, ponte_system;
    grant insert on api_clients to ponte_app, ponte_system;
    grant update (status, revoked_at) on api_clients to ponte_app;
    create policy api_clients_own on api_clients for all to ponte_app, ponte_system using (${own}) with check (${own});
    grant select on api_clients to ponte_authenticator;
    create policy api_clients_authenticator on api_clients for select to ponte_authenticator using (${own});

    -- Hub operators' accounts: read while authenticating, created by the hub itself.
    grant select on operators to ponte_authenticator;
    create policy operators_authenticator on operators for select to ponte_authenticator using (true);
    grant select (id, username, display_name, status, created_at, disabled_at), insert on operators to ponte_system;
    create policy operators_system on operators for all to ponte_system using (true) with check (true);

    -- The hub's private signing keys: made by the hub at start; read to sign by the hub and the worker.
    grant select, insert on signing_keys to ponte_system;
    create policy signing_keys_system on signing_keys for all to ponte_system using (true) with check (true);
    grant select on signing_keys to ponte_signer;
    create policy signing_keys_signer on signing_keys for select to ponte_signer using (true);

    -- Console sessions: the authenticator alone.
    grant select, insert, update, delete on console_sessions to ponte_authenticator;
    create policy console_sessions_authenticator on console_sessions for all to ponte_authenticator using (true) with check (true);

    -- Case data: the agency's own, through the application role only.
    grant select, insert, update on subjects, break_glass_grants to ponte_app;
    grant select, insert on subject_assignments, consents, consent_withdrawals, access_reviews to ponte_app;
    create policy subjects_own on subjects for all to ponte_app using (${own}) with check (${own});
    create policy subject_assignments_own on subject_assignments for all to ponte_app using (${own}) with check (${own});
    create policy consents_own on consents for all to ponte_app using (${own}) with check (${own});
    create policy consent_withdrawals_own on consent_withdrawals for all to ponte_app using (${own}) with check (${own});
    create policy break_glass_grants_own on break_glass_grants for all to ponte_app using (${own}) with check (${own});
    create policy access_reviews_own on access_reviews for all to ponte_app using (${own}) with check (${own});
    -- The recipient of an open referral sees the subject's row and the consent behind it.
    create policy subjects_referred on subjects for select to ponte_app using (exists (
      select 1 from referrals r
      where r.agency_id = subjects.agency_id and r.subject_id = subjects.id
        and r.recipient_agency_id = ${agency} and r.status in ('accepted', 'in_progress')));
    create policy consents_referred on consents for select to ponte_app using (exists (
      select 1 from referrals r
      where r.agency_id = consents.agency_id and r.consent_id = consents.consent_id
        and r.recipient_agency_id = ${agency} and r.status in ('sent', 'accepted', 'in_progress')));
    create policy consent_withdrawals_referred on consent_withdrawals for select to ponte_app using (exists (
      select 1 from referrals r
      where r.agency_id = consent_withdrawals.agency_id and r.consent_id = consent_withdrawals.consent_id
        and r.recipient_agency_id = ${agency} and r.status in ('sent', 'accepted', 'in_progress')));
    -- Whether a signed receipt's consent still counts: its status, in its own agency.
    grant select on consents, consent_withdrawals to ponte_system;
    create policy consents_system on consents for select to ponte_system using (${own});
    create policy consent_withdrawals_system on consent_withdrawals for select to ponte_system using (${own});

    -- Referrals: both parties; a draft is the sender's alone.
    grant select, insert, update on referrals to ponte_app;
    create policy referrals_parties on referrals for select to ponte_app using (${own} or (${recipient} and status <> 'draft'));
    create policy referrals_insert on referrals for insert to ponte_app with check (${own});
    create policy referrals_update on referrals for update to ponte_app using (${own} or ${recipient}) with check (${own} or ${recipient});
    grant select, insert on referral_transitions to ponte_app;
    create policy referral_transitions_parties on referral_transitions for all to ponte_app using (${own} or ${recipient}) with check (${own} or ${recipient});

    -- The event outbox: a party to a referral writes the events both parties receive; the worker
    -- reads every agency's, to deliver them.
    grant select, insert on events to ponte_app;
    create policy events_own on events for select to ponte_app using (${own});
    create policy events_insert on events for insert to ponte_app with check (${own} or exists (
      select 1 from referrals r where r.id = events.referral_id
        and events.agency_id in (r.agency_id, r.recipient_agency_id)
        and (r.agency_id = ${agency} or r.recipient_agency_id = ${agency})));
    -- Numbering: a function that takes the next numbers of the agencies given, in agency order (so
    -- two transactions never deadlock), and only ever counts up; it announces the write to the
    -- worker, delivered on commit. It runs as the owner: the counters themselves are no role's.
    create policy event_counters_numbering on event_counters for all to current_user using (true) with check (true);
    create function take_event_numbers(agencies uuid[], counts integer[]) returns table (agency_id uuid, last bigint)
    language plpgsql security definer set search_path = pg_catalog, public as $fn$
    #variable_conflict use_column
    begin
      if cardinality(agencies) <> cardinality(counts) or exists (select 1 from unnest(counts) as n where n is null or n < 1) then
        raise exception 'event numbers are taken one or more at a time, for each agency given' using errcode = '22023';
      end if;
      perform pg_notify('ponte_outbox', '');
      return query
        insert into public.event_counters as c (agency_id, last)
        select t.a, t.n from unnest(agencies, counts) as t (a, n) order by t.a
        on conflict on constraint event_counters_pkey do update set last = c.last + excluded.last
        returning c.agency_id, c.last;
    end
    $fn$;
    revoke all on function take_event_numbers(uuid[], integer[]) from public;
    grant execute on function take_event_numbers(uuid[], integer[]) to ponte_app;
    grant select on events to ponte_worker;
    create policy events_worker on events for select to ponte_worker using (true);

    grant select, insert, update on webhook_endpoints to ponte_app;
    create policy webhook_endpoints_own on webhook_endpoints for all to ponte_app using (${own}) with check (${own});
    grant select on webhook_endpoints to ponte_worker;
    create policy webhook_endpoints_worker on webhook_endpoints for select to ponte_worker using (true);
    -- An agency reads its deliveries and replays them; the worker fans out, claims and records them.
    grant select, update on webhook_deliveries to ponte_app;
    create policy webhook_deliveries_own on webhook_deliveries for all to ponte_app using (${own}) with check (${own});
    grant select, insert, update on webhook_deliveries to ponte_worker;
    create policy webhook_deliveries_worker on webhook_deliveries for all to ponte_worker using (true) with check (true);

    grant select, insert on idempotency_keys to ponte_app;
    create policy idempotency_keys_own on idempotency_keys for all to ponte_app using (${own}) with check (${own});

    -- The access log. An agency appends its own actors' events and reads those and the events
    -- about subjects it owns: no update, no delete, by grant.
    grant select, insert on access_events to ponte_app;
    create policy access_events_insert on access_events for insert to ponte_app with check (${own});
    create policy access_events_read on access_events for select to ponte_app using (${own} or owning_agency_id = ${agency});
    grant select, insert on subject_owners to ponte_app;
    create policy subject_owners_insert on subject_owners for insert to ponte_app with check (${own});
    create policy subject_owners_read on subject_owners for select to ponte_app using (${own});
    grant select on log_heads to ponte_app, ponte_sealer, ponte_auditor;
    create policy log_heads_read on log_heads for select to ponte_app, ponte_sealer, ponte_auditor using (true);

    -- The sealer places events not yet placed (their place, owner and leaf hash, nothing else),
    -- writes heads and archives, and removes only events an archive already holds.
    grant select, update (log_index, leaf_hash, owning_agency_id), delete on access_events to ponte_sealer;
    create policy access_events_sealer_read on access_events for select to ponte_sealer using (true);
    create policy access_events_sealer_place on access_events for update to ponte_sealer using (log_index is null) with check (true);
    create policy access_events_sealer_retention on access_events for delete to ponte_sealer
      using (log_index < (select coalesce(max(up_to_size), 0) from log_archives));
    grant select on subject_owners to ponte_sealer;
    create policy subject_owners_sealer on subject_owners for select to ponte_sealer using (true);
    grant insert on log_heads to ponte_sealer;
    create policy log_heads_sealer on log_heads for insert to ponte_sealer with check (true);
    grant select, insert on log_archives to ponte_sealer;
    create policy log_archives_sealer on log_archives for all to ponte_sealer using (true) with check (true);

    -- The auditor reads the whole log and writes nothing.
    grant select on access_events, log_archives to ponte_auditor;
    create policy access_events_auditor on access_events for select to ponte_auditor using (true);
    create policy log_archives_auditor on log_archives for select to ponte_auditor using (true);
  `,
    )
    .execute(db);
}
