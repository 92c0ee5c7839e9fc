import { randomBytes, randomUUID } from 'node:crypto';
import { sealLog } from '@ponte/audit';
import { TokenService } from '@ponte/auth';
import { ensureSigningKeys } from '@ponte/core';
import { findAgencyBySlug, withoutTenant, type Db } from '@ponte/db';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOTH_ENGINES, type TestDatabase } from '../support/database';
import { TEST_SIGNING_KEY_OPTIONS } from '../support/key-encryption';

/**
 * Privilege comes from the database role, never from a setting. SQL typed by hand inside an
 * agency's transaction, as the application role, tries to act as the worker, the sealer, the
 * hub's system tasks and the hub operator: by the old `app.actor_kind` setting, and by switching
 * role under a login that holds only the application role. Every attempt is refused, or sees and
 * touches nothing, and the access log is append-only by grant.
 */
const SETTINGS = ['worker', 'system', 'hub_operator', 'authenticator', 'sealer', 'auditor'] as const;

/** What an attempt must come to: refused by privilege (42501), or allowed to run yet seeing and changing nothing. */
type Outcome = 'refused' | 'nothing';

interface Attempt {
  name: string;
  sql: (ids: Ids) => string;
  outcome: Outcome;
}

interface Ids {
  iom: string;
  unhcr: string;
}

const ATTEMPTS: Attempt[] = [
  // As the worker: another agency's log, outbox, endpoints and deliveries; forged archives and heads.
  { name: "read another agency's access events", outcome: 'nothing', sql: (i) => `select id from access_events where agency_id = '${i.unhcr}'` },
  { name: "read another agency's outbox", outcome: 'nothing', sql: (i) => `select id from events where agency_id = '${i.unhcr}'` },
  { name: "read another agency's webhook URLs", outcome: 'nothing', sql: (i) => `select url from webhook_endpoints where agency_id = '${i.unhcr}'` },
  { name: "mark another agency's deliveries dead", outcome: 'nothing', sql: (i) => `update webhook_deliveries set status = 'dead' where agency_id = '${i.unhcr}' returning id` },
  { name: 'record a forged archive', outcome: 'refused', sql: () => `insert into log_partition_archives (partition_name, starts, ends, file_name, sha256, events, first_index, up_to_size, archived_at) values ('access_events_y2026m12', '2026-12-01', '2027-01-01', 'x', '${'0'.repeat(64)}', 0, null, 0, now()) returning partition_name` },
  { name: 'drop a month of the access log', outcome: 'refused', sql: () => `select drop_access_event_partition('access_events_y2026m12')` },
  { name: 'make months of the access log', outcome: 'refused', sql: () => `select ensure_access_event_partitions(now(), now())` },
  { name: 'append a forged leaf', outcome: 'refused', sql: (i) => `insert into log_leaves (log_index, agency_id, event_id, occurred_at) values (999999, '${i.iom}', gen_random_uuid(), now()) returning log_index` },
  { name: 'rewrite a tile', outcome: 'refused', sql: () => `update log_tiles set hashes = '\\x00' returning level` },
  { name: 'take events off the sealing queue', outcome: 'refused', sql: () => `delete from log_pending returning event_id` },
  { name: 'insert a forged head', outcome: 'refused', sql: () => `insert into log_heads (tree_size, root_hash, previous_size, frontier, signed_head, created_at) values (999999, 'x', null, '[]', 'x', now()) returning tree_size` },
  { name: 'change the owner of events', outcome: 'refused', sql: (i) => `update access_events set owning_agency_id = '${i.iom}' returning id` },
  { name: 'change an event', outcome: 'refused', sql: () => `update access_events set rule = 'forged' returning id` },
  { name: 'delete the whole access log', outcome: 'refused', sql: () => `delete from access_events returning id` },
  { name: 'truncate the access log', outcome: 'refused', sql: () => `truncate access_events` },
  { name: 'delete the signed heads', outcome: 'refused', sql: () => `delete from log_heads returning tree_size` },
  { name: 'rewrite a signed head', outcome: 'refused', sql: () => `update log_heads set root_hash = 'x' returning tree_size` },
  { name: 'read the archives', outcome: 'refused', sql: () => `select file_name from log_partition_archives` },
  // As the hub's system tasks: keys and credentials.
  { name: "read the hub's private signing key", outcome: 'refused', sql: () => `select private_jwk from signing_keys` },
  { name: "read the operators' password hashes", outcome: 'refused', sql: () => `select password_hash from operators` },
  { name: "read users' password hashes", outcome: 'refused', sql: () => `select password_hash from users` },
  { name: "read API clients' secret hashes", outcome: 'refused', sql: () => `select secret_hash from api_clients` },
  { name: 'read console sessions', outcome: 'refused', sql: () => `select id_hash from console_sessions` },
  // As the hub operator: the catalogue and agreements.
  { name: 'suspend an agency', outcome: 'refused', sql: (i) => `update agencies set status = 'suspended' where id = '${i.unhcr}' returning id` },
  { name: 'add an agency', outcome: 'refused', sql: () => `insert into agencies (slug, name_en, name_pt, kind) values ('forged-agency', 'F', 'F', 'civil_society') returning id` },
  { name: "remove an agency's services", outcome: 'refused', sql: (i) => `delete from agency_services where agency_id = '${i.unhcr}' returning agency_id` },
  { name: 'write an agreement', outcome: 'refused', sql: (i) => `insert into agreements (agency_id, recipient_agency_id, purposes, categories, valid_from, valid_until, document_ref) values ('${i.iom}', '${i.unhcr}', '{x}', '{identity}', '2026-01-01', '2027-01-01', 'forged') returning id` },
  { name: 'terminate an agreement', outcome: 'refused', sql: () => `update agreements set status = 'terminated', terminated_at = now() returning id` },
  // Event numbers: only ever counted up, through the numbering function.
  { name: "read another agency's event counter", outcome: 'refused', sql: (i) => `select last from event_counters where agency_id = '${i.unhcr}'` },
  { name: "rewind another agency's event counter", outcome: 'refused', sql: (i) => `update event_counters set last = 0 where agency_id = '${i.unhcr}' returning last` },
];

