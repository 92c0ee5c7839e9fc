import { sql, type Kysely } from 'kysely';

/**
 * Sessions of the web console, so any hub process can serve any page. The browser holds a random
 * id; the table holds only its SHA-256. A session belongs to a person, not to an agency's data (the
 * hub operator has none): it is reached by the authenticator alone, never by a case-data request.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table console_sessions (
      id_hash text primary key check (id_hash ~ '^[0-9a-f]{64}$'),
      claims jsonb not null,
      csrf_token text not null,
      receipts jsonb not null default '{}'::jsonb,
      created_at timestamptz not null,
      last_seen_at timestamptz not null
    );
    create index console_sessions_idle on console_sessions (last_seen_at);
    alter table console_sessions enable row level security;
    alter table console_sessions force row level security;
    create policy console_sessions_authenticator on console_sessions for all to ponte_app
      using (nullif(current_setting('app.actor_kind', true), '') = 'authenticator')
      with check (nullif(current_setting('app.actor_kind', true), '') = 'authenticator');
    grant select, insert, update, delete on console_sessions to ponte_app;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists console_sessions`.execute(db);
}
