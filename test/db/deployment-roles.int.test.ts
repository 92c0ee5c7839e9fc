import { join, resolve } from 'node:path';
import { loginConcerns, migrateToLatest, openStorage } from '@ponte/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivatePostgres, serverBinaries } from '../support/private-postgres';

/**
 * `infra/postgres/roles.sql` on a server of the test's own: it refuses to run without the database
 * name and the passwords, creates the roles, logins and database once, is safe to run again (setting
 * the passwords given), and the hub can tell when it is connected as a superuser or as the owner.
 */
const binaries = serverBinaries();
const ROLES_SQL = join(resolve(import.meta.dirname, '../..'), 'infra/postgres/roles.sql');
const vars = { db: 'ponte_deploy', owner_password: 'owner-secret-1', hub_password: 'hub-secret-1', background_password: 'bg-secret-1' };

describe.runIf(binaries)('roles.sql', () => {
  let server: PrivatePostgres;
  beforeAll(async () => {
    server = new PrivatePostgres(binaries!);
    await server.init();
  }, 120_000);
  afterAll(() => server?.destroy());

  it('refuses to run without the database name or the passwords, and creates nothing', async () => {
    const none = server.psqlFile(ROLES_SQL);
    expect(none.status).toBe(3);
    expect(none.output).toContain('-v db=ponte');
    const noPasswords = server.psqlFile(ROLES_SQL, { db: 'ponte_deploy' });
    expect(noPasswords.status).toBe(3);
    expect(noPasswords.output).toContain('owner_password');
    const storage = await openStorage({ databaseUrl: server.url(), poolSize: 1 });
    try {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_roles where rolname like 'ponte_%'`.execute(storage.db);
      expect(rows[0]!.n).toBe(0);
    } finally {
      await storage.close();
    }
  });

  it('creates the roles, the logins and the database, and may be run again', async () => {
    expect(server.psqlFile(ROLES_SQL, vars)).toMatchObject({ status: 0 });
    expect(server.psqlFile(ROLES_SQL, { ...vars, hub_password: 'hub-secret-2' })).toMatchObject({ status: 0 });
    const storage = await openStorage({ databaseUrl: server.url(), poolSize: 1 });
    try {
      const { rows } = await sql<{ rolname: string; rolcanlogin: boolean; rolinherit: boolean; rolsuper: boolean }>`
        select rolname, rolcanlogin, rolinherit, rolsuper from pg_roles where rolname like 'ponte_%' order by rolname`.execute(storage.db);
      expect(rows.map((r) => r.rolname)).toEqual([
        'ponte_app', 'ponte_auditor', 'ponte_authenticator', 'ponte_background', 'ponte_hub', 'ponte_operator', 'ponte_owner', 'ponte_sealer', 'ponte_signer', 'ponte_system', 'ponte_worker',
      ]);
      for (const r of rows) expect({ role: r.rolname, login: r.rolcanlogin, superuser: r.rolsuper }).toEqual({ role: r.rolname, login: ['ponte_owner', 'ponte_hub', 'ponte_background'].includes(r.rolname), superuser: false });
      const { rows: db } = await sql<{ owner: string }>`select pg_get_userbyid(datdba) as owner from pg_database where datname = 'ponte_deploy'`.execute(storage.db);
      expect(db).toEqual([{ owner: 'ponte_owner' }]);
      const { rows: members } = await sql<{ login: string; role: string }>`
        select u.rolname as login, r.rolname as role from pg_auth_members m join pg_roles u on u.oid = m.member join pg_roles r on r.oid = m.roleid
        where u.rolname = 'ponte_background' order by r.rolname`.execute(storage.db);
      expect(members.map((m) => m.role)).toEqual(['ponte_auditor', 'ponte_sealer', 'ponte_signer', 'ponte_worker']);
    } finally {
      await storage.close();
    }
  });

  it('lets the hub tell a superuser or the schema owner from the hub login', async () => {
    const owner = await openStorage({ databaseUrl: server.url('ponte_owner', 'ponte_deploy'), poolSize: 1 });
    try {
      await migrateToLatest(owner.db);
      expect(await loginConcerns(owner.db)).toEqual(['schema_owner']);
    } finally {
      await owner.close();
    }
    const superuser = await openStorage({ databaseUrl: server.url('postgres', 'ponte_deploy'), poolSize: 1 });
    try {
      expect(await loginConcerns(superuser.db)).toEqual(['superuser']);
    } finally {
      await superuser.close();
    }
    const hub = await openStorage({ databaseUrl: server.url('ponte_hub', 'ponte_deploy'), poolSize: 1 });
    try {
      expect(await loginConcerns(hub.db)).toEqual([]);
    } finally {
      await hub.close();
    }
  });
});