async function agencyIds(db: Db): Promise<Ids> {
  return withoutTenant(db, 'hub', async (tx) => ({ iom: (await findAgencyBySlug(tx, 'iom'))!.id, unhcr: (await findAgencyBySlug(tx, 'unhcr'))!.id }));
}

/**
 * Runs `statement` in a transaction of IOM's as the application role, after `prelude`, and says
 * what came of it; the transaction is always rolled back.
 */
async function attempt(db: Kysely<any>, ids: Ids, prelude: string[], statement: string): Promise<{ outcome: Outcome | 'changed'; code?: string }> {
  return db.connection().execute(async (connection) => {
    await sql.raw(`begin; select set_config('role', 'ponte_app', true), set_config('app.agency_id', '${ids.iom}', true)`).execute(connection);
    try {
      for (const line of prelude) await sql.raw(line).execute(connection);
      const result = await sql.raw<Record<string, unknown>>(statement).execute(connection);
      const touched = result.rows.length + Number(result.numAffectedRows ?? 0);
      return { outcome: touched === 0 ? 'nothing' : 'changed' };
    } catch (error) {
      const code = (error as { code?: string }).code;
      return { outcome: code === '42501' ? 'refused' : 'changed', code };
    } finally {
      await sql.raw('rollback').execute(connection);
    }
  });
}

