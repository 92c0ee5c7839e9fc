/**
 * `pnpm test:cluster` (through test/cluster/cluster.sh): Ponte on the engines operators already
 * run, all on 127.0.0.1 with free ports and folders of its own, then a failover under load:
 *   etcd (Patroni's store); two PostgreSQL nodes under Patroni, synchronous mode on; HAProxy
 *   (infra/haproxy/haproxy.cfg as shipped) routing PostgreSQL to the Patroni leader and to the
 *   replicas, and the API to the hubs; PgBouncer (infra/pgbouncer/pgbouncer.ini) in transaction
 *   mode in front of the leader and the replicas; two hubs (`PONTE_WORKER=off`) through PgBouncer,
 *   counting rate limits in Redis; one worker, straight to the leader through HAProxy.
 * The fault-run clients (test/faults/fault-story.ts, written from the README) register returnees,
 * record consents, send and accept referrals through HAProxy, retrying under the same
 * Idempotency-Key; a partner's webhook receiver checks every delivery's signature. Meanwhile the
 * leader's postgres is killed with SIGKILL and Patroni promotes the synchronous standby. Then:
 * every acknowledged record is present exactly once (synchronous replication: none lost), nothing
 * answered "failed" was applied, the access log verifies against a head kept before the fault,
 * every event reached the receiver, every 503 was problem+json with Retry-After and no request
 * hung; a privacy officer's log search is served by the replica and its access event is on the
 * leader; and the two hubs meet one sign-in limit together. Everything started is stopped and
 * removed at the end (also on failure, Ctrl-C or SIGTERM).
 *
 *   pnpm test:cluster [--seconds 40] [--clients 4] [--logs <folder>]
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { caseworkerLoop, oneShotLoop, percentile, StoryClient, TimingReceiver } from '../faults/fault-story';
import { awaitDeliveries, checkLedger } from '../faults/ledger-checks';
import { HubProcess } from '../support/hub-process';
import { freePort, serverBinaries } from '../support/private-postgres';
import { ROOT, buildBundles, cleanupsOnExit, migrate, newKeyEncryptionKey, newLogins, removeQuietly, Service, serviceFolder, sleep, startPgbouncer, numberOption, urlOf } from '../deploy/cluster';
import { runHaproxy } from './haproxy';
import { Etcd, PatroniNode } from './patroni';

const SECONDS = numberOption('--seconds', 40, 10, 3600);
const CLIENTS = numberOption('--clients', 4, 1, 32);
/** The sign-in limit the hubs share (per address and per account, a minute). */
const SIGN_IN_LIMIT = 20;
/** `--logs <folder>`: every process's output is written there at the end, for a failed run to be read. */
const LOGS = process.argv.includes('--logs') ? process.argv[process.argv.indexOf('--logs') + 1] : undefined;
const REDIS_URL = process.env.PONTE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PASSWORD = `cluster-${randomUUID()}`;
const started = Date.now();
const say = (line: string) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);

const cleanups = cleanupsOnExit();

/** Writes a process's output into the --logs folder as the cluster is taken down (cleanups run last to first). */
function keepLogs(name: string, output: () => string): void {
  if (!LOGS) return;
  cleanups.push(() => {
    mkdirSync(LOGS, { recursive: true });
    writeFileSync(join(LOGS, `${name}.log`), output());
  });
}

const failures: string[] = [];
function check(condition: unknown, what: string): void {
  if (condition) say(`ok   ${what}`);
  else {
    failures.push(what);
    say(`FAIL ${what}`);
  }
}

/** Runs a psql script as the superuser against `url`, with psql variables; throws with psql's words. */
function psqlFile(url: string, file: string, variables: Record<string, string>): void {
  const vars = Object.entries(variables).flatMap(([k, v]) => ['-v', `${k}=${v}`]);
  const result = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...vars, '-d', url, '-f', file], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`psql ${file} failed: ${result.stderr}`);
}

