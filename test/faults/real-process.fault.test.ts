import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { verifyLog } from '@ponte/audit';
import { TokenService } from '@ponte/auth';
import { ensureSigningKeys } from '@ponte/core';
import { createPglite, openStorage } from '@ponte/db';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { recordFigures } from '../support/figures';
import { buildHub, HubProcess } from '../support/hub-process';
import { freePort, PrivatePostgres, serverBinaries } from '../support/private-postgres';
import { TEST_KEY_ENCRYPTION_KEY, TEST_SIGNING_KEY_OPTIONS } from '../support/key-encryption';
import { caseworkerLoop, oneShotLoop, percentile, StoryClient, TimingReceiver } from './fault-story';
import { awaitDeliveries, checkLedger, type LedgerFigures } from './ledger-checks';

/**
 * The fault run: the hub as its own process over HTTP, under load from clients that retry under
 * the same Idempotency-Key, while the database is stopped with `-m immediate` and started again
 * and the hub is killed with SIGKILL and started again. Afterwards the database is held to the
 * clients' own ledger (every acknowledged record exactly once, nothing answered "failed" applied,
 * every transition with its events), the access log verifies against heads kept before the
 * faults, and webhook delivery delays are measured at the partner's receiver. The same story runs
 * on a private PostgreSQL server (a deployment's roles from infra/postgres/roles.sql) and on the
 * embedded PGlite default.
 *
 * `PONTE_FAULT_SECONDS` sets the load's length (20 s in `pnpm test`; `pnpm test:faults` runs 150 s).
 */