describe.each(BOTH_ENGINES)('database roles on %s', (_name, open) => {
  let database: TestDatabase;
  let ids: Ids;
  /** A login that holds only the application role, as an agency-facing login would. */
  const login = `ponte_test_login_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    database = await open();
    ids = await agencyIds(database.db);
    const db = database.db;
    // Records of another agency for the attempts to go after, written as the owner; and a sealed log.
    const now = new Date();
    await sql`insert into access_events (agency_id, occurred_at, actor_kind, actor_id, resource, action, decision, rule, request_id)
              values (${ids.unhcr}, ${now}, 'user', ${randomUUID()}, 'Subject', 'read', 'allow', 'test', 'r1'),
                     (${ids.iom}, ${now}, 'user', ${randomUUID()}, 'Subject', 'read', 'allow', 'test', 'r2')`.execute(db);
    const tokens = new TokenService({ issuer: 'http://ponte.test', audience: 'ponte-api', ttlSeconds: 900, keys: await ensureSigningKeys(db, TEST_SIGNING_KEY_OPTIONS) });
    await sealLog({ db, tokens });
    await sql`insert into access_events (agency_id, occurred_at, actor_kind, actor_id, resource, action, decision, rule, request_id)
              values (${ids.iom}, ${now}, 'user', ${randomUUID()}, 'Subject', 'read', 'allow', 'test', 'r3')`.execute(db);
    const event = randomUUID();
    const endpoint = randomUUID();
    await sql`insert into events (agency_id, id, seq, type, payload, created_at) values (${ids.unhcr}, ${event}, 1000000, 'test', '{}', ${now})`.execute(db);
    await sql`insert into webhook_endpoints (agency_id, id, url, created_at) values (${ids.unhcr}, ${endpoint}, 'https://unhcr.example.org/hook', ${now})`.execute(db);
    await sql`insert into webhook_deliveries (agency_id, event_id, endpoint_id, next_attempt_at, created_at) values (${ids.unhcr}, ${event}, ${endpoint}, ${now}, ${now})`.execute(db);
    await sql.raw(`create role ${login} login noinherit; grant ponte_app to ${login}`).execute(db);
  });
  afterAll(async () => {
    await sql.raw(`drop role if exists ${login}`).execute(database.db).catch(() => undefined);
    await database?.close();
  });

  it('the records the attempts go after exist', async () => {
    const { rows } = await sql<{ events: number; outbox: number; endpoints: number; deliveries: number; sealed: number }>`
      select (select count(*)::int from access_events where agency_id = ${ids.unhcr}) as events,
             (select count(*)::int from events where agency_id = ${ids.unhcr}) as outbox,
             (select count(*)::int from webhook_endpoints where agency_id = ${ids.unhcr}) as endpoints,
             (select count(*)::int from webhook_deliveries where agency_id = ${ids.unhcr}) as deliveries,
             (select count(*)::int from log_leaves) as sealed`.execute(database.db);
    expect(rows[0]).toEqual({ events: 1, outbox: 1, endpoints: 1, deliveries: 1, sealed: 2 });
  });

  describe.each(SETTINGS)('with app.actor_kind set to %s', (actor) => {
    it.each(ATTEMPTS)('$name: $outcome', async ({ sql: statement, outcome }) => {
      const result = await attempt(database.db, ids, [`select set_config('app.actor_kind', '${actor}', true)`], statement(ids));
      expect(result).toMatchObject({ outcome });
    });
  });

  it('under a login holding only the application role, no other role can be entered', async () => {
    // A database of its own: PGlite keeps a session authorization past the transaction that set it.
    const separate = await open();
    try {
      // Roles belong to a server; an embedded PGlite is a server of its own.
      if (separate.kind === 'pglite') await sql.raw(`create role ${login} login noinherit; grant ponte_app to ${login}`).execute(separate.db);
      const prelude = [`set local session authorization ${login}`, `select set_config('role', 'ponte_app', true), set_config('app.agency_id', '${ids.iom}', true)`];
      for (const role of ['ponte_worker', 'ponte_sealer', 'ponte_auditor', 'ponte_system', 'ponte_operator', 'ponte_authenticator']) {
        const result = await attempt(separate.db, ids, prelude, `set local role ${role}`);
        expect({ role, ...result }).toMatchObject({ role, outcome: 'refused' });
      }
      // Dropping the role leaves the login itself, which has no rights of its own.
      expect(await attempt(separate.db, ids, [...prelude, 'reset role'], 'select id from access_events')).toMatchObject({ outcome: 'refused' });
    } finally {
      await separate.close();
    }
  });

  it('event numbers only ever count up, one or more at a time', async () => {
    const numbering = (counts: string) =>
      database.db.connection().execute(async (connection) => {
        await sql.raw(`begin; select set_config('role', 'ponte_app', true), set_config('app.agency_id', '${ids.iom}', true)`).execute(connection);
        try {
          const { rows } = await sql.raw<{ last: number }>(`select last from take_event_numbers(array['${ids.iom}']::uuid[], array[${counts}]::integer[])`).execute(connection);
          return rows[0]!.last;
        } catch (error) {
          return (error as { code?: string }).code;
        } finally {
          await sql.raw('rollback').execute(connection);
        }
      });
    expect(typeof (await numbering('2'))).toBe('number');
    expect(await numbering('0')).toBe('22023');
    expect(await numbering('-5')).toBe('22023');
  });

  it('the application role may only read and append the access log, by grant', async () => {
    const { rows } = await sql<{ table_name: string; privilege_type: string }>`
      select table_name, privilege_type from information_schema.role_table_grants
      where grantee = 'ponte_app' and table_name in ('access_events', 'log_heads', 'log_leaves', 'log_tiles', 'log_pending', 'log_partition_archives', 'subject_owners')
      order by table_name, privilege_type`.execute(database.db);
    expect(rows.map((r) => `${r.table_name}:${r.privilege_type}`)).toEqual([
      'access_events:INSERT',
      'access_events:SELECT',
      'log_heads:SELECT',
      'log_leaves:SELECT',
      'log_pending:SELECT',
      'log_tiles:SELECT',
      'subject_owners:INSERT',
      'subject_owners:SELECT',
    ]);
    const { rows: columns } = await sql<{ n: number }>`
      select count(*)::int as n from information_schema.column_privileges
      where grantee = 'ponte_app' and table_name in ('access_events', 'log_heads', 'log_leaves', 'log_tiles', 'log_pending', 'log_partition_archives') and privilege_type in ('UPDATE', 'DELETE')`.execute(database.db);
    expect(columns[0]!.n).toBe(0);
  });

  it('no role changes or deletes an event, the sealer included; the sealer appends leaves and grows tiles; the auditor writes nothing', async () => {
    const as = (role: string, statement: string) =>
      database.db.connection().execute(async (connection) => {
        await sql.raw(`begin; select set_config('role', '${role}', true)`).execute(connection);
        try {
          const result = await sql.raw(statement).execute(connection);
          return { outcome: result.rows.length + Number(result.numAffectedRows ?? 0) === 0 ? 'nothing' : 'changed' };
        } catch (error) {
          return { outcome: (error as { code?: string }).code === '42501' ? 'refused' : 'changed' };
        } finally {
          await sql.raw('rollback').execute(connection);
        }
      });
    expect(await as('ponte_sealer', `update access_events set owning_agency_id = null returning id`)).toEqual({ outcome: 'refused' });
    expect(await as('ponte_sealer', `delete from access_events returning id`)).toEqual({ outcome: 'refused' });
    expect(await as('ponte_sealer', `update access_events set rule = 'forged' returning id`)).toEqual({ outcome: 'refused' });
    expect(await as('ponte_sealer', `update log_leaves set log_index = log_index + 1 returning log_index`)).toEqual({ outcome: 'refused' });
    expect(await as('ponte_sealer', `delete from log_leaves returning log_index`)).toEqual({ outcome: 'refused' });
    expect(await as('ponte_sealer', `delete from log_tiles returning level`)).toEqual({ outcome: 'refused' });
    expect(await as('ponte_auditor', `update log_tiles set hashes = hashes returning level`)).toEqual({ outcome: 'refused' });
    expect(await as('ponte_auditor', `insert into log_leaves (log_index, agency_id, event_id, occurred_at) select 999999, agency_id, id, occurred_at from access_events limit 1 returning log_index`)).toEqual({ outcome: 'refused' });
    expect(await as('ponte_auditor', `delete from access_events returning id`)).toEqual({ outcome: 'refused' });
    expect(await as('ponte_worker', `select id from access_events`)).toEqual({ outcome: 'refused' });
    expect(await as('ponte_operator', `select id from subjects`)).toEqual({ outcome: 'refused' });
    // The signer reads the keys and nothing else.
    expect(await as('ponte_signer', `select kid from signing_keys`)).toEqual({ outcome: 'changed' });
    expect(await as('ponte_signer', `insert into signing_keys (kid, alg, public_jwk, private_jwk) values ('forged', 'EdDSA', '{}', '{}') returning kid`)).toEqual({ outcome: 'refused' });
    expect(await as('ponte_signer', `select id from users`)).toEqual({ outcome: 'refused' });
  });

  it('the worker flags overdue referrals reading their ids, state and deadlines only, and writes no event but referral.overdue', async () => {
    const as = (statement: string) =>
      database.db.connection().execute(async (connection) => {
        await sql.raw(`begin; select set_config('role', 'ponte_worker', true)`).execute(connection);
        try {
          await sql.raw(statement).execute(connection);
          return 'allowed';
        } catch (error) {
          return (error as { code?: string }).code === '42501' ? 'refused' : `failed ${(error as { code?: string }).code}`;
        } finally {
          await sql.raw('rollback').execute(connection);
        }
      });
    expect(await as(`select agency_id, id, recipient_agency_id, status, version, service, urgency, sent_at, respond_by, due_date from referrals`)).toBe('allowed');
    expect(await as(`update referrals set response_overdue_at = now(), completion_overdue_at = now() where false`)).toBe('allowed');
    for (const column of ['subject_id', 'consent_id', 'note', 'triage', 'outcome', 'reason', 'shared_categories'])
      expect({ column, outcome: await as(`select ${column} from referrals`) }).toEqual({ column, outcome: 'refused' });
    expect(await as(`update referrals set status = 'withdrawn' where false`)).toBe('refused');
    expect(await as(`update referrals set respond_by = now() where false`)).toBe('refused');
    // Its events are referral.overdue, for a referral's own two agencies; nothing else.
    const forged = (type: string) => `insert into events (agency_id, type, referral_id, payload, created_at, seq) values ('${ids.iom}', '${type}', gen_random_uuid(), '{}', now(), 999999)`;
    expect(await as(forged('referral.sent'))).toBe('refused');
    expect(await as(forged('referral.overdue'))).toBe('refused');
    expect(await as(`insert into events (agency_id, type, referral_id, payload, created_at, seq) values ('${ids.iom}', 'referral.overdue', null, '{}', now(), 999999)`)).toBe('refused');
    expect(await as(`delete from events`)).toBe('refused');
    expect(await as(`update events set payload = '{}'`)).toBe('refused');
  });
});
