import { atCommit, CommitOutcomeUnknown, withTenant, type ScopedTx } from '@ponte/db';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOTH_ENGINES, agencyIdOf, type TestDatabase } from '../support/database';

/**
 * What a unit of work sends with its commit (`atCommit`: the access log's events) is written as
 * literals; what cannot be written so is refused inside the work, and nothing of the unit commits.
 */
describe.each(BOTH_ENGINES)('statements sent with the commit on %s', (_name, open) => {
  let database: TestDatabase;
  let iom: string;

  beforeAll(async () => {
    database = await open();
    iom = await agencyIdOf(database.db, 'iom');
  });
  afterAll(() => database?.close());

  const event = (requestId: string) => ({
    agency_id: iom, occurred_at: new Date(), actor_kind: 'user', actor_id: randomUUID(), resource: 'Subject', action: 'read',
    fields: ['identity', 'a"b\\\\c,{d}', 'NULL', ''], decision: 'allow', rule: 'test', request_id: requestId,
  });
  const stored = async (requestId: string) =>
    (await sql<{ fields: string[] }>`select fields from access_events where request_id = ${requestId}`.execute(database.db)).rows;
  const refusal = (promise: Promise<unknown>) => promise.then(() => 'committed', (e: Error) => (e instanceof CommitOutcomeUnknown ? 'outcome unknown' : e.message));

  it('writes its values as the parameters would have been, and commits with the unit', async () => {
    const requestId = `at-commit-${randomUUID()}`;
    await withTenant(database.db, iom, async (tx) => atCommit(tx, tx.insertInto('access_events').values(event(requestId) as never)));
    expect(await stored(requestId)).toEqual([{ fields: ['identity', 'a"b\\\\c,{d}', 'NULL', ''] }]);
  });

  it('refuses a value with a NUL character inside the work: a plain error, nothing committed, no "outcome unknown"', async () => {
    const requestId = `at-commit-nul-${randomUUID()}`;
    const before = `at-commit-before-${randomUUID()}`;
    const outcome = await refusal(
      withTenant(database.db, iom, async (tx) => {
        await tx.insertInto('access_events').values(event(before) as never).execute();
        atCommit(tx, tx.insertInto('access_events').values({ ...event(requestId), request_id: `${requestId}\u0000x` } as never));
      }),
    );
    expect(outcome).toMatch(/NUL/);
    expect(await stored(before)).toEqual([]);
  });

  it('refuses a statement whose own text holds a literal, in which a $n could stand for something else', async () => {
    const requestId = `at-commit-literal-${randomUUID()}`;
    const outcome = await refusal(
      withTenant(database.db, iom, async (tx) => atCommit(tx, tx.insertInto('access_events').values({ ...event(requestId), rule: sql`'cost $1'` } as never))),
    );
    expect(outcome).toMatch(/parameters only/);
    expect(await stored(requestId)).toEqual([]);
  });

  it('refuses a transaction that is not an open unit of work, rather than dropping what it was given', async () => {
    let finished: ScopedTx | undefined;
    await withTenant(database.db, iom, async (tx) => void (finished = tx));
    expect(() => atCommit(finished!, finished!.insertInto('access_events').values(event('late') as never))).toThrow(/open unit of work/);
    expect(() => atCommit(database.db as unknown as ScopedTx, database.db.insertInto('access_events').values(event('outside') as never))).toThrow(/open unit of work/);
  });
});
