import { findAgencyBySlug, isTimeout, openStorage, withinBudget, withoutTenant, withTenant } from '@ponte/db';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { clonePglite } from '../support/database';
import { createTestHub, type TestHub } from '../support/hub';

/**
 * Timeouts that tell the truth: a request the hub answers "failed" was rolled back, whatever was
 * holding it up; lock waits, slow statements and an exhausted pool end within the request's
 * budget as 503 problem+json with Retry-After, never a 500; readiness does not queue behind them.
 */
const onServer = inject('database').kind === 'postgres';
const person = { identity: { givenName: 'Slow', familyName: 'Lock', estimatedAge: 30, sex: 'male', languages: ['pt'] } };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function subjectWithConsent(hub: TestHub, token: string) {
  const subject = (await (await hub.call('POST', '/v1/subjects', { token, json: person })).json()) as { id: string };
  const consent = await hub.call('POST', `/v1/subjects/${subject.id}/consents`, {
    token,
    json: { grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['protection_assistance'], recipients: [], categories: ['identity', 'contact'], legalBasis: 'consent', validUntil: '2099-01-01T00:00:00Z' },
  });
  expect(consent.status).toBe(201);
  return subject.id;
}

describe.runIf(onServer)('on PostgreSQL', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub({ requestTimeoutMs: 600 });
  });
  afterAll(() => hub?.close());

  const version = async (id: string) => (await sql<{ version: number }>`select version from subjects where id = ${id}`.execute(hub.database.db)).rows[0]!.version;

  it('a change answered 503 while a lock held it up is never applied afterwards', async () => {
    const token = await hub.tokenFor('unhcr', 'caseworker');
    const id = await subjectWithConsent(hub, token);
    const before = await version(id);
    const blocker = new pg.Client({ connectionString: hub.database.url });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('select id from subjects where id = $1 for update', [id]);
      const started = Date.now();
      const res = await hub.call('PATCH', `/v1/subjects/${id}`, { token, json: { contact: { phone: '+258841000001', safeToContact: true } }, headers: { 'if-match': '*' } });
      const took = Date.now() - started;
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await res.json()).toMatchObject({ code: 'timeout' });
      // Answered within the budget, give or take the time to roll back.
      expect(took).toBeLessThan(600 + 500);
      // The lock is let go well after the answer: the change must not go through now.
      await sleep(300);
    } finally {
      await blocker.query('rollback');
      await blocker.end();
    }
    await sleep(500);
    expect(await version(id)).toBe(before);
    expect((await hub.call('PATCH', `/v1/subjects/${id}`, { token, json: { contact: { phone: '+258841000002', safeToContact: true } }, headers: { 'if-match': '*' } })).status).toBe(200);
  });

  it('a statement still running at the deadline is cancelled then, not when the server’s own timeout would end it', async () => {
    const agency = await withoutTenant(hub.database.db, 'hub', (tx) => findAgencyBySlug(tx, 'unhcr'));
    const started = Date.now();
    // The transaction's statement timeout is what was left at its start (1 s); the second statement
    // starts 0.6 s in, so only the hub's cancel at the deadline can stop it before 1.6 s.
    const outcome = await withinBudget(1000, () =>
      withTenant(hub.database.db, agency!.id, async (tx) => {
        await sql`select pg_sleep(0.6)`.execute(tx);
        await sql`select pg_sleep(5)`.execute(tx);
      }),
    ).then(
      () => 'finished',
      (error: unknown) => (isTimeout(error) ? 'timed out' : String(error)),
    );
    expect(outcome).toBe('timed out');
    expect(Date.now() - started).toBeLessThan(1400);
  });

  it('a statement the server stops (statement timeout) is a 503, not a 500, and writes nothing', async () => {
    const token = await hub.tokenFor('unhcr', 'caseworker');
    const id = await subjectWithConsent(hub, token);
    const before = await version(id);
    await sql.raw(`
      create function ponte_test_slow() returns trigger language plpgsql as $$ begin perform pg_sleep(3); return new; end $$;
      create trigger ponte_test_slow before update on subjects for each row execute function ponte_test_slow();`).execute(hub.database.db);
    try {
      const started = Date.now();
      const res = await hub.call('PATCH', `/v1/subjects/${id}`, { token, json: { contact: { phone: '+258841000003', safeToContact: true } }, headers: { 'if-match': '*' } });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ code: 'timeout' });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await sql.raw('drop trigger ponte_test_slow on subjects; drop function ponte_test_slow()').execute(hub.database.db);
    }
    expect(await version(id)).toBe(before);
    expect(hub.logs.join('')).not.toMatch(/unhandled error/);
  });

  it('a connection lost while the commit is on its way is answered outcome_unknown, not "nothing was done"', async () => {
    const token = await hub.tokenFor('unhcr', 'caseworker');
    // A check the database runs at COMMIT, slow enough to cut the connection while it runs.
    await sql.raw(`
      create function ponte_test_slow_commit() returns trigger language plpgsql as $$ begin perform pg_sleep(2); return null; end $$;
      create constraint trigger ponte_test_slow_commit after insert on subjects deferrable initially deferred for each row execute function ponte_test_slow_commit();`).execute(hub.database.db);
    const admin = new pg.Client({ connectionString: hub.database.url });
    await admin.connect();
    try {
      const slowHub = await createTestHub({ database: hub.database, requestTimeoutMs: 10_000 });
      const answer = slowHub.call('POST', '/v1/subjects', { token, json: { ...person, identity: { ...person.identity, givenName: 'CutAtCommit' } } });
      for (let i = 0; i < 100; i++) {
        // The commit goes last in its statement list (after the access events written with it).
        const { rows } = await admin.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and query ~ '(^|; )commit$' and state = 'active'`);
        if (rows[0].n > 0) break;
        await sleep(20);
      }
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ~ '(^|; )commit$' and state = 'active'`);
      const res = await answer;
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ code: 'outcome_unknown' });
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await admin.end();
      await sql.raw('drop trigger ponte_test_slow_commit on subjects; drop function ponte_test_slow_commit()').execute(hub.database.db);
    }
  });

  it('an exhausted pool answers 503 within the budget, and readiness does not wait for it', async () => {
    const token = await hub.tokenFor('unhcr', 'caseworker');
    const ids = [await subjectWithConsent(hub, token), await subjectWithConsent(hub, token)];
    const small = await openStorage({ databaseUrl: hub.database.url!, poolSize: 2 });
    const narrow = await createTestHub({ database: { ...small, url: hub.database.url!, close: () => small.close() }, requestTimeoutMs: 1500 });
    const blocker = new pg.Client({ connectionString: hub.database.url });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('select id from subjects where id = any($1) for update', [ids]);
      // Two requests hold both connections, waiting on the locks.
      const held = ids.map((id) => narrow.call('PATCH', `/v1/subjects/${id}`, { token, json: { contact: { phone: '+258841000004', safeToContact: true } }, headers: { 'if-match': '*' } }));
      await sleep(200);
      const readyStarted = Date.now();
      const ready = await narrow.call('GET', '/readyz');
      expect(ready.status).toBe(200);
      expect(Date.now() - readyStarted).toBeLessThan(500);
      const started = Date.now();
      const third = await narrow.call('GET', '/v1/agencies', { token });
      expect([200, 503]).toContain(third.status);
      if (third.status === 503) expect(third.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(Date.now() - started).toBeLessThan(1500 + 500);
      for (const res of await Promise.all(held)) expect(res.status).toBe(503);
    } finally {
      await blocker.query('rollback');
      await blocker.end();
      await narrow.close();
    }
  });
});

describe('on embedded PGlite', () => {
  it('a request that waits too long for the one connection is a 503 and writes nothing', async () => {
    const hub = await createTestHub({ database: await clonePglite(), requestTimeoutMs: 300 });
    try {
      const token = await hub.tokenFor('unhcr', 'caseworker');
      const agency = await withoutTenant(hub.database.db, 'hub', (tx) => findAgencyBySlug(tx, 'unhcr'));
      // A long unit of work holds PGlite's single connection.
      const long = withTenant(hub.database.db, agency!.id, () => sleep(1200));
      await sleep(50);
      const started = Date.now();
      const res = await hub.call('POST', '/v1/subjects', { token, json: { ...person, identity: { ...person.identity, givenName: 'Queued' } } });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(Date.now() - started).toBeLessThan(900);
      await long;
      // Whatever was queued behind it has had time to run.
      await sleep(500);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from subjects where identity->>'givenName' = 'Queued'`.execute(hub.database.db);
      expect(rows[0]!.n).toBe(0);
    } finally {
      await hub.close();
    }
  });
});
