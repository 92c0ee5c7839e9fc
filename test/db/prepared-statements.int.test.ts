import { openStorage, type Storage } from '@ponte/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** Prepared statements live on a server's connections: PostgreSQL only (PGlite plans in the process). */
describe('prepared statements on the run database', () => {
  let database: TestDatabase;
  const opened: Storage[] = [];
  /** One connection, so that what it prepared is what `pg_prepared_statements` shows. */
  const oneConnection = async (preparedStatements?: boolean) => {
    const storage = await openStorage({ databaseUrl: database.url!, poolSize: 1, preparedStatements });
    opened.push(storage);
    return storage;
  };
  const prepared = async (storage: Storage) =>
    (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(storage.db)).rows.map((r) => r.statement);
  const slugs = (storage: Storage, slug: string) => sql<{ slug: string }>`select slug from agencies where slug = ${slug}`.execute(storage.db);

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await database.close();
  });

  it('a statement sent again is prepared on the connection, once; one sent once, or without values, is not', async (context) => {
    if (database.kind !== 'postgres') return context.skip();
    const storage = await oneConnection();
    await slugs(storage, 'iom');
    expect(await prepared(storage)).toEqual([]);
    await slugs(storage, 'unhcr');
    await slugs(storage, 'iom');
    expect((await slugs(storage, 'iom')).rows).toEqual([{ slug: 'iom' }]);
    expect(await prepared(storage)).toEqual(['select slug from agencies where slug = $1']);
    await sql`select count(*) from agencies`.execute(storage.db);
    await sql`select count(*) from agencies`.execute(storage.db);
    expect(await prepared(storage)).toHaveLength(1);
  });

  it('can be turned off (a pooler in transaction mode)', async (context) => {
    if (database.kind !== 'postgres') return context.skip();
    const storage = await oneConnection(false);
    for (const slug of ['iom', 'iom', 'iom']) await slugs(storage, slug);
    expect(await prepared(storage)).toEqual([]);
  });

  it('a connection whose prepared statement a migration outdated is replaced: one statement fails, the next runs', async (context) => {
    if (database.kind !== 'postgres') return context.skip();
    await sql`create table prepared_probe (id int)`.execute(database.db);
    const storage = await oneConnection();
    const probe = () => sql`select * from prepared_probe where id = ${1}`.execute(storage.db);
    await probe();
    await probe();
    expect(await prepared(storage)).toContain('select * from prepared_probe where id = $1');
    await sql`alter table prepared_probe add column added int`.execute(database.db);
    const stale = await probe().then(() => 'ran', (e: { code?: string }) => e.code);
    expect(stale).toBe('0A000');
    expect((await probe()).rows).toEqual([]);
  });
});
