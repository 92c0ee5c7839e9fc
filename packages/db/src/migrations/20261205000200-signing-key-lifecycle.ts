import { sql, type Kysely } from 'kysely';

/**
 * The signing keys' lifecycle (issue 17).
 *
 * - Private keys are kept encrypted (AES-256-GCM under a key-encryption key the database never
 *   holds): ciphertext, nonce, tag and the key-encryption key's id. The plaintext column stays only
 *   for rows written before this migration, which the hub seals in place on its first start with a
 *   key-encryption key (a migration cannot: it has no such key). A check constraint, NOT VALID so
 *   that those rows may still be sealed, refuses every new or updated row that is not sealed.
 * - `signs_from`: when a key starts signing. A rotated key is published at once and signs only
 *   from then; the key before it stays published, verification-only, for what it signed. A key in
 *   use until now signs from when it was made.
 * - `ponte_system` (the hub's own tasks) may seal a row in place; it could already insert keys.
 *   Nothing may delete a key: what it signed must verify for as long as the log and receipts live.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    alter table signing_keys
      alter column private_jwk drop not null,
      add column private_key_ciphertext bytea,
      add column private_key_iv bytea,
      add column private_key_tag bytea,
      add column kek_id text,
      add column signs_from timestamptz;
    update signing_keys set signs_from = created_at;
    alter table signing_keys alter column signs_from set not null, alter column signs_from set default now();
    alter table signing_keys add constraint signing_keys_private_key_sealed check (
      private_jwk is null
      and octet_length(private_key_ciphertext) > 0
      and octet_length(private_key_iv) = 12
      and octet_length(private_key_tag) = 16
      and kek_id is not null
    ) not valid;
    create index signing_keys_signs_from on signing_keys (signs_from desc);
    grant update (private_jwk, private_key_ciphertext, private_key_iv, private_key_tag, kek_id) on signing_keys to ponte_system;
    `,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    revoke update on signing_keys from ponte_system;
    drop index signing_keys_signs_from;
    alter table signing_keys
      drop constraint signing_keys_private_key_sealed,
      drop column signs_from,
      drop column kek_id,
      drop column private_key_tag,
      drop column private_key_iv,
      drop column private_key_ciphertext;
    `,
    )
    .execute(db);
}