const SECONDS = Number(process.env.PONTE_FAULT_SECONDS ?? 20);
const CLIENTS = Number(process.env.PONTE_FAULT_CLIENTS ?? 6);
const PASSWORD = 'fault-run-demo-password';
const ROOT = resolve(import.meta.dirname, '../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const binaries = serverBinaries();

interface RunFigures extends LedgerFigures {
  engine: string;
  seconds: number;
  requests: number;
  oneShots: number;
  faults: string[];
  outageSeconds: number;
  deliveries: number;
  undelivered: number;
  badSignatures: number;
  deliveryP50Ms: number;
  deliveryP95Ms: number;
  deliveryMaxMs: number;
  /** The same, for events written away from any fault: the receiver and the worker both healthy. */
  healthyDeliveries: number;
  healthyP95Ms: number;
  healthyMaxMs: number;
  logVerified: boolean;
  logEvents: number;
  heads: number;
  personalDataInLogs: number;
}

const baseEnv = (port: number): Record<string, string> => ({
  PORT: String(port),
  HOST: '127.0.0.1',
  PONTE_SEED_DEMO: 'true',
  // The hub migrates as it starts here (with the owner's connection when one is given).
  PONTE_MIGRATE: 'auto',
  PONTE_DEMO_PASSWORD: PASSWORD,
  PONTE_WEBHOOK_ALLOW_PRIVATE: 'true',
  PONTE_WEBHOOK_BACKOFF_BASE_MS: '200',
  PONTE_SEAL_INTERVAL_MS: '300',
  PONTE_REQUEST_TIMEOUT_MS: '4000',
  PONTE_RATE_LIMIT_PER_MINUTE: '1000000',
  PONTE_TOKEN_RATE_LIMIT_PER_MINUTE: '100000',
  LOG_LEVEL: 'info',
  PONTE_KEY_ENCRYPTION_KEY: TEST_KEY_ENCRYPTION_KEY,
});

/**
 * Runs the story against `hub()`, injecting each fault at its moment; returns the ledger, the
 * receiver and the outage each fault caused (from the fault to the first success after it).
 */
async function story(hub: () => HubProcess, faults: Array<{ at: number; name: string; inject: () => Promise<void> }>) {
  const client = new StoryClient(() => hub().url, PASSWORD);
  const receiver = new TimingReceiver();
  await receiver.start(`${hub().url}/.well-known/jwks.json`);
  const admin: [string, string] = ['caminho-seguro', 'admin'];
  const endpoint = await client.send('POST', '/v1/webhook-endpoints', admin, { url: receiver.url, description: 'fault run' });
  expect(endpoint.status).toBe(201);
  // A head kept before any fault, as an agency keeps its witness copies.
  let witness: string | undefined;
  for (let i = 0; i < 100 && !witness; i++) {
    await client.send('GET', '/v1/me', ['iom', 'caseworker']);
    const heads = await client.send('GET', '/v1/log/heads?limit=1', ['iom', 'privacy']);
    witness = (heads.body.items as Array<{ signedHead: string }> | undefined)?.[0]?.signedHead;
    if (!witness) await sleep(200);
  }
  expect(witness).toBeDefined();
  const started = Date.now();
  const until = started + SECONDS * 1000;
  const load = Promise.all([...Array.from({ length: CLIENTS }, (_, i) => caseworkerLoop(client, `C${i}`, until)), oneShotLoop(client, until)]);
  const outages: Array<{ name: string; at: number }> = [];
  for (const fault of faults) {
    await sleep(Math.max(0, started + fault.at * SECONDS * 1000 - Date.now()));
    outages.push({ name: fault.name, at: Date.now() });
    await fault.inject();
  }
  await load;
  const successes = [...client.ledger.successes].sort((a, b) => a - b);
  const timed = outages.map((o) => ({ name: o.name, at: o.at, ms: (successes.find((t) => t > o.at + 50) ?? Date.now()) - o.at }));
  const outageMs = timed.reduce((sum, o) => sum + o.ms, 0);
  // Events written in the 2 s before a fault (their delivery may have been in flight) until the hub answered again.
  const healthy = (createdAt: number) => timed.every((o) => createdAt < o.at - 2000 || createdAt > o.at + o.ms);
  return { client, receiver, witness: witness!, outageMs, healthy, faults: timed.map((o) => `${o.name} (${(o.ms / 1000).toFixed(1)} s without a success)`) };
}

/** The figures of a run, from the story, the ledger checks and what the engine's own checks found. */
function figuresOf(
  engine: string,
  run: Awaited<ReturnType<typeof story>>,
  ledger: LedgerFigures,
  checked: { undelivered: number; logVerified: boolean; logEvents: number; heads: number; logs: string[] },
): RunFigures {
  const delays = run.receiver.delays();
  const healthy = run.receiver.delays(run.healthy);
  return {
    engine,
    seconds: SECONDS,
    requests: run.client.ledger.requests,
    oneShots: run.client.ledger.oneShots.length,
    ...ledger,
    faults: run.faults,
    outageSeconds: run.outageMs / 1000,
    deliveries: delays.length,
    undelivered: checked.undelivered,
    badSignatures: run.receiver.badSignatures,
    deliveryP50Ms: percentile(delays, 50),
    deliveryP95Ms: percentile(delays, 95),
    deliveryMaxMs: delays.at(-1) ?? 0,
    healthyDeliveries: healthy.length,
    healthyP95Ms: percentile(healthy, 95),
    healthyMaxMs: healthy.at(-1) ?? 0,
    logVerified: checked.logVerified,
    logEvents: checked.logEvents,
    heads: checked.heads,
    personalDataInLogs: checked.logs.filter((line) => MARKERS.test(line)).length,
  };
}

function report(figures: RunFigures) {
  recordFigures('faults-run', figures as unknown as Record<string, number | string>);
  const lines = [
    `fault run on ${figures.engine}: ${figures.seconds} s of load, faults: ${figures.faults.join(', ')}`,
    `  requests ${figures.requests}; acknowledged ${figures.acknowledged}; present exactly once ${figures.presentOnce}; missing ${figures.missing}; duplicates ${figures.duplicates}`,
    `  one-shots ${figures.oneShots}, answered "failed" ${figures.answeredFailed}, "failed" but applied ${figures.failedButApplied}`,
    `  outage ${figures.outageSeconds.toFixed(1)} s in all; transitions without their events ${figures.transitionsWithoutEvents}; event number gaps ${figures.eventNumberGaps}`,
    `  webhooks: ${figures.deliveries} events delivered, ${figures.undelivered} undelivered, ${figures.badSignatures} bad signatures; delay p50 ${figures.deliveryP50Ms} ms, p95 ${figures.deliveryP95Ms} ms, max ${figures.deliveryMaxMs} ms`,
    `    of the ${figures.healthyDeliveries} written away from any fault: p95 ${figures.healthyP95Ms} ms, max ${figures.healthyMaxMs} ms`,
    `  access log: ${figures.logVerified ? 'verifies' : 'DOES NOT VERIFY'} (${figures.logEvents} events, ${figures.heads} heads), against a head kept before the faults; personal data in the hub's logs: ${figures.personalDataInLogs}`,
  ];
  console.log(lines.join('\n'));
}

function expectHeld(figures: RunFigures) {
  expect(figures.acknowledged).toBeGreaterThan(0);
  expect(figures.presentOnce).toBe(figures.acknowledged);
  expect(figures.missing).toBe(0);
  expect(figures.duplicates).toBe(0);
  expect(figures.failedButApplied).toBe(0);
  expect(figures.transitionsWithoutEvents).toBe(0);
  expect(figures.eventNumberGaps).toBe(0);
  expect(figures.undelivered).toBe(0);
  expect(figures.badSignatures).toBe(0);
  expect(figures.logVerified).toBe(true);
  expect(figures.personalDataInLogs).toBe(0);
  // A healthy receiver gets 95 in 100 of its events within two seconds while the hub is healthy; an
  // event caught by a kill waits at most for its lease (one attempt, 15 s) after the hub is back.
  expect(figures.healthyDeliveries).toBeGreaterThan(0);
  expect(figures.healthyP95Ms).toBeLessThanOrEqual(2000);
  expect(figures.deliveryMaxMs).toBeLessThanOrEqual(15_000 + figures.outageSeconds * 1000 + 5_000);
}

const MARKERS = /(Fault|Once)C\d+n\d+/;

const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe.runIf(binaries)('the hub as its own process on a private PostgreSQL, restarted and killed under load', () => {
  it(`keeps every acknowledged record once and nothing it answered "failed" (${SECONDS} s)`, async () => {
    const server = new PrivatePostgres(binaries!);
    cleanups.push(() => server.destroy());
    await server.init();
    // The deployment's own roles: the hub logs in as ponte_hub, migrations run as ponte_owner.
    const roles = { db: 'ponte', owner_password: 'fault-owner', hub_password: 'fault-hub', background_password: 'fault-background' };
    expect(server.psqlFile(join(ROOT, 'infra/postgres/roles.sql'), roles).status).toBe(0);
    // Safe to run again.
    expect(server.psqlFile(join(ROOT, 'infra/postgres/roles.sql'), roles).status).toBe(0);
    const entry = await buildHub('fault-run');
    const env = { ...baseEnv(await freePort()), DATABASE_URL: server.url('ponte_hub', 'ponte'), PONTE_MIGRATION_DATABASE_URL: server.url('ponte_owner', 'ponte'), PONTE_DB_POOL_SIZE: '8' };
    let hub = new HubProcess(entry, env);
    cleanups.push(() => hub.kill());
    const logs: string[] = [];
    await hub.start();
    const run = await story(
      () => hub,
      [
        {
          at: 0.3,
          name: 'PostgreSQL stopped -m immediate, started 2 s later',
          inject: async () => {
            await server.stopImmediate();
            await sleep(2000);
            await server.start();
          },
        },
        {
          at: 0.65,
          name: 'hub SIGKILLed and started again',
          inject: async () => {
            await hub.kill();
            logs.push(...hub.logs);
            hub = new HubProcess(entry, env);
            await hub.start();
          },
        },
      ],
    );
    const owner = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: server.url('postgres', 'ponte'), max: 2 }) }) });
    cleanups.push(() => owner.destroy());
    const undelivered = await awaitDeliveries(owner, run.receiver);
    await run.receiver.stop();
    await sleep(1000); // a sealing round after the last request
    const verified = await run.client.verifyLog(run.witness);
    const ledger = await checkLedger(owner, run.client.ledger);
    logs.push(...hub.logs);
    const figures = figuresOf('PostgreSQL (private instance, roles.sql)', run, ledger, {
      undelivered,
      logVerified: verified.status === 200 && verified.body.ok === true && (verified.body.witness as { consistent?: boolean })?.consistent === true,
      logEvents: Number(verified.body.events ?? 0),
      heads: Number(verified.body.heads ?? 0),
      logs,
    });
    report(figures);
    expectHeld(figures);
    await hub.stop();
  }, SECONDS * 1000 + 300_000);
});

