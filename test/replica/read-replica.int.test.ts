import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newKeyEncryptionKey, newLogins, prepareDatabase, psql, urlOf } from '../deploy/cluster';
import { DEMO_PASSWORD } from '../support/constants';
import { buildHub, HubProcess } from '../support/hub-process';
import { freePort, PrivatePostgres, serverBinaries } from '../support/private-postgres';

/**
 * A hub as its own process, configured by its environment only, on a private primary with a
 * streaming hot standby as its read replica (`PONTE_READ_DATABASE_URL`): the privacy officer's
 * log search, the figures and the directory are read on the standby while it is current, and on
 * the primary when it falls behind (replay paused while the primary writes) or is stopped; the
 * access event of a search read on the standby is on the primary.
 */
const binaries = serverBinaries();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!binaries && !process.env.CI)('a read replica for the reads that may be stale', () => {
  let primary: PrivatePostgres;
  let standby: PrivatePostgres;
  let hub: HubProcess;
  let metricsUrl: string;
  let officer: string;

  beforeAll(async () => {
    if (!binaries) throw new Error('the PostgreSQL server programs are missing (pg_config --bindir): install postgresql');
    primary = new PrivatePostgres(binaries);
    await primary.init();
    const logins = newLogins();
    prepareDatabase(primary, logins);
    // Roles and the empty database first: the standby streams the rest (the schema, the demo network).
    standby = await primary.standby();
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    hub = new HubProcess(await buildHub('read-replica'), {
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      DATABASE_URL: urlOf(primary.port, 'ponte_hub', logins.hub),
      PONTE_READ_DATABASE_URL: urlOf(standby.port, 'ponte_hub', logins.hub),
      PONTE_READ_MAX_STALENESS_SECONDS: '1',
      PONTE_MIGRATE: 'auto',
      PONTE_MIGRATION_DATABASE_URL: urlOf(primary.port, 'ponte_owner', logins.owner),
      PONTE_KEY_ENCRYPTION_KEY: newKeyEncryptionKey(),
      PONTE_SEED_DEMO: 'true',
      PONTE_DEMO_PASSWORD: DEMO_PASSWORD,
      PONTE_DEMO_WITNESSES: 'false',
      PONTE_OPERATOR_SECOND_FACTOR: 'false',
      PONTE_WORKER: 'off',
      PONTE_METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'warn',
    });
    await hub.start();
    officer = await tokenFor('privacy');
  }, 120_000);

  afterAll(async () => {
    await hub?.stop();
    await standby?.destroy();
    await primary?.destroy();
  });

  async function tokenFor(username: string): Promise<string> {
    const res = await fetch(`${hub.url}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', agency: 'iom', username, password: DEMO_PASSWORD }) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { access_token: string }).access_token;
  }

  /** `ponte_db_reads_routed_total` by `target/reason`. */
  async function routed(): Promise<Record<string, number>> {
    const text = await (await fetch(metricsUrl)).text();
    const counts: Record<string, number> = {};
    for (const [, target, reason, value] of text.matchAll(/^ponte_db_reads_routed_total\{target="(\w+)",reason="(\w+)"\} (\d+)$/gm)) counts[`${target}/${reason}`] = Number(value);
    return counts;
  }

  /** Whether the hub warned that the reads that may be stale go to the primary, for this reason. */
  const warned = (reason: string) => hub.logs.join('').split('\n').some((line) => line.includes('"event":"database.read_replica"') && line.includes(`"reason":"${reason}"`));

  const search = (path = '/v1/access-events?limit=5') => fetch(`${hub.url}${path}`, { headers: { authorization: `Bearer ${officer}` } });

  /**
   * Asks until a request is read where `where` says (`replica/current`, `primary/stale`, ...), at
   * most for `seconds`; answers the request id of the one that was.
   */
  async function servedBy(where: string, path?: string, seconds = 15): Promise<string> {
    const deadline = Date.now() + seconds * 1000;
    while (Date.now() < deadline) {
      const before = (await routed())[where] ?? 0;
      const res = await search(path);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      if (((await routed())[where] ?? 0) > before) return res.headers.get('x-request-id')!;
      await sleep(200);
    }
    throw new Error(`no request was read on ${where} within ${seconds} s: ${JSON.stringify(await routed())}`);
  }

  async function onPrimary<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R[]> {
    const client = new pg.Client({ connectionString: primary.url('postgres', 'ponte') });
    await client.connect();
    try {
      return (await client.query<R>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  it("serves a privacy officer's log search from the replica, and its access event is on the primary", async () => {
    const requestId = await servedBy('replica/current');
    const events = await onPrimary<{ action: string; decision: string; rule: string }>(`select action, decision, rule from access_events where request_id = $1`, [requestId]);
    expect(events).toEqual([{ action: 'search', decision: 'allow', rule: 'privacy_officer.review' }]);
  });

  it('serves the figures and the directory from the replica too', async () => {
    await servedBy('replica/current', '/v1/referral-figures');
    await servedBy('replica/current', '/v1/directory?service=avrr_travel&province=MZ-MPM');
  });

  it('sends the search to the primary once the replica is further behind than the bound, and back when it catches up', async () => {
    psql(standby, 'select pg_wal_replay_pause()');
    try {
      // A write on the primary: the standby receives it and, paused, does not replay it.
      psql(primary, 'create table written_while_paused (id int); drop table written_while_paused');
      const requestId = await servedBy('primary/stale');
      expect(warned('stale')).toBe(true);
      const events = await onPrimary(`select 1 from access_events where request_id = $1`, [requestId]);
      expect(events).toHaveLength(1);
    } finally {
      psql(standby, 'select pg_wal_replay_resume()');
    }
    await servedBy('replica/current');
  });

  it('answers every search from the primary while the standby is stopped', async () => {
    await standby.stopImmediate();
    const before = await routed();
    for (let i = 0; i < 5; i++) {
      const res = await search();
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    const after = await routed();
    const onPrimaryNow = (counts: Record<string, number>) => (counts['primary/unreachable'] ?? 0) + (counts['primary/failed'] ?? 0);
    expect(onPrimaryNow(after) - onPrimaryNow(before)).toBe(5);
    expect(after['replica/current']).toBe(before['replica/current']);
    expect(warned('unreachable')).toBe(true);
  });
});
