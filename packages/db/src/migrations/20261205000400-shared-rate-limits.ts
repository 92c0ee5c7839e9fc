import { sql, type Kysely } from 'kysely';

/**
 * Rate limits shared by every hub of a deployment without Redis (issue 19): one row a limited key
 * and window, in the shape `rate-limiter-flexible`'s PostgreSQL store reads and writes (`key`,
 * `points`, `expire` in epoch milliseconds). Keys are hashes: no address or account name is kept.
 * Not a tenant table: the limits of the sign-in endpoints come before any agency is known. Only
 * the hub's own tasks (`ponte_system`) read and write it; expired rows are deleted as they go.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(
      `
    create table rate_limits (
      key varchar(255) primary key,
      points integer not null default 0,
      expire bigint
    );
    create index rate_limits_expire on rate_limits (expire);
    alter table rate_limits enable row level security;
    alter table rate_limits force row level security;
    grant select, insert, update, delete on rate_limits to ponte_system;
    create policy rate_limits_system on rate_limits for all to ponte_system using (true) with check (true);
  `,
    )
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table rate_limits`.execute(db);
}
