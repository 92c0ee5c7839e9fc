/**
 * `pnpm test:deploy` (through infra/local-cluster.sh): the topology of infra/compose.yaml as plain
 * processes, without containers, then a smoke check, then everything it started is stopped and
 * removed (also on failure, Ctrl-C or SIGTERM):
 *   a private PostgreSQL instance (its own folder and free port; never the shared server), the
 *   deployment's roles (infra/postgres/roles.sql) with password logins, the migration job as the
 *   schema owner, PgBouncer in transaction mode, the hub (`node dist/hub.mjs`) as ponte_hub through
 *   PgBouncer with the worker off and no prepared statements, and the worker as ponte_background.
 * The smoke check: an operator's token verifies against the published JWKS; /readyz; a caseworker
 * registers a returnee and records the consent, then reads the returnee back; the worker seals the
 * access log (the hub does not) and verifies it on a privacy officer's request; SIGTERM stops the
 * hub and the worker cleanly.
 *
 *   pnpm test:deploy            run, check, clean up
 *   pnpm test:deploy --hold     the same, then keep the cluster up until Ctrl-C (prints where it is)
 */
import { randomUUID } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { HubProcess } from '../support/hub-process';
import { freePort, PrivatePostgres, serverBinaries } from '../support/private-postgres';
import { buildBundles, cleanupsOnExit, migrate, newKeyEncryptionKey, newLogins, prepareDatabase, removeQuietly, Service, sleep, startPgbouncer, urlOf } from './cluster';

const hold = process.argv.includes('--hold');
const DEMO_PASSWORD = `cluster-${randomUUID()}`;
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
const say = (line: string) => process.stdout.write(`[${seconds().padStart(5)} s] ${line}\n`);

const cleanups = cleanupsOnExit();

async function api(base: string, method: string, path: string, token?: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await res.text();
  return { status: res.status, body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : {}) as Record<string, any> };
}