/** Waits until five connections in a row through `port` reach a server in recovery (`t`) or not (`f`). */
async function routedTo(port: number, inRecovery: 't' | 'f', output: () => string): Promise<void> {
  for (let inARow = 0, deadline = Date.now() + 30_000; inARow < 5; await sleep(100)) {
    const answer = spawnSync('psql', ['-X', '-At', '-d', `postgres://postgres@127.0.0.1:${port}/postgres`, '-c', 'select pg_is_in_recovery()'], { encoding: 'utf8' }).stdout.trim();
    inARow = answer === inRecovery ? inARow + 1 : 0;
    if (Date.now() > deadline) throw new Error(`HAProxy's port ${port} does not reach a server with pg_is_in_recovery() = ${inRecovery}:\n${output()}`);
  }
}

/**
 * A privacy officer's search of the access log through HAProxy, marked with a client request id:
 * its status, how many of its reads the hubs routed to the replica (from their metrics ports), the
 * routing series that moved, and how many access events with its id the leader holds.
 */
async function replicaSearch(metricsPorts: number[], client: StoryClient, owner: Kysely<any>) {
  const scrape = () => Promise.all(metricsPorts.map((port) => fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text())));
  const before = await scrape();
  const marker = `cluster-search-${randomUUID().slice(0, 8)}`;
  const search = await client.send('GET', '/v1/access-events?limit=20', ['iom', 'privacy'], undefined, { 'x-request-id': marker });
  const after = await scrape();
  const moved = (labels: string) => after.reduce((n, text, i) => n + counted(text, 'ponte_db_reads_routed_total', labels) - counted(before[i]!, 'ponte_db_reads_routed_total', labels), 0);
  const routes = ['replica', 'primary'].map((target) => `${target} ${moved(`target="${target}"`)}`).join(', ');
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from access_events where client_request_id = ${marker}`.execute(owner);
  return { status: search.status, byReplica: moved('target="replica"'), routes, events: rows[0]!.n };
}

/** A Prometheus counter's total over its series whose labels contain `labels`, from a /metrics text. */
function counted(metrics: string, name: string, labels: string): number {
  return metrics
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && line.includes(labels))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

async function main() {
  const binaries = serverBinaries();
  if (!binaries) throw new Error('no PostgreSQL server programs (pg_config --bindir) on this machine');
  const redisUp = spawnSync('redis-cli', ['-u', REDIS_URL, 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG';
  if (!redisUp) throw new Error(`Redis does not answer at ${REDIS_URL} (start it: redis-server --daemonize yes)`);

  const bundles = await buildBundles('cluster');
  say('bundles built (hub, worker, cli)');

  const etcd = new Etcd();
  cleanups.push(() => removeQuietly(etcd.dir));
  cleanups.push(() => etcd.stop());
  await etcd.start();
  say(`etcd ${etcd.clientPort}: Patroni's store`);

  const patroni = { scope: `ponte-${randomUUID().slice(0, 8)}`, etcd, binaries, replicationPassword: randomUUID() };
  const nodes = [new PatroniNode('db1', patroni), new PatroniNode('db2', patroni)];
  for (const node of nodes) {
    keepLogs(node.name, () => node.tail(100_000));
    cleanups.push(() => removeQuietly(node.dir));
    cleanups.push(() => node.stop());
  }
  await nodes[0]!.start();
  await nodes[0]!.waitFor('primary');
  await nodes[1]!.start();
  await nodes[1]!.waitFor('replica');
  await nodes[1]!.waitForSync();
  say(`Patroni: db1 (PostgreSQL ${nodes[0]!.port}) leader, db2 (PostgreSQL ${nodes[1]!.port}) synchronous standby, streaming`);

  // HAProxy as shipped: the API on one port, the leader and the replicas on two others.
  const ports = { api: await freePort(), primary: await freePort(), replicas: await freePort() };
  const hubPorts = [await freePort(), await freePort()];
  const metricsPorts = [await freePort(), await freePort()];
  const publicUrl = `http://127.0.0.1:${ports.api}`;
  const proxyEnv = {
    PONTE_API_BIND: `127.0.0.1:${ports.api}`,
    PONTE_PRIMARY_BIND: `127.0.0.1:${ports.primary}`,
    PONTE_REPLICAS_BIND: `127.0.0.1:${ports.replicas}`,
    PONTE_HAPROXY_ERRORS: join(ROOT, 'infra/haproxy/errors'),
    PONTE_HUB1: `127.0.0.1:${hubPorts[0]}`,
    PONTE_HUB2: `127.0.0.1:${hubPorts[1]}`,
    PONTE_DB1: `127.0.0.1:${nodes[0]!.port}`,
    PONTE_DB1_PATRONI_PORT: String(nodes[0]!.restPort),
    PONTE_DB2: `127.0.0.1:${nodes[1]!.port}`,
    PONTE_DB2_PATRONI_PORT: String(nodes[1]!.restPort),
  };
  // Ready once the leader answers through HAProxy (the hubs are not up yet: the API answers 503).
  const proxy = await runHaproxy(join(ROOT, 'infra/haproxy/haproxy.cfg'), proxyEnv, `${nodes[0]!.rest}/primary`);
  cleanups.push(() => proxy.stop());
  // HAProxy counts a server up until its first checks say otherwise: wait until they have.
  await routedTo(ports.primary, 'f', proxy.output);
  await routedTo(ports.replicas, 't', proxy.output);
  say(`HAProxy: API ${ports.api}, PostgreSQL leader ${ports.primary}, replicas ${ports.replicas} (infra/haproxy/haproxy.cfg)`);
  // No hub is up yet: HAProxy answers for them with the hub's own problem, not a page of its own.
  const noHub = await fetch(`http://127.0.0.1:${ports.api}/v1/me`);
  const noHubBody = (await noHub.json().catch(() => ({}))) as { code?: string };
  check(
    noHub.status === 503 && noHub.headers.get('content-type')?.startsWith('application/problem+json') && noHub.headers.get('retry-after') === '2' && noHubBody.code === 'unavailable',
    'with no hub up, HAProxy answers 503 problem+json (unavailable) with Retry-After',
  );

  const leader = (user: string, password: string) => urlOf(ports.primary, user, password);
  const superuser = `postgres://postgres@127.0.0.1:${ports.primary}`;
  const logins = newLogins();
  psqlFile(`${superuser}/postgres`, join(ROOT, 'infra/postgres/roles.sql'), { db: 'ponte', owner_password: logins.owner, hub_password: logins.hub, background_password: logins.background });
  spawnSync('psql', ['-X', '-q', '-d', `${superuser}/postgres`, '-c', 'revoke ponte_worker, ponte_sealer from ponte_hub']);
  const applied = migrate(bundles, leader('ponte_owner', logins.owner));
  say(`roles.sql and the migration job (ponte migrate) on the leader: ${applied.split('\n').length} lines`);

  const bouncer = await startPgbouncer({ port: ports.primary }, logins.hub, { port: ports.replicas });
  cleanups.push(() => removeQuietly(bouncer.dir));
  cleanups.push(() => bouncer.service.stop());
  say(`PgBouncer ${bouncer.port}: transaction pooling, ponte → the leader, ponte_read → the replicas`);

  const keyEncryptionKey = newKeyEncryptionKey();
  // One deployment: the hubs share the key-encryption key and Redis's key prefix.
  const redisPrefix = `ponte-cluster-${randomUUID().slice(0, 8)}`;
  const hubEnv = (port: number, metricsPort: number): Record<string, string> => ({
    HOST: '127.0.0.1',
    PORT: String(port),
    PONTE_METRICS_PORT: String(metricsPort),
    PONTE_PUBLIC_URL: publicUrl,
    DATABASE_URL: urlOf(bouncer.port, 'ponte_hub', logins.hub),
    PONTE_READ_DATABASE_URL: urlOf(bouncer.port, 'ponte_hub', logins.hub, 'ponte_read'),
    PONTE_DB_PREPARED_STATEMENTS: 'false',
    PONTE_DB_POOL_SIZE: '8',
    PONTE_MIGRATE: 'off',
    PONTE_WORKER: 'off',
    PONTE_SEED_DEMO: 'true',
    PONTE_DEMO_PASSWORD: PASSWORD,
    PONTE_DEMO_WITNESSES: 'false',
    PONTE_OPERATOR_SECOND_FACTOR: 'false',
    PONTE_KEY_ENCRYPTION_KEY: keyEncryptionKey,
    PONTE_WEBHOOK_ALLOW_PRIVATE: 'true',
    PONTE_TRUSTED_PROXIES: '127.0.0.1',
    PONTE_REDIS_URL: REDIS_URL,
    PONTE_REDIS_KEY_PREFIX: redisPrefix,
    PONTE_TOKEN_RATE_LIMIT_PER_MINUTE: String(SIGN_IN_LIMIT),
    PONTE_RATE_LIMIT_PER_MINUTE: '1000000',
    PONTE_REQUEST_TIMEOUT_MS: '5000',
    LOG_LEVEL: 'info',
  });
  // One after the other: the first seeds the demo agencies and people.
  const hubs = hubPorts.map((port, i) => new HubProcess(bundles.hub, hubEnv(port, metricsPorts[i]!)));
  for (const [i, hub] of hubs.entries()) {
    cleanups.push(() => hub.kill());
    keepLogs(`hub${i + 1}`, () => hub.logs.join(''));
    await hub.start();
    say(`hub${i + 1} ${hubPorts[i]}: as ponte_hub through PgBouncer, worker off, limits in Redis, ready`);
  }

  const archives = serviceFolder('ponte-cluster-archives-');
  cleanups.push(() => removeQuietly(archives));
  const worker = new Service('worker', [process.execPath, bundles.worker], {
    PONTE_METRICS_PORT: String(await freePort()),
    DATABASE_URL: leader('ponte_background', logins.background),
    PONTE_PUBLIC_URL: publicUrl,
    PONTE_KEY_ENCRYPTION_KEY: keyEncryptionKey,
    PONTE_SEAL_INTERVAL_MS: '500',
    PONTE_WEBHOOK_ALLOW_PRIVATE: 'true',
    PONTE_WEBHOOK_BACKOFF_BASE_MS: '200',
    PONTE_LOG_ARCHIVE_DIR: archives,
    LOG_LEVEL: 'info',
  });
  cleanups.push(() => worker.stop());
  keepLogs('worker', () => worker.tail(100_000));
  keepLogs('pgbouncer', () => bouncer.service.tail(100_000));
  keepLogs('haproxy', () => proxy.output());
  worker.start();
  say('worker: as ponte_background, to the leader through HAProxy (a session of its own, not PgBouncer)');
  for (const deadline = Date.now() + 30_000; (await fetch(`${publicUrl}/readyz`).then((r) => r.status, () => 0)) !== 200; await sleep(250))
    if (Date.now() > deadline) throw new Error(`the API does not answer through HAProxy:\n${proxy.output()}`);

  // The harness reads as the superuser, through HAProxy to whichever node leads.
  const ownerPool = new pg.Pool({ connectionString: `${superuser}/ponte`, max: 2 });
  ownerPool.on('error', () => undefined); // an idle connection cut by the failover; the next query opens another
  const owner = new Kysely<any>({ dialect: new PostgresDialect({ pool: ownerPool }) });
  cleanups.push(() => owner.destroy());

  // The story, as in the fault run: a partner's receiver, a head kept before the fault.
  const client = new StoryClient(() => publicUrl, PASSWORD);
  const receiver = new TimingReceiver();
  cleanups.push(() => receiver.stop());
  await receiver.start(`${publicUrl}/.well-known/jwks.json`);
  const endpoint = await client.send('POST', '/v1/webhook-endpoints', ['caminho-seguro', 'admin'], { url: receiver.url, description: 'cluster run' });
  if (endpoint.status !== 201) throw new Error(`the partner's webhook endpoint was refused: ${endpoint.status} ${JSON.stringify(endpoint.body)}`);
  let witness: string | undefined;
  for (const deadline = Date.now() + 30_000; !witness && Date.now() < deadline; await sleep(250)) {
    const heads = await client.send('GET', '/v1/log/heads?limit=1', ['iom', 'privacy']);
    witness = (heads.body.items as Array<{ signedHead: string }> | undefined)?.[0]?.signedHead;
  }
  if (!witness) throw new Error('the worker never sealed the access log');

  // A privacy officer's search of the access log, served by the replica; its own access event written on the leader.
  const search = await replicaSearch(metricsPorts, client, owner);
  say(`a privacy officer's log search: ${search.status}, read on the replica ${search.byReplica} time(s) [${search.routes}]; its access events on the leader: ${search.events}`);
  check(search.status === 200 && search.byReplica >= 1, "the privacy officer's log search is served by the replica");
  check(search.events >= 1, 'and its access event is written on the leader');

  say(`load: ${CLIENTS} caseworkers and a one-shot sender through HAProxy for ${SECONDS} s; the leader's postgres is killed at ${Math.round(SECONDS * 0.4)} s`);
  const loadStarted = Date.now();
  const until = loadStarted + SECONDS * 1000;
  const load = Promise.all([...Array.from({ length: CLIENTS }, (_, i) => caseworkerLoop(client, `C${i}`, until)), oneShotLoop(client, until)]);
  await sleep(SECONDS * 400);
  const oldLeader = nodes[0]!;
  const newLeader = nodes[1]!;
  const killedAt = Date.now();
  const pid = oldLeader.killPostgres();
  say(`SIGKILL to db1's postmaster (pid ${pid})`);
  await newLeader.waitFor('primary', 60_000);
  const promotedAfter = (Date.now() - killedAt) / 1000;
  say(`Patroni promoted db2 ${promotedAfter.toFixed(1)} s after the kill`);
  await oldLeader.waitFor('replica', 90_000);
  const rejoinedAfter = (Date.now() - killedAt) / 1000;
  say(`db1 rejoined as a replica of db2 ${rejoinedAfter.toFixed(1)} s after the kill (pg_rewind)`);
  await load;
  say(`load done: ${client.ledger.requests} requests`);

  // Seconds without writes: the longest the clients went without an acknowledged change from the
  // kill on (a request answered just after the kill may have committed just before it); beside it,
  // the longest such gap before the kill, what the load gives anyway.
  const successes = [...client.ledger.successes].sort((a, b) => a - b);
  const longestGap = (from: number, to: number) => {
    const within = [from, ...successes.filter((t) => t > from && t < to), to];
    return Math.max(...within.slice(1).map((t, i) => t - within[i]!)) / 1000;
  };
  const withoutWrites = longestGap(killedAt, until);
  const gapBefore = longestGap(loadStarted, killedAt);


  const undelivered = await awaitDeliveries(owner, receiver, 'cluster run');
  await sleep(1500); // a sealing round after the last request
  const verified = await client.verifyLog(witness);
  const ledger = await checkLedger(owner, client.ledger);
  const delays = receiver.delays();
  const answers = Object.entries(client.ledger.answers)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${status}×${n}`)
    .join(' ');
  const serverErrors = Object.entries(client.ledger.answers)
    .filter(([status]) => status.startsWith('5') && status !== '503')
    .reduce((n, [, count]) => n + count, 0);

  process.stdout.write(
    [
      '',
      `failover under load (${SECONDS} s, ${CLIENTS} clients, synchronous_mode on):`,
      `  Patroni promoted the standby in ${promotedAfter.toFixed(1)} s, the old primary streamed from it after ${rejoinedAfter.toFixed(1)} s; seconds without writes: ${withoutWrites.toFixed(1)} (before the kill, the longest gap between acknowledged writes was ${gapBefore.toFixed(1)} s)`,
      `  answers: ${answers}; 503 without problem+json or Retry-After: ${client.ledger.bareUnavailable}; hung (no answer in 20 s): ${client.ledger.timedOut}`,
      `  acknowledged ${ledger.acknowledged}; present exactly once ${ledger.presentOnce}; missing ${ledger.missing}; duplicates ${ledger.duplicates}`,
      `  one-shots ${client.ledger.oneShots.length}, answered "failed" ${ledger.answeredFailed}, "failed" but applied ${ledger.failedButApplied}; transitions without their events ${ledger.transitionsWithoutEvents}; event number gaps ${ledger.eventNumberGaps}`,
      `  webhooks: ${delays.length} events delivered, ${undelivered} undelivered, ${receiver.badSignatures} bad signatures; delay p50 ${percentile(delays, 50)} ms, p95 ${percentile(delays, 95)} ms, max ${delays.at(-1) ?? 0} ms`,
      `  access log: ${verified.status === 200 && verified.body.ok === true ? 'verifies' : 'DOES NOT VERIFY'} (${String(verified.body.events ?? '?')} events, ${String(verified.body.heads ?? '?')} heads) against a head kept before the fault`,
      '',
    ].join('\n'),
  );
  check(ledger.acknowledged > 0 && ledger.presentOnce === ledger.acknowledged && ledger.missing === 0, 'every acknowledged record is on the new leader exactly once (none lost)');
  check(ledger.duplicates === 0, 'no duplicates');
  check(ledger.failedButApplied === 0, 'nothing answered "failed" was applied');
  check(ledger.transitionsWithoutEvents === 0 && ledger.eventNumberGaps === 0, 'every transition has its events, with no gaps in event numbers');
  check(undelivered === 0 && receiver.badSignatures === 0, 'the outbox delivered every event, each signature good');
  check(verified.status === 200 && verified.body.ok === true && (verified.body.witness as { consistent?: boolean } | undefined)?.consistent === true, 'the access log verifies, consistent with the head kept before the fault');
  check(client.ledger.bareUnavailable === 0, 'every 503 was problem+json with Retry-After');
  check(client.ledger.timedOut === 0, 'no request hung');
  check(serverErrors === 0, 'no 5xx other than 503');

  // After the failover: db1 streams from db2 now; the hubs read from it again once it is current.
  let again = await replicaSearch(metricsPorts, client, owner);
  for (const deadline = Date.now() + 30_000; again.byReplica === 0 && Date.now() < deadline; await sleep(1000)) again = await replicaSearch(metricsPorts, client, owner);
  say(`after the failover, a log search: ${again.status}, read on the replica (db1 now) ${again.byReplica} time(s) [${again.routes}]; its access events on the leader: ${again.events}`);
  check(again.status === 200 && again.byReplica >= 1 && again.events >= 1, 'after the failover the log search is served by the new replica again, its access event on the new leader');

  // The sign-in limit, met by the two hubs together: from an address of its own, alternating between them.
  const statuses: number[] = [];
  const logged = hubs.map((hub) => hub.logs.join('').length);
  for (let i = 0; i < SIGN_IN_LIMIT + 2; i++) {
    const res = await fetch(`${publicUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'x-forwarded-for': '203.0.113.77' },
      body: new URLSearchParams({ grant_type: 'password', agency: 'iom', username: `nobody-${randomUUID().slice(0, 8)}`, password: 'not the password' }),
    });
    statuses.push(res.status);
  }
  if (!statuses.includes(429)) say(`the hubs said of Redis: ${hubs.flatMap((hub) => hub.logs.join('').split('\n').filter((line) => /redis|rate_limit/i.test(line))).slice(0, 5).join('\n') || 'nothing'}`);
  await sleep(200); // a hub writes a request's log line as it answers
  const answeredBy = hubs.map((hub, i) => hub.logs.join('').slice(logged[i]).split('\n').filter((line) => line.includes('"route":"/oauth/token"')).length);
  say(`sign-in attempts through HAProxy from one address: ${statuses.join(' ')}; answered by hub1 ${answeredBy[0]}, hub2 ${answeredBy[1]}`);
  check(statuses.slice(0, SIGN_IN_LIMIT).every((s) => s === 400) && statuses.slice(SIGN_IN_LIMIT).every((s) => s === 429), `the two hubs meet one sign-in limit of ${SIGN_IN_LIMIT} a minute together (Redis)`);
  check(answeredBy.every((n) => n > 0), 'both hubs answered sign-ins');

  const personal = hubs.flatMap((hub) => hub.logs).join('').match(/(Fault|Once)C\d+n\d+/g)?.length ?? 0;
  check(personal === 0, "no person's name in the hubs' logs");

  for (const hub of hubs) await hub.stop();
  const workerExit = await worker.stop();
  check(workerExit === 0, `the worker stopped on SIGTERM (exit ${workerExit})`);
}

let failed = false;
try {
  await main();
  failed = failures.length > 0;
} catch (error) {
  failed = true;
  process.stderr.write(`\n${(error as Error).stack ?? String(error)}\n`);
} finally {
  await cleanups.run();
  say(failed ? `FAILED${failures.length ? `: ${failures.join('; ')}` : ''}; everything started was stopped and removed` : 'passed; everything started was stopped and removed');
}
process.exit(failed ? 1 : 0);
