import { sql, type Kysely } from 'kysely';

/**
 * Webhook endpoints integrators can verify with the Standard Webhooks libraries, and change
 * (issue 20, item 7).
 *
 * - Each endpoint has its own signing secret (`whsec_...`) for the symmetric `v1` scheme
 *   (HMAC-SHA256), beside the hub's Ed25519 `v1a`. The worker needs the secret itself to sign, so
 *   it is stored sealed (AES-256-GCM under the key-encryption key, bound to its endpoint), never
 *   hashed. After a rotation the previous secret still signs until `previous_secret_expires_at`
 *   (moved aside by a trigger: the application role, which rotates it, cannot read it).
 *   Endpoints made before this migration have none: their deliveries carry `v1a` only until their
 *   administrator rotates the secret (a migration has no key-encryption key to seal one with, and
 *   nobody would ever see a secret made here).
 * - The application role writes a secret and never reads one back: it reads every other column by
 *   a column grant. The worker reads the secrets, to sign.
 * - An endpoint is `active`, `paused` (its deliveries wait) or `deleted` (kept, so its deliveries
 *   stay listed; its secrets are erased); `disabled` stays for the rows that have it. A delivery may
 *   end `cancelled` (its endpoint was deleted). `version` counts changes, for `If-Match`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    alter table webhook_endpoints
      add column secret_sealed text check (secret_sealed like 'sealed1.%'),
      add column secret_created_at timestamptz,
      add column previous_secret_sealed text check (previous_secret_sealed like 'sealed1.%'),
      add column previous_secret_expires_at timestamptz,
      add column version integer not null default 1,
      add column updated_at timestamptz,
      add column deleted_at timestamptz;
    alter table webhook_endpoints drop constraint webhook_endpoints_status_check;
    alter table webhook_endpoints add constraint webhook_endpoints_status_check check (status in ('active', 'paused', 'disabled', 'deleted'));
    alter table webhook_deliveries drop constraint webhook_deliveries_status_check;
    alter table webhook_deliveries add constraint webhook_deliveries_status_check check (status in ('pending', 'delivered', 'dead', 'cancelled'));

    -- A new secret moves the one it replaces aside while previous_secret_expires_at says so, and
    -- erases it otherwise: the application role rotates a secret it may not read.
    create function webhook_endpoint_keeps_previous_secret() returns trigger
    language plpgsql set search_path = pg_catalog, public as $fn$
    begin
      if new.secret_sealed is distinct from old.secret_sealed then
        new.previous_secret_sealed := case when new.previous_secret_expires_at is not null then old.secret_sealed end;
        if new.previous_secret_sealed is null then
          new.previous_secret_expires_at := null;
        end if;
      end if;
      return new;
    end
    $fn$;
    create trigger webhook_endpoints_previous_secret before update of secret_sealed on webhook_endpoints
      for each row execute function webhook_endpoint_keeps_previous_secret();

    revoke select on webhook_endpoints from ponte_app;
    grant select (agency_id, id, url, description, event_types, status, created_at, fanned_out_seq, secret_created_at, previous_secret_expires_at, version, updated_at, deleted_at)
      on webhook_endpoints to ponte_app;
    `,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    revoke select on webhook_endpoints from ponte_app;
    grant select on webhook_endpoints to ponte_app;
    drop trigger webhook_endpoints_previous_secret on webhook_endpoints;
    drop function webhook_endpoint_keeps_previous_secret();
    update webhook_deliveries set status = 'dead' where status = 'cancelled';
    update webhook_endpoints set status = 'disabled' where status in ('paused', 'deleted');
    alter table webhook_deliveries drop constraint webhook_deliveries_status_check;
    alter table webhook_deliveries add constraint webhook_deliveries_status_check check (status in ('pending', 'delivered', 'dead'));
    alter table webhook_endpoints drop constraint webhook_endpoints_status_check;
    alter table webhook_endpoints add constraint webhook_endpoints_status_check check (status in ('active', 'disabled'));
    alter table webhook_endpoints
      drop column deleted_at,
      drop column updated_at,
      drop column version,
      drop column previous_secret_expires_at,
      drop column previous_secret_sealed,
      drop column secret_created_at,
      drop column secret_sealed;
    `,
    )
    .execute(db);
}