async function signIn(base: string, agency: string | undefined, username: string): Promise<string> {
  const res = await fetch(`${base}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', ...(agency ? { agency } : {}), username, password: DEMO_PASSWORD }) });
  if (res.status !== 200) throw new Error(`sign-in ${agency ?? 'operator'}/${username}: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

function expectThat(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`smoke check failed: ${what}`);
  say(`ok   ${what}`);
}

async function main() {
  const binaries = serverBinaries();
  if (!binaries) throw new Error('no PostgreSQL server programs (pg_config --bindir) on this machine');

  const bundles = await buildBundles('local-cluster');
  say('bundles built (hub, worker, cli)');

  const server = new PrivatePostgres(binaries);
  cleanups.push(() => server.destroy());
  await server.init();
  const logins = newLogins();
  prepareDatabase(server, logins);
  say(`PostgreSQL ${server.port}: private instance, roles.sql, password logins`);

  const applied = migrate(bundles, urlOf(server.port, 'ponte_owner', logins.owner));
  say(`migration job (ponte migrate) as ponte_owner: ${applied.length > 80 ? `${applied.slice(0, 80)}…` : applied}`);

  const bouncer = await startPgbouncer(server, logins.hub);
  cleanups.push(() => removeQuietly(bouncer.dir));
  cleanups.push(() => bouncer.service.stop());
  say(`PgBouncer ${bouncer.port}: transaction pooling in front of the hub`);

  const hubPort = await freePort();
  const publicUrl = `http://127.0.0.1:${hubPort}`;
  const keyEncryptionKey = newKeyEncryptionKey();
  const hub = new HubProcess(bundles.hub, {
    HOST: '127.0.0.1',
    PORT: String(hubPort),
    PONTE_PUBLIC_URL: publicUrl,
    DATABASE_URL: urlOf(bouncer.port, 'ponte_hub', logins.hub),
    PONTE_DB_PREPARED_STATEMENTS: 'false',
    PONTE_MIGRATE: 'off',
    PONTE_WORKER: 'off',
    PONTE_SEED_DEMO: 'true',
    PONTE_DEMO_PASSWORD: DEMO_PASSWORD,
    PONTE_DEMO_WITNESSES: 'false',
    // A test bed of demo accounts: the demo operator signs in with a password alone.
    PONTE_OPERATOR_SECOND_FACTOR: 'false',
    PONTE_KEY_ENCRYPTION_KEY: keyEncryptionKey,
    LOG_LEVEL: 'warn',
  });
  cleanups.push(() => hub.kill());
  await hub.start();
  say(`hub ${hubPort}: as ponte_hub through PgBouncer, worker off, ready`);

  const workerMetricsPort = await freePort();
  const worker = new Service('worker', [process.execPath, bundles.worker], {
    PONTE_METRICS_PORT: String(workerMetricsPort),
    DATABASE_URL: urlOf(server.port, 'ponte_background', logins.background),
    PONTE_PUBLIC_URL: publicUrl,
    PONTE_KEY_ENCRYPTION_KEY: keyEncryptionKey,
    PONTE_SEAL_INTERVAL_MS: '500',
    PONTE_LOG_ARCHIVE_DIR: `${bouncer.dir}/log-archives`,
    LOG_LEVEL: 'info',
  });
  cleanups.push(() => worker.stop());
  worker.start();
  say('worker: as ponte_background, straight to PostgreSQL');

  // The smoke check.
  const base = hub.url;
  expectThat((await fetch(`${base}/readyz`)).status === 200, '/readyz answers 200');
  const operator = await signIn(base, undefined, 'operator');
  const jwks = createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`));
  const verified = await jwtVerify(operator, jwks, { issuer: publicUrl, audience: 'ponte-api' }).catch((error: Error) => error);
  expectThat(!(verified instanceof Error), `the operator's token verifies against the JWKS${verified instanceof Error ? ` (${verified.message})` : ` (kid ${verified.protectedHeader.kid})`}`);
  expectThat((await api(base, 'GET', '/v1/agreements', operator)).status === 200, 'the operator lists the agreements');

  const caseworker = await signIn(base, 'iom', 'caseworker');
  const subject = await api(base, 'POST', '/v1/subjects', caseworker, { identity: { givenName: 'Cluster', familyName: 'Smoke', dateOfBirth: '1990-01-01', sex: 'female', languages: ['pt'] } }, { 'idempotency-key': `smoke-${randomUUID()}` });
  expectThat(subject.status === 201, `a caseworker registers a returnee through PgBouncer (${subject.status})`);
  const consent = await api(
    base,
    'POST',
    `/v1/subjects/${subject.body.id}/consents`,
    caseworker,
    { grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['return_reintegration'], recipients: ['caminho-seguro'], categories: ['identity'], legalBasis: 'consent', validUntil: '2099-12-31T00:00:00Z' },
    { 'idempotency-key': `smoke-${randomUUID()}` },
  );
  expectThat(consent.status === 201, `and records the consent (${consent.status})`);
  const read = await api(base, 'GET', `/v1/subjects/${subject.body.id}`, caseworker);
  expectThat(read.status === 200 && read.body.data?.identity?.familyName === 'Smoke', 'and reads the returnee back, identity included');

  const privacy = await signIn(base, 'iom', 'privacy');
  let sealed = 0;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline && sealed === 0; await sleep(250)) {
    const heads = await api(base, 'GET', '/v1/log/heads?limit=1000', privacy);
    sealed = Math.max(0, ...((heads.body.items ?? []) as Array<{ treeSize: number }>).map((h) => h.treeSize));
  }
  expectThat(sealed > 0, `the worker seals the access log (a signed head of ${sealed} events)`);
  const queued = await api(base, 'POST', '/v1/log/verify', privacy, {});
  let verification: Record<string, any> = {};
  for (const deadline = Date.now() + 60_000; Date.now() < deadline && !['done', 'failed'].includes(verification.status); await sleep(250))
    verification = (await api(base, 'GET', `/v1/log/verifications/${queued.body.id}`, privacy)).body;
  expectThat(verification.status === 'done' && verification.report?.ok === true, `the worker verifies the log on request (${verification.report?.events ?? '?'} events)`);
  // The worker's probes and metrics, on a port of their own.
  const workerAt = `http://127.0.0.1:${workerMetricsPort}`;
  expectThat((await fetch(`${workerAt}/healthz`)).status === 200 && (await fetch(`${workerAt}/readyz`)).status === 200, "the worker's /healthz and /readyz answer 200");
  const workerMetrics = await (await fetch(`${workerAt}/metrics`)).text();
  expectThat(/^ponte_access_log_head_size [1-9]\d*$/m.test(workerMetrics) && /^ponte_access_log_verification_ok\{check="full"\} 1$/m.test(workerMetrics), 'the worker\'s /metrics shows the signed head and the passed verification');

  if (hold) {
    process.stdout.write(`\nThe cluster is up: ${publicUrl} (demo password ${DEMO_PASSWORD}); PostgreSQL on ${server.port}, PgBouncer on ${bouncer.port}. Ctrl-C stops it.\n`);
    await new Promise(() => {});
  }

  await hub.stop();
  expectThat(!/"level":(50|60)/.test(hub.logs.join('')), 'the hub stopped on SIGTERM with no error logged');
  const workerExit = await worker.stop();
  expectThat(workerExit === 0, `the worker stopped on SIGTERM (exit ${workerExit})`);
  say('smoke check passed');
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  process.stderr.write(`\n${(error as Error).message}\n`);
} finally {
  await cleanups.run();
  say(failed ? 'FAILED; everything started was stopped and removed' : 'everything started was stopped and removed');
}
process.exit(failed ? 1 : 0);
