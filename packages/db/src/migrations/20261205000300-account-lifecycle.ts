import { sql, type Kysely } from 'kysely';

/**
 * Accounts that live for years:
 * - **One-time codes.** A new account (an agency's first administrator, made by the hub operator;
 *   a user an administrator adds without a password) and a reset account carry a one-time code,
 *   kept as a hash with its expiry, with which the person sets their own password. Such an
 *   account has no password (`password_hash` null) until then; a new one is `pending`.
 * - **Failures per account.** Consecutive failed sign-ins and the time the account is locked
 *   until, so the backoff holds across every hub process.
 * - **A second factor.** A TOTP secret (pending while being enrolled, then enabled), the last
 *   time step used (a code is never accepted twice) and recovery codes, hashed.
 * - **Demo passwords.** Accounts the demo seeder made keep `demo_password` until their password
 *   changes, so a hub reachable from the network can refuse to start while any remains.
 * - **Agency policy.** The roles for which an agency requires the second factor.
 * - **Client secret rotation.** The previous secret of an API client keeps working until a time.
 * - **The schema's state** (the names of the migrations run) is readable by every login, so a hub
 *   that leaves migrating to its own job can refuse to start on a schema behind it.
 * - **Administrative events** on an account land in the access log of the account's agency,
 *   written by the authenticator or the hub operator as well as by the agency's own people.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['users', 'operators']) {
    await sql`
      alter table ${sql.table(table)} alter column password_hash drop not null;
      alter table ${sql.table(table)} drop constraint ${sql.id(`${table}_status_check`)};
      alter table ${sql.table(table)} add constraint ${sql.id(`${table}_status_check`)} check (status in ('pending', 'active', 'disabled'));
      alter table ${sql.table(table)}
        add column one_time_code_hash text,
        add column one_time_code_expires_at timestamptz,
        add column failed_sign_ins integer not null default 0 check (failed_sign_ins >= 0),
        add column locked_until timestamptz,
        add column totp_secret text,
        add column totp_enabled_at timestamptz,
        add column totp_last_step bigint,
        add column totp_pending_secret text,
        add column totp_pending_ticket_hash text,
        add column totp_pending_expires_at timestamptz,
        add column recovery_code_hashes text[] not null default '{}',
        add column demo_password boolean not null default false,
        add column password_changed_at timestamptz;
    `.execute(db);
  }
  const own = `agency_id = nullif(current_setting('app.agency_id', true), '')::uuid`;
  const credentials = [
    'password_hash', 'status', 'one_time_code_hash', 'one_time_code_expires_at', 'failed_sign_ins', 'locked_until',
    'totp_secret', 'totp_enabled_at', 'totp_last_step', 'totp_pending_secret', 'totp_pending_ticket_hash',
    'totp_pending_expires_at', 'recovery_code_hashes', 'demo_password', 'password_changed_at', 'updated_at',
  ].join(', ');
  // What an administrator's reset writes: the hash is removed, never read.
  const reset = [
    'password_hash', 'one_time_code_hash', 'one_time_code_expires_at', 'failed_sign_ins', 'locked_until', 'totp_secret',
    'totp_enabled_at', 'totp_last_step', 'totp_pending_secret', 'totp_pending_ticket_hash', 'totp_pending_expires_at',
    'recovery_code_hashes',
  ].join(', ');
  await sql
    .raw(
      `
    alter table operators add column updated_at timestamptz not null default now();

    -- A hub that does not migrate checks, as it starts, that the schema is not behind it.
    grant select on kysely_migration to public;

    -- The authenticator signs people in (counting failures), and sets a password or a second factor
    -- for the person who proved who they are.
    grant update (${credentials}) on users, operators to ponte_authenticator;
    create policy users_authenticator_update on users for update to ponte_authenticator using (${own}) with check (${own});
    create policy operators_authenticator_update on operators for update to ponte_authenticator using (true) with check (true);
    -- An agency's administrator resets a user; the operator makes an agency's first administrator.
    grant update (${reset}) on users to ponte_app;
    grant select (totp_enabled_at) on users to ponte_app, ponte_operator, ponte_system;
    grant select (totp_enabled_at, demo_password) on operators to ponte_system;
    grant select (demo_password) on users to ponte_system;

    -- Administrative events on accounts land in the access log of the account's agency.
    grant insert on access_events to ponte_authenticator, ponte_operator;
    create policy access_events_accounts on access_events for insert to ponte_authenticator, ponte_operator with check (${own});
    -- The check on actor_kind was named when the log was partitioned (its name carries a suffix then).
    do $$
    declare c record;
    begin
      for c in select conname from pg_constraint
               where conrelid = 'access_events'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%actor_kind%' loop
        execute format('alter table access_events drop constraint %I', c.conname);
      end loop;
    end
    $$;
    alter table access_events add constraint access_events_actor_kind check (actor_kind in ('user', 'client', 'hub_operator'));

    alter table agencies add column second_factor_roles text[] not null default '{}' check (
      second_factor_roles <@ array['caseworker', 'supervisor', 'intake_focal_point', 'privacy_officer', 'agency_admin', 'child_protection_officer']);

    alter table api_clients
      add column previous_secret_hash text,
      add column previous_secret_expires_at timestamptz;
    grant select (previous_secret_expires_at) on api_clients to ponte_app, ponte_system;
    -- A rotation keeps the current hash as the previous one without the application reading either:
    -- a function that runs as the owner, in the calling agency only, and tells whether it rotated.
    create policy api_clients_rotation on api_clients for all to current_user using (${own}) with check (${own});
    create function rotate_api_client_secret(client uuid, new_hash text, previous_until timestamptz) returns boolean
    language sql security definer set search_path = pg_catalog, public as $fn$
      with rotated as (
        update public.api_clients
        set previous_secret_hash = secret_hash, previous_secret_expires_at = previous_until, secret_hash = new_hash
        where id = client and status = 'active' and ${own}
        returning 1)
      select exists (select 1 from rotated)
    $fn$;
    revoke all on function rotate_api_client_secret(uuid, text, timestamptz) from public;
    grant execute on function rotate_api_client_secret(uuid, text, timestamptz) to ponte_app;
  `,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop function rotate_api_client_secret(uuid, text, timestamptz);
    drop policy api_clients_rotation on api_clients;
    alter table api_clients drop column previous_secret_hash, drop column previous_secret_expires_at;
    alter table agencies drop column second_factor_roles;
    alter table access_events drop constraint access_events_actor_kind;
    alter table access_events add constraint access_events_actor_kind check (actor_kind in ('user', 'client'));
    drop policy access_events_accounts on access_events;
    revoke insert on access_events from ponte_authenticator, ponte_operator;
    drop policy users_authenticator_update on users;
    drop policy operators_authenticator_update on operators;
    alter table operators drop column updated_at;
  `.execute(db);
  for (const table of ['users', 'operators']) {
    await sql`
      alter table ${sql.table(table)}
        drop column one_time_code_hash, drop column one_time_code_expires_at, drop column failed_sign_ins,
        drop column locked_until, drop column totp_secret, drop column totp_enabled_at, drop column totp_last_step,
        drop column totp_pending_secret, drop column totp_pending_ticket_hash, drop column totp_pending_expires_at,
        drop column recovery_code_hashes, drop column demo_password, drop column password_changed_at;
      alter table ${sql.table(table)} drop constraint ${sql.id(`${table}_status_check`)};
      alter table ${sql.table(table)} add constraint ${sql.id(`${table}_status_check`)} check (status in ('active', 'disabled'));
      alter table ${sql.table(table)} alter column password_hash set not null;
    `.execute(db);
  }
}
