import { request } from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD as PASSWORD } from '../support/constants';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { buildHub, HubProcess } from '../support/hub-process';
import { TEST_KEY_ENCRYPTION_KEY } from '../support/key-encryption';
import { freePort } from '../support/private-postgres';


/**
 * SIGTERM: the hub stops taking requests and finishes the ones in flight before it closes its
 * storage, even those whose caller has already gone: two registrations, one holding the only
 * connection (its access events wait on a lock) and one waiting for that connection.
 */
describe('a hub stopped with requests in flight', () => {
  let database: TestDatabase;
  let hub: HubProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await hub?.kill();
    await database?.close();
  });

  it('finishes them before it closes its storage, and logs no error', async (context) => {
    if (database.kind !== 'postgres') return context.skip();
    hub = new HubProcess(await buildHub('shutdown'), {
      PORT: String(await freePort()), HOST: '127.0.0.1', DATABASE_URL: database.url!, PONTE_KEY_ENCRYPTION_KEY: TEST_KEY_ENCRYPTION_KEY, PONTE_SEED_DEMO: 'false', PONTE_WORKER: 'off', PONTE_DB_POOL_SIZE: '1', LOG_LEVEL: 'info',
    });
    await hub.start();
    const res = await fetch(`${hub.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'password', agency: 'iom', username: 'caseworker', password: PASSWORD }) });
    const token = ((await res.json()) as { access_token: string }).access_token;
    expect(token).toEqual(expect.any(String));
    const count = async () => Number((await database.db.selectFrom('access_events').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();

    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query('begin');
    await admin.query('lock table access_events in exclusive mode');
    // Two reads whose callers leave: the first holds the one connection, the second waits for it.
    const callers = [0, 1].map((i) => {
      const body = JSON.stringify({ identity: { givenName: 'Stopping', familyName: `Hub${i}`, estimatedAge: 30, sex: 'female', languages: ['pt'] } });
      const req = request(`${hub.url}/v1/subjects`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
      req.on('error', () => undefined);
      req.end(body);
      return req;
    });
    await new Promise((r) => setTimeout(r, 700));
    // The callers hang up, the hub is told to stop, and only then does the lock go.
    for (const caller of callers) caller.destroy();
    await new Promise((r) => setTimeout(r, 100));
    hub.logs.length = 0;
    const stopped = hub.stop();
    await new Promise((r) => setTimeout(r, 500));
    await admin.query('commit');
    await admin.end();
    await stopped;
    const logs = hub.logs.join('');
    expect(logs).not.toMatch(/unhandled error|already been destroyed/);
    expect(await count()).toBeGreaterThanOrEqual(before + 2);
  }, 120_000);
});
