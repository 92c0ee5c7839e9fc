import { openStorage, ReplicaRouter, type ReplicaState, type Storage } from '@ponte/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { actingAs, createTestHub, type TestHub } from '../support/hub';

/**
 * The units of work of the reads that may be stale, in process, with what each connection is sent
 * kept apart: the "replica" is a second pool on the test's own database, so what matters is where
 * each statement goes. On the replica: a READ ONLY unit in the principal's role and agency, the
 * read and nothing else; on the primary: the account check before it, and the access event after.
 */
describe.skipIf(inject('database').kind !== 'postgres')('reads that may be stale, statement by statement', () => {
  const onPrimary: string[] = [];
  const onReplica: string[] = [];
  let database: TestDatabase;
  let replicaPool: Storage;
  let hub: TestHub;
  const replica: { state: ReplicaState } = { state: { inRecovery: true, caughtUp: true, sinceLastReplay: 0 } };
  const tokens: Record<string, string> = {};
  const as = actingAs(() => hub, tokens);

  beforeAll(async () => {
    // Unprepared, so that each statement is sent as its text.
    database = await createTestDatabase({ onSend: (text) => onPrimary.push(text), preparedStatements: false });
    replicaPool = await openStorage({ databaseUrl: database.url!, poolSize: 2, onSend: (text) => onReplica.push(text), preparedStatements: false });
    const router = new ReplicaRouter(replicaPool.db, async () => replica.state, { maxStalenessSeconds: 5, checkIntervalMs: 0 });
    hub = await createTestHub({ database, replica: router });
    tokens.privacy = await hub.tokenFor('iom', 'privacy');
    tokens.caseworker = await hub.tokenFor('iom', 'caseworker');
    tokens.unhcrPrivacy = await hub.tokenFor('unhcr', 'privacy');
    // Events about a subject of IOM's, for the searches to find.
    const person = { identity: { givenName: 'Replica', familyName: 'Reader', estimatedAge: 40, sex: 'male', languages: ['pt'] } };
    expect((await as('caseworker', 'POST', '/v1/subjects', person)).status).toBe(201);
  });
  afterAll(async () => {
    await replicaPool?.close();
    await hub?.close();
  });

  /** What each side was sent for one request. */
  async function sent<T>(request: () => Promise<T>): Promise<{ result: T; primary: string; replica: string }> {
    onPrimary.length = 0;
    onReplica.length = 0;
    const result = await request();
    return { result, primary: onPrimary.join('\n'), replica: onReplica.join('\n') };
  }

  const eventsOf = async (requestId: string) =>
    (await sql<{ action: string; decision: string }>`select action, decision from access_events where request_id = ${requestId}`.execute(database.db)).rows;

  it('reads the search on the replica, READ ONLY, as the agency; checks the account and writes the event on the primary', async () => {
    const { result, primary, replica: there } = await sent(() => as('privacy', 'GET', '/v1/access-events?limit=5'));
    expect(result.status).toBe(200);
    expect(there).toMatch(/^begin read only; select set_config\('role', 'ponte_app', true\), set_config\('app\.agency_id', '[0-9a-f-]{36}', true\)/);
    expect(there).toContain('from "access_events"');
    expect(there).not.toMatch(/insert|update|delete|ponte_authenticator/i);
    // The account behind the token is checked on the primary, and the event written there; the log is not read there.
    expect(primary).toContain("set_config('role', 'ponte_authenticator', true)");
    expect(primary).toContain('insert into "access_events"');
    expect(primary).not.toMatch(/select[^;]*from "access_events"/);
    expect(await eventsOf(result.headers.get('x-request-id')!)).toEqual([{ action: 'search', decision: 'allow' }]);
  });

  it('finds on the replica what the primary finds: the same policies bind there', async () => {
    const path = '/v1/access-events?resource=Subject&limit=100';
    const fromReplica = await sent(() => as('privacy', 'GET', path));
    replica.state = { inRecovery: true, caughtUp: false, sinceLastReplay: 60 };
    try {
      const fromPrimary = await sent(() => as('privacy', 'GET', path));
      expect(fromPrimary.replica).toBe('');
      expect(fromReplica.result.body.items.length).toBeGreaterThan(0);
      expect(fromReplica.result.body).toEqual(fromPrimary.result.body);
    } finally {
      replica.state = { inRecovery: true, caughtUp: true, sinceLastReplay: 0 };
    }
    // Another agency's privacy officer, on the replica, sees none of IOM's subjects' events.
    const other = await sent(() => as('unhcrPrivacy', 'GET', path));
    expect(other.replica).toContain('from "access_events"');
    const iom = fromReplica.result.body.items.map((e: { id: string }) => e.id);
    expect(other.result.body.items.filter((e: { id: string }) => iom.includes(e.id))).toEqual([]);
  });

  it('writes the denial of a search routed to the replica on the primary', async () => {
    const { result, replica: there, primary } = await sent(() => as('caseworker', 'GET', '/v1/access-events?limit=5'));
    expect(result.status).toBe(403);
    // Refused before it read: the replica's unit never sent its opening.
    expect(there).not.toContain('select');
    expect(primary).toContain('insert into "access_events"');
    expect(await eventsOf(result.headers.get('x-request-id')!)).toEqual([{ action: 'list', decision: 'deny' }]);
  });

  it('reads the figures and the directory on the replica, and a write never goes there', async () => {
    const figures = await sent(() => as('privacy', 'GET', '/v1/referral-figures'));
    expect(figures.result.status).toBe(200);
    expect(figures.replica).toContain('from "referrals"');
    expect(figures.primary).toContain('insert into "access_events"');
    const directory = await sent(() => as('caseworker', 'GET', '/v1/directory?service=avrr_travel&province=MZ-MPM'));
    expect(directory.result.status).toBe(200);
    expect(directory.result.body.items.length).toBeGreaterThan(0);
    expect(directory.replica).toMatch(/^begin read only; select set_config\('role', 'ponte_app', true\), set_config\('app\.agency_id', '', true\)/);
    const write = await sent(() => as('caseworker', 'POST', '/v1/subjects', { identity: { givenName: 'Written', familyName: 'Elsewhere', estimatedAge: 30, sex: 'female', languages: ['pt'] } }));
    expect(write.result.status).toBe(201);
    expect(write.replica).toBe('');
  });
});