describe('the hub as its own process on embedded PGlite, killed under load', () => {
  it(`keeps every acknowledged record once and nothing it answered "failed", and its log verifies after many sealing rounds (${SECONDS} s)`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ponte-pglite-fault-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const entry = await buildHub('fault-run');
    const env = { ...baseEnv(await freePort()), PONTE_DATA_DIR: dataDir, PONTE_SEAL_INTERVAL_MS: '250' };
    let hub = new HubProcess(entry, env);
    cleanups.push(() => hub.kill());
    const logs: string[] = [];
    await hub.start();
    const kill = async () => {
      await hub.kill();
      logs.push(...hub.logs);
      hub = new HubProcess(entry, env);
      await hub.start();
    };
    const run = await story(
      () => hub,
      [
        { at: 0.3, name: 'hub SIGKILLed and started again', inject: kill },
        { at: 0.65, name: 'hub SIGKILLed and started again', inject: kill },
      ],
    );
    await sleep(1000);
    const verified = await run.client.verifyLog(run.witness);
    // Deliveries are checked while the hub runs; the rest once it has stopped and let go of its folder.
    let undelivered = -1;
    {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const feed = await run.client.send('GET', '/v1/webhook-deliveries?limit=500&status=pending', ['caminho-seguro', 'admin']);
        if (feed.status === 200 && (feed.body.items as unknown[]).length === 0) {
          undelivered = 0;
          break;
        }
        await sleep(250);
      }
    }
    await run.receiver.stop();
    logs.push(...hub.logs);
    await hub.stop();
    const storage = await openStorage({ pglite: await createPglite({ dataDir }) });
    cleanups.push(() => storage.close());
    const ledger = await checkLedger(storage.db, run.client.ledger);
    // The same verification, in this process, on the folder the hub left.
    const tokens = new TokenService({ issuer: 'http://fault-run', audience: 'ponte-api', ttlSeconds: 900, keys: await ensureSigningKeys(storage.db, TEST_SIGNING_KEY_OPTIONS) });
    const offline = await verifyLog({ db: storage.db, tokens, witness: run.witness });
    const { rows: sizes } = await (await import('kysely')).sql<{ odd: number; even: number }>`
      select count(*) filter (where tree_size % 2 = 1)::int as odd, count(*) filter (where tree_size % 2 = 0)::int as even from log_heads`.execute(storage.db);
    const figures = figuresOf('embedded PGlite', run, ledger, {
      undelivered,
      logVerified: verified.status === 200 && verified.body.ok === true && offline.ok && offline.witness?.consistent === true,
      logEvents: offline.events,
      heads: offline.heads,
      logs,
    });
    report(figures);
    console.log(`  sealing rounds ended on odd tree sizes ${sizes[0]!.odd} times, on even ${sizes[0]!.even}`);
    expectHeld(figures);
    expect(sizes[0]!.odd).toBeGreaterThan(0);
    expect(sizes[0]!.even).toBeGreaterThan(0);
  }, SECONDS * 1000 + 300_000);
});
