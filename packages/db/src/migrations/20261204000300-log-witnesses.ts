import { sql, type Kysely } from 'kysely';

/**
 * Agencies as witnesses of the hub's access log. An agency's administrators register the Ed25519
 * keys of the witnesses its own systems run (`ponte witness`); a witness checks each checkpoint is
 * consistent with the last one it cosigned and posts a C2SP `tlog-cosignature`, which the hub
 * keeps beside the head and serves with the checkpoint. Keys and cosignatures are an agency's own
 * to write; the auditor reads every agency's, to serve and verify them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const agency = `nullif(current_setting('app.agency_id', true), '')::uuid`;
  await sql
    .raw(
      `
    create table log_witness_keys (
      agency_id uuid not null references agencies (id),
      id uuid not null default gen_random_uuid(),
      -- A note key name: printable, no spaces and no plus sign.
      name text not null check (name ~ '^[\\x21-\\x2a\\x2c-\\x7e]{1,200}$'),
      key_id bytea not null check (length(key_id) = 4),
      public_key bytea not null check (length(public_key) = 32),
      created_by uuid not null,
      created_at timestamptz not null,
      revoked_at timestamptz,
      primary key (agency_id, id),
      unique (agency_id, name, key_id)
    );
    -- A key is one agency's, for ever: another agency registering it could replay its cosignatures
    -- (they are public) and count as a witness it never ran. A reference table, not an agency's.
    create unique index log_witness_keys_one_agency on log_witness_keys (public_key);
    alter table log_witness_keys enable row level security;
    alter table log_witness_keys force row level security;
    grant select, insert, update (revoked_at) on log_witness_keys to ponte_app;
    create policy log_witness_keys_own on log_witness_keys for all to ponte_app using (agency_id = ${agency}) with check (agency_id = ${agency});
    grant select on log_witness_keys to ponte_auditor;
    create policy log_witness_keys_auditor on log_witness_keys for select to ponte_auditor using (true);

    create table log_cosignatures (
      agency_id uuid not null,
      witness_key_id uuid not null,
      tree_size bigint not null check (tree_size > 0),
      root_hash text not null check (root_hash ~ '^[0-9a-f]{64}$'),
      -- The checkpoint's text as cosigned, and the signature line's bytes (key id, time, signature).
      body text not null check (length(body) between 1 and 1000),
      signed_at bigint not null check (signed_at >= 0),
      signature bytea not null check (length(signature) = 76),
      created_at timestamptz not null,
      primary key (agency_id, witness_key_id, tree_size),
      foreign key (agency_id, witness_key_id) references log_witness_keys (agency_id, id)
    );
    create index log_cosignatures_by_size on log_cosignatures (tree_size);
    alter table log_cosignatures enable row level security;
    alter table log_cosignatures force row level security;
    grant select, insert on log_cosignatures to ponte_app;
    create policy log_cosignatures_own on log_cosignatures for all to ponte_app using (agency_id = ${agency}) with check (agency_id = ${agency});
    grant select on log_cosignatures to ponte_auditor;
    create policy log_cosignatures_auditor on log_cosignatures for select to ponte_auditor using (true);
  `,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table log_cosignatures; drop table log_witness_keys;`.execute(db);
}
