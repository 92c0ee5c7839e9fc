import { findAgencyBySlug, isPolicyViolation, readInOneTrip, withoutTenant, withTenant, type Db } from '@ponte/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOTH_ENGINES, type TestDatabase } from '../support/database';

/** Tables that hold one agency's rows: every table with an `agency_id` column. */
/**
 * The access log's own tables carry an agency id but are one log across agencies, like its heads:
 * the leaves (each event's place) and the sealing queue, which no agency's role may reach at all.
 */
const ONE_LOG_ACROSS_AGENCIES = ['log_leaves', 'log_pending'];

/** Tables with an agency id, but not the access log's months: those are reached only through their parent's policies. */
async function tenantTables(db: Db): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select c.table_name from information_schema.columns c join pg_class r on r.relname = c.table_name and r.relnamespace = 'public'::regnamespace
    where c.table_schema = 'public' and c.column_name = 'agency_id' and not r.relispartition order by c.table_name`.execute(db);
  return rows.map((r) => r.table_name).filter((t) => !ONE_LOG_ACROSS_AGENCIES.includes(t));
}

describe.each(BOTH_ENGINES)('row-level security on %s', (_name, open) => {
  let database: TestDatabase;
  let iom: string;
  let unhcr: string;

  beforeAll(async () => {
    database = await open();
    [iom, unhcr] = await withoutTenant(database.db, 'hub', async (tx) => [
      (await findAgencyBySlug(tx, 'iom'))!.id,
      (await findAgencyBySlug(tx, 'unhcr'))!.id,
    ]);
  });
  afterAll(() => database?.close());

  it("a query with no where clause returns the agency's own rows and none of another's", async () => {
    const users = await withTenant(database.db, iom, (tx) => tx.selectFrom('users').select('agency_id').execute());
    const clients = await withTenant(database.db, iom, (tx) => tx.selectFrom('api_clients').select('agency_id').execute());
    expect(users.length).toBeGreaterThan(0);
    expect(clients.length).toBeGreaterThan(0);
    expect(users.every((u) => u.agency_id === iom)).toBe(true);
    expect(clients.every((c) => c.agency_id === iom)).toBe(true);
  });

  it('asking for another agency by id returns nothing', async () => {
    const rows = await withTenant(database.db, iom, (tx) => tx.selectFrom('users').select(['id', 'agency_id']).where('agency_id', '=', unhcr).execute());
    expect(rows).toEqual([]);
  });

  it('an insert for another agency fails', async () => {
    const attempt = withTenant(database.db, iom, (tx) =>
      tx
        .insertInto('users')
        .values({ agency_id: unhcr, username: 'planted', display_name: 'Planted', password_hash: 'x', roles: ['caseworker'] })
        .execute(),
    );
    const error = await attempt.then(() => undefined, (e: unknown) => e);
    expect(isPolicyViolation(error)).toBe(true);
    const planted = await withTenant(database.db, unhcr, (tx) => tx.selectFrom('users').select('id').where('username', '=', 'planted').execute());
    expect(planted).toEqual([]);
  });

  it("an update or delete with no where clause leaves another agency's rows alone", async () => {
    const before = await withTenant(database.db, unhcr, (tx) => tx.selectFrom('users').select(['id', 'display_name']).orderBy('id').execute());
    await withTenant(database.db, iom, async (tx) => {
      await tx.updateTable('users').set({ display_name: 'Renamed' }).execute();
      // Roll back: this test only wants to see what the update could reach.
      throw new RollBack();
    }).catch((e: unknown) => {
      if (!(e instanceof RollBack)) throw e;
    });
    const after = await withTenant(database.db, unhcr, (tx) => tx.selectFrom('users').select(['id', 'display_name']).orderBy('id').execute());
    expect(after).toEqual(before);
  });

  it('with no agency set, tenant tables show nothing, also to the hub operator', async () => {
    for (const actor of ['hub', 'hub_operator', 'system', 'authenticator'] as const) {
      const users = await withoutTenant(database.db, actor, (tx) => tx.selectFrom('users').select('id').execute());
      expect({ actor, users: users.length }).toEqual({ actor, users: 0 });
    }
    for (const actor of ['hub', 'system', 'authenticator'] as const) {
      const clients = await withoutTenant(database.db, actor, (tx) => tx.selectFrom('api_clients').select('id').execute());
      expect({ actor, clients: clients.length }).toEqual({ actor, clients: 0 });
    }
  });

  it('the agency setting and the role do not outlive their transaction on a reused connection', async () => {
    await database.db.connection().execute(async (connection) => {
      const session = await sql<{ user: string }>`select current_user as user`.execute(connection);
      await withTenant(connection, iom, (tx) => tx.selectFrom('users').select('id').execute());
      const { rows } = await sql<{ agency: string | null; user: string }>`
        select current_setting('app.agency_id', true) as agency, current_user as user`.execute(connection);
      expect(rows[0]!.agency ?? '').toBe('');
      expect(rows[0]!.user).toBe(session.rows[0]!.user);
      expect(rows[0]!.user).not.toBe('ponte_app');
    });
  });

  it('a one-trip read sees only its agency, and leaves no setting, role or open transaction behind, even when it fails', async () => {
    await database.db.connection().execute(async (connection) => {
      const session = await sql<{ user: string }>`select current_user as user`.execute(connection);
      const users = await readInOneTrip(connection, iom, 'authenticator', (tx) => tx.selectFrom('users').select('agency_id'));
      expect(users.length).toBeGreaterThan(0);
      expect(new Set(users.map((u) => u.agency_id))).toEqual(new Set([iom]));
      await expect(readInOneTrip(connection, iom, 'authenticator', (tx) => tx.selectNoFrom(sql<number>`1 / 0`.as('x')))).rejects.toThrow(/division by zero/);
      const { rows } = await sql<{ agency: string | null; user: string }>`
        select current_setting('app.agency_id', true) as agency, current_user as user`.execute(connection);
      expect(rows[0]!.agency ?? '').toBe('');
      expect(rows[0]!.user).toBe(session.rows[0]!.user);
    });
  });

  it('a one-trip read refuses a parameter that is not a UUID before sending anything', async () => {
    await expect(
      readInOneTrip(database.db, iom, 'authenticator', (tx) => tx.selectFrom('users').select('id').where('username', '=', "x' or '1' = '1")),
    ).rejects.toThrow(/UUID parameters only/);
    await expect(readInOneTrip(database.db, `${iom}'`, 'authenticator', (tx) => tx.selectFrom('users').select('id'))).rejects.toThrow(/must be a UUID/);
  });

  it('every tenant table leads its key with a not-null agency_id and forces row-level security', async () => {
    const tables = await tenantTables(database.db);
    expect(tables).toEqual(expect.arrayContaining(['agency_services', 'agreements', 'api_clients', 'users']));
    const { rows } = await sql<{ table: string; forced: boolean; enabled: boolean; not_null: boolean; leading: string }>`
      select c.relname as table, c.relforcerowsecurity as forced, c.relrowsecurity as enabled,
             a.attnotnull as not_null,
             (select att.attname from pg_index i join pg_attribute att on att.attrelid = i.indrelid and att.attnum = i.indkey[0]
               where i.indrelid = c.oid and i.indisprimary) as leading
      from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attname = 'agency_id'
      where c.relname in (${sql.join(tables)}) and c.relkind in ('r', 'p')`.execute(database.db);
    expect(rows).toHaveLength(tables.length);
    for (const row of rows) expect(row).toEqual({ table: row.table, forced: true, enabled: true, not_null: true, leading: 'agency_id' });
  });

  it("the access log's months have row-level security and no grant: only the parent's policies reach them", async () => {
    const { rows } = await sql<{ table: string; enabled: boolean; grants: number }>`
      select c.relname as table, c.relrowsecurity as enabled,
             (select count(*)::int from information_schema.role_table_grants g where g.table_name = c.relname and g.grantee like 'ponte%') as grants
      from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'access_events'::regclass`.execute(database.db);
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) expect(row).toEqual({ table: row.table, enabled: true, grants: 0 });
    const direct = await withTenant(database.db, iom, (tx) => sql`select count(*) from ${sql.table(rows[0]!.table)}`.execute(tx)).then(
      () => 'read',
      (e: { code?: string }) => e.code,
    );
    expect(direct).toBe('42501');
  });

  it("the access log's leaves and queue are no agency's to write, and show an agency the places of its own events only", async () => {
    const refused = (promise: Promise<unknown>) => promise.then(() => 'done', (e: { code?: string }) => e.code);
    expect(await refused(withTenant(database.db, iom, (tx) => sql`insert into log_leaves (log_index, agency_id, event_id, occurred_at) values (999999, ${iom}, gen_random_uuid(), now())`.execute(tx)))).toBe('42501');
    expect(await refused(withTenant(database.db, iom, (tx) => sql`insert into log_pending (occurred_at, agency_id, event_id) values (now(), ${iom}, gen_random_uuid())`.execute(tx)))).toBe('42501');
    expect(await refused(withTenant(database.db, iom, (tx) => sql`delete from log_pending`.execute(tx)))).toBe('42501');
    // An event of UNHCR's, about no subject of IOM's, queued for the sealer.
    const appended = await withTenant(database.db, unhcr, (tx) =>
      sql<{ id: string }>`insert into access_events (agency_id, occurred_at, actor_kind, actor_id, resource, action, decision, rule, request_id)
        values (${unhcr}, now(), 'user', gen_random_uuid(), 'Subject', 'read', 'allow', 'test', 'rls-queue') returning id`.execute(tx),
    );
    const id = appended.rows[0]!.id;
    const queued = (agency: string) => withTenant(database.db, agency, (tx) => sql<{ n: number }>`select count(*)::int as n from log_pending where event_id = ${id}`.execute(tx)).then((r) => r.rows[0]!.n);
    expect(await queued(unhcr)).toBe(1);
    expect(await queued(iom)).toBe(0);
    // Once sealed, its leaf too: placed here as the sealer would place it.
    await sql`insert into log_leaves (log_index, agency_id, event_id, occurred_at) select 900000000, agency_id, id, occurred_at from access_events where id = ${id}`.execute(database.db);
    const placed = (agency: string) => withTenant(database.db, agency, (tx) => sql<{ n: number }>`select count(*)::int as n from log_leaves where event_id = ${id}`.execute(tx)).then((r) => r.rows[0]!.n);
    expect(await placed(unhcr)).toBe(1);
    expect(await placed(iom)).toBe(0);
  });

  it("keeps the hub's private signing key from every unit of work but the hub's own", async () => {
    const refused = (promise: Promise<unknown>) => promise.then(() => 'read', (e: { code?: string }) => e.code);
    expect(await refused(withTenant(database.db, iom, (tx) => tx.selectFrom('signing_keys').select('kid').execute()))).toBe('42501');
    expect(await refused(withoutTenant(database.db, 'hub_operator', (tx) => tx.selectFrom('signing_keys').select('kid').execute()))).toBe('42501');
    const asSystem = await withoutTenant(database.db, 'system', (tx) => tx.selectFrom('signing_keys').select('kid').execute());
    expect(asSystem.length).toBeGreaterThan(0);
  });

  it('the application role owns nothing, is no superuser and cannot bypass row-level security', async () => {
    const { rows } = await sql<{ rolsuper: boolean; rolbypassrls: boolean; owned: number }>`
      select r.rolsuper, r.rolbypassrls,
             (select count(*)::int from pg_class c where c.relowner = r.oid) as owned
      from pg_roles r where r.rolname = 'ponte_app'`.execute(database.db);
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, owned: 0 });
  });
});

class RollBack extends Error {}
