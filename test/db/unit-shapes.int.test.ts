import { randomUUID } from 'node:crypto';
import {
  atCommit,
  databaseUse,
  deferAccountCheck,
  readAtCommit,
  readTogether,
  settleAccountCheck,
  withinBudget,
  withoutTenant,
  withTenant,
  type ScopedTx,
} from '@ponte/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOTH_ENGINES, agencyIdOf, type TestDatabase } from '../support/database';

/**
 * The shape of a unit of work on the wire: it opens with its first statement (one round trip, not
 * two); the facts it asks for as it opens come back with its `begin`; what it reads and writes
 * with its commit goes in the commit's round trip; and a request's account is checked as its first
 * unit opens, before any of that unit's work runs, once for the whole request.
 */
describe.each(BOTH_ENGINES)('units of work on %s', (_name, open) => {
  let database: TestDatabase;
  let iom: string;
  const sent: string[] = [];

  beforeAll(async () => {
    database = await open({ onSend: (text) => sent.push(text) });
    iom = await agencyIdOf(database.db, 'iom');
  });
  afterAll(() => database?.close());

  /** Runs `work` as a request does, and tells its round trips and what went in each. */
  const asRequest = async <T>(work: () => Promise<T>) => {
    sent.length = 0;
    const result = await withinBudget(10_000, async () => ({ value: await work(), trips: databaseUse()!.trips }));
    return { ...result, sent: [...sent] };
  };
  const agencies = (tx: ScopedTx) => tx.selectFrom('agencies').select('slug').where('id', '=', iom);

  it('opens with its first statement and commits with what it sends at the end: a read in two round trips, an empty unit in one', async () => {
    const read = await asRequest(() => withTenant(database.db, iom, (tx) => agencies(tx).execute()));
    expect(read.value).toEqual([{ slug: 'iom' }]);
    expect(read.trips).toBe(2);
    expect(read.sent[0]).toMatch(/^begin; select set_config\('role', 'ponte_app'.*; select "slug" from "agencies" where "id" = \$1$/);
    const empty = await asRequest(() => withTenant(database.db, iom, async () => 'nothing'));
    expect(empty).toMatchObject({ value: 'nothing', trips: 1 });
    expect(empty.sent[0]).toMatch(/^begin; .*; commit$/);
  });

  it('reads the facts it asks for as it opens, and reads with its commit what it decided to read: two round trips in all', async () => {
    const requestId = `unit-shapes-${randomUUID()}`;
    const outcome = await asRequest(() =>
      withTenant(
        database.db,
        iom,
        async (tx, [facts]) => {
          expect(facts).toEqual([{ slug: 'iom' }]);
          const later = readAtCommit(tx, agencies(tx));
          expect(() => later.rows).toThrow(/once the unit of work has committed/);
          atCommit(tx, tx.insertInto('access_events').values({ agency_id: iom, occurred_at: new Date(), actor_kind: 'user', actor_id: randomUUID(), resource: 'Subject', action: 'read', fields: [], decision: 'allow', rule: 'test', request_id: requestId } as never));
          return later;
        },
        'user',
        { first: [agencies] },
      ),
    );
    expect(outcome.trips).toBe(2);
    expect(outcome.value.rows).toEqual([{ slug: 'iom' }]);
    // The read goes in its place among what is sent with the commit, in the same list.
    // (On PostgreSQL a statement seen before runs prepared: `execute ponte_<n>(<values>)`.)
    expect(outcome.sent[1]).toMatch(/^(select "slug" from "agencies" where "id" = '[0-9a-f-]{36}'|(prepare ponte_\d+ as select "slug" from "agencies" where "id" = \$1; )?execute ponte_\d+\('[0-9a-f-]{36}'\)); (prepare ponte_\d+ as )?insert into "access_events" .*; commit$/);
    expect((await sql<{ n: number }>`select count(*)::int as n from access_events where request_id = ${requestId}`.execute(database.db)).rows[0]!.n).toBe(1);
  });

  it("checks the request's account as its first unit opens, once for all its units, before any work runs", async () => {
    const seen: unknown[][] = [];
    const outcome = await asRequest(async () => {
      deferAccountCheck({ agencyId: iom, statement: (tx) => tx.selectFrom('users').select('status').where('agency_id', '=', iom).limit(1), accept: (rows) => void seen.push(rows) });
      // Two units at once: one makes the check, the other waits for it before it opens.
      const ran: string[] = [];
      await Promise.all([
        withTenant(database.db, iom, async (tx) => {
          ran.push(`first after ${seen.length} checks`);
          await agencies(tx).execute();
        }),
        withoutTenant(database.db, 'hub', async () => void ran.push(`second after ${seen.length} checks`)),
      ]);
      await settleAccountCheck(database.db);
      return ran;
    });
    expect(seen).toEqual([[{ status: 'active' }]]);
    expect(outcome.value.sort()).toEqual(['first after 1 checks', 'second after 1 checks']);
    // The check rides in the opening of a unit: as the authenticator, then the unit's own scope.
    expect(outcome.sent.filter((text) => text.includes('"users"'))).toHaveLength(1);
    expect(outcome.sent.find((text) => text.includes('"users"'))).toMatch(/^begin; select set_config\('role', 'ponte_authenticator'.*; select "status" from "users" .*; select set_config\('role', 'ponte_(app|operator|system)'/);
  });

  it('refused, the check ends every unit of the request before its work runs, and nothing of them is written', async () => {
    const requestId = `unit-shapes-refused-${randomUUID()}`;
    const refusal = new Error('the account is disabled');
    let worked = 0;
    const attempt = asRequest(async () => {
      deferAccountCheck({ agencyId: iom, statement: (tx) => tx.selectFrom('users').select('status').where('agency_id', '=', iom).limit(1), accept: () => { throw refusal; } });
      const write = (tx: ScopedTx) =>
        tx.insertInto('access_events').values({ agency_id: iom, occurred_at: new Date(), actor_kind: 'user', actor_id: randomUUID(), resource: 'Subject', action: 'read', fields: [], decision: 'allow', rule: 'test', request_id: requestId } as never).execute();
      const results = await Promise.allSettled([withTenant(database.db, iom, async (tx) => void (worked++, await write(tx))), withTenant(database.db, iom, async (tx) => void (worked++, await write(tx)))]);
      await expect(settleAccountCheck(database.db)).rejects.toBe(refusal);
      return results.map((r) => (r.status === 'rejected' ? r.reason : 'committed'));
    });
    expect((await attempt).value).toEqual([refusal, refusal]);
    expect(worked).toBe(0);
    expect((await sql<{ n: number }>`select count(*)::int as n from access_events where request_id = ${requestId}`.execute(database.db)).rows[0]!.n).toBe(0);
  });

  it('on PostgreSQL, a statement a list sends again is prepared once on its connection and run by name; a list that fails after preparing leaves no connection in doubt', async () => {
    if (database.kind !== 'postgres') return;
    const slugOf = (tx: ScopedTx) => tx.selectFrom('agencies').select('slug').where('id', '=', iom).where('status', '=', 'active');
    const thrice = await asRequest(() =>
      withTenant(database.db, iom, async (tx) => {
        const rows = [];
        for (let i = 0; i < 3; i++) rows.push(...(await readTogether(tx, [slugOf(tx), agencies(tx)])));
        return rows;
      }),
    );
    expect(thrice.value).toEqual(Array.from({ length: 6 }, () => [{ slug: 'iom' }]));
    // Three lists (the first with the unit's opening), then the commit.
    const lists = thrice.sent.slice(0, 3);
    expect(thrice.sent).toHaveLength(4);
    // Each statement once as written (the first time the process sees it), then prepared, then by name.
    expect(lists.map((text) => (text.match(/prepare ponte_\d+ as /g) ?? []).length)).toEqual([expect.any(Number), expect.any(Number), 0]);
    expect(lists[2]).toMatch(/^execute ponte_\d+\('[0-9a-f-]{36}', 'active'\); execute ponte_\d+\('[0-9a-f-]{36}'\)$/);
    // A list that prepares a statement and then fails: whatever was prepared, no connection is left
    // believing otherwise, so every later unit runs the statement by name without an error.
    const failing = (tx: ScopedTx) => tx.selectNoFrom(sql<number>`1 / (select count(*)::int - count(*)::int from agencies)`.as('x'));
    const fresh = (tx: ScopedTx) => tx.selectFrom('agencies').select('kind').where('id', '=', iom);
    await withTenant(database.db, iom, async (tx) => void (await readTogether(tx, [fresh(tx)])));
    await expect(withTenant(database.db, iom, async (tx) => readTogether(tx, [fresh(tx), failing(tx)]))).rejects.toThrow(/division by zero/);
    const again = await Promise.all(Array.from({ length: 24 }, () => withTenant(database.db, iom, async (tx) => (await readTogether(tx, [fresh(tx), slugOf(tx)]))[0])));
    const kind = (await sql<{ kind: string }>`select kind from agencies where id = ${iom}`.execute(database.db)).rows;
    expect(again).toEqual(Array.from({ length: 24 }, () => kind));
  });

  it('on PostgreSQL, a statement run by name from lists is planned once and its plan reused (pg_prepared_statements)', async () => {
    if (database.kind !== 'postgres') return;
    const kindOf = (tx: ScopedTx) => tx.selectFrom('agencies').select(['kind', 'slug']).where('id', '=', iom).where('slug', '<>', 'nobody');
    const plans = await withTenant(database.db, iom, async (tx) => {
      for (let i = 0; i < 12; i++) await readTogether(tx, [kindOf(tx)]);
      return (await sql<{ statement: string; generic_plans: number; custom_plans: number }>`select statement, generic_plans::int, custom_plans::int from pg_prepared_statements`.execute(tx)).rows;
    });
    const mine = plans.find((p) => p.statement.includes('"slug" <> $2'));
    // PostgreSQL plans a prepared statement afresh a few times, then keeps one generic plan for it.
    expect(mine).toBeDefined();
    expect(mine!.generic_plans + mine!.custom_plans).toBe(11);
    expect(mine!.generic_plans).toBeGreaterThan(0);
  });

  it('a request that opens no unit has its account checked on its own, in one round trip', async () => {
    const seen: unknown[][] = [];
    const outcome = await asRequest(async () => {
      deferAccountCheck({ agencyId: iom, statement: (tx) => tx.selectFrom('users').select('status').where('agency_id', '=', iom).limit(1), accept: (rows) => void seen.push(rows) });
      await settleAccountCheck(database.db);
      await settleAccountCheck(database.db);
    });
    expect(seen).toHaveLength(1);
    expect(outcome.trips).toBe(1);
    expect(outcome.sent[0]).toMatch(/^begin; .*; commit$/);
  });
});
