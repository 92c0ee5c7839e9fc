/**
 * `pnpm test:restore`: backup and restore, tried. On a private PostgreSQL instance with WAL
 * archiving, the hub runs as its own process over HTTP under light load (caseworkers registering
 * returnees, recording consents and sending referrals, each acknowledged id noted with when it was
 * sent and answered). While the load runs, the access log's signed heads are fetched and a logical
 * backup is taken (`pg_dump -Fc`); later a point in time is noted for recovery. Then:
 * - the dump is restored into a new database on a new instance (roles from infra/postgres/roles.sql);
 * - the base backup taken before the load, with the WAL archive, is recovered on another new
 *   instance to the point in time (`restore_command`, `recovery_target_time`);
 * and on each a hub is started with the same key-encryption key and public URL, and checked: every
 * record acknowledged before the backup point is there (after a PITR, nothing sent after the target
 * is), the access log verifies against the head kept before the backup and the tree is consistent
 * with it (RFC 6962 proof checked here), a bearer token and a console session from before the
 * backup still work, and the restored hub signs in people and writes. Figures: time to back up
 * and to restore, records checked, bytes. infra/backup/README.md is the procedure it follows.
 *
 *   pnpm test:restore [--seconds 30] [--clients 3]
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { verifyConsistency } from '@ponte/audit';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import pg from 'pg';
import { returnee, StoryClient } from '../faults/fault-story';
import { HubProcess } from '../support/hub-process';
import { freePort, PrivatePostgres, serverBinaries } from '../support/private-postgres';
import {
  ROOT,
  buildBundles,
  cleanupsOnExit,
  giveToServiceUser,
  migrate,
  newKeyEncryptionKey,
  newLogins,
  numberOption,
  prepareDatabase,
  psql,
  requirePasswords,
  removeQuietly,
  serverProgram,
  serviceFolder,
  sleep,
  urlOf,
  type Logins,
} from '../deploy/cluster';

const SECONDS = numberOption('--seconds', 30, 6, 3600);
const CLIENTS = numberOption('--clients', 3, 1, 32);
const PASSWORD = `restore-${randomUUID()}`;
const started = Date.now();
const say = (line: string) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);
const run = promisify(execFile);
const binaries = serverBinaries();

const cleanups = cleanupsOnExit();

/** One acknowledged record of the load, with when its request went out and when it was answered. */
interface Acknowledged {
  table: 'subjects' | 'consents' | 'referrals';
  id: string;
  sentAt: number;
  ackedAt: number;
  /** A consent's subject. */
  subjectId?: string;
}

function expectThat(condition: unknown, what: string): asserts condition {
  if (!condition) throw new Error(`restore drill failed: ${what}`);
  say(`ok   ${what}`);
}

const bytesOf = (path: string): number => (statSync(path).isDirectory() ? readdirSync(path).reduce((n, f) => n + bytesOf(join(path, f)), 0) : statSync(path).size);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Caseworkers telling the README's story until `until`: each acknowledged record is noted. */
async function caseworker(client: StoryClient, name: string, until: number, acknowledged: Acknowledged[]) {
  const change = async (table: Acknowledged['table'], kind: 'subject' | 'consent' | 'referral', marker: string, path: string, body: unknown, idOf: (b: Record<string, unknown>) => string, subjectId?: string) => {
    const sentAt = Date.now();
    const op = await client.change(kind, marker, path, ['iom', 'caseworker'], body, until, idOf);
    if (op.outcome !== 'acknowledged' || !op.id) return undefined;
    acknowledged.push({ table, id: op.id, sentAt, ackedAt: Date.now(), ...(subjectId ? { subjectId } : {}) });
    return op.id;
  };
  for (let n = 0; Date.now() < until; n++) {
    const marker = `Restore${name}n${n}`;
    const subjectId = await change('subjects', 'subject', marker, '/v1/subjects', returnee(marker), (b) => String(b.id));
    if (!subjectId) continue;
    const consentId = await change(
      'consents',
      'consent',
      marker,
      `/v1/subjects/${subjectId}/consents`,
      { grantedBy: 'subject', method: 'written', language: 'pt', interpreterUsed: false, purposes: ['return_reintegration'], recipients: ['caminho-seguro'], categories: ['identity', 'location'], legalBasis: 'consent', validUntil: '2099-12-31T00:00:00Z' },
      (b) => String((b.consent as { id: string }).id),
      subjectId,
    );
    if (!consentId) continue;
    await change(
      'referrals',
      'referral',
      marker,
      '/v1/referrals',
      { to: 'caminho-seguro', subjectId, consentId, service: 'reintegration_economic', purpose: 'return_reintegration', urgency: 'priority', categories: ['identity', 'location'] },
      (b) => String(b.id),
    );
  }
}

/** A console session, signed in through the form as a browser would: answers its cookie. */
async function consoleSession(base: string, agency: string, username: string): Promise<string> {
  const form = await fetch(`${base}/console/sign-in`, { redirect: 'manual' });
  const csrf = /ponte_csrf=([^;]+)/.exec(form.headers.getSetCookie().join('\n'))?.[1];
  if (!csrf) throw new Error('the console gave no CSRF cookie');
  const res = await fetch(`${base}/console/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `ponte_csrf=${csrf}` },
    body: new URLSearchParams({ _csrf: csrf, grant_type: 'password', agency, username, password: PASSWORD }),
  });
  const session = /ponte_session=([^;]+)/.exec(res.headers.getSetCookie().join('\n'))?.[1];
  if (res.status !== 303 || !session) throw new Error(`console sign-in answered ${res.status}`);
  return `ponte_session=${session}`;
}

/** The head with the largest tree among those the hub publishes. */
async function latestHead(client: StoryClient): Promise<{ treeSize: number; rootHash: string; signedHead: string }> {
  let last: { treeSize: number; rootHash: string; signedHead: string } | undefined;
  for (let cursor: string | undefined; ; ) {
    const page = await client.send('GET', `/v1/log/heads?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, ['iom', 'privacy']);
    const items = (page.body.items ?? []) as Array<{ treeSize: number; rootHash: string; signedHead: string }>;
    if (items.length === 0) break;
    last = items.at(-1);
    cursor = page.body.nextCursor as string;
  }
  if (!last) throw new Error('no signed head yet');
  return last;
}

/**
 * Runs a script of infra/backup/ (as the service user when `asServiceUser`, as those that read and
 * write the server's own files must run); answers the first line it printed.
 */
async function script(asServiceUser: boolean, name: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const command = [...(asServiceUser && process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : []), 'bash', join(ROOT, 'infra/backup', name), ...args];
  try {
    const { stdout } = await run(command[0]!, command.slice(1), { env: { ...process.env, PATH: `${binaries}:${process.env.PATH}`, ...env } });
    return stdout.trim().split('\n')[0]!;
  } catch (error) {
    throw new Error(`infra/backup/${name} failed: ${(error as { stderr?: string }).stderr ?? String(error)}`);
  }
}

const hubEnv = (port: number, databasePort: number, logins: Logins, common: Record<string, string>) => ({
  ...common,
  PORT: String(port),
  DATABASE_URL: urlOf(databasePort, 'ponte_hub', logins.hub),
});

/** Which of `ids` are in `table` of the database at `url` (read as the superuser, past row-level security). */
async function present(url: string, table: Acknowledged['table'], ids: string[]): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // A consent's id in the API is the consent's, across its versions (`consent_id`).
    const column = table === 'consents' ? 'consent_id' : 'id';
    const { rows } = await client.query<{ id: string }>(`select distinct ${column}::text as id from ${table} where ${column} = any($1::uuid[])`, [ids]);
    return new Set(rows.map((r) => r.id));
  } finally {
    await client.end();
  }
}

/**
 * The checks on a restored database: a hub on it, every record acknowledged before `point` there
 * (and, when `absentAfter` is given, none sent after it), the access log verified against the head
 * kept before the backup and proved consistent with it, the token and the console session from
 * before still good, and new sign-ins and writes.
 */
async function checkRestored(
  label: string,
  server: PrivatePostgres,
  logins: Logins,
  common: Record<string, string>,
  entry: string,
  before: { point: number; absentAfter?: number; acknowledged: Acknowledged[]; head: { treeSize: number; rootHash: string; signedHead: string }; token: string; kid: string | undefined; session: string },
  options: { wrongKey?: boolean } = {},
) {
  const hub = new HubProcess(entry, hubEnv(await freePort(), server.port, logins, common));
  cleanups.push(() => hub.kill());
  const t0 = Date.now();
  await hub.start();
  say(`${label}: a hub on the restored database is ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const expected = before.acknowledged.filter((a) => a.ackedAt < before.point);
  const later = before.acknowledged.filter((a) => a.sentAt > (before.absentAfter ?? Number.POSITIVE_INFINITY));
  let missing = 0;
  let unexpected = 0;
  const url = server.url('postgres', 'ponte');
  for (const table of ['subjects', 'consents', 'referrals'] as const) {
    const found = await present(url, table, expected.filter((a) => a.table === table).map((a) => a.id));
    missing += expected.filter((a) => a.table === table && !found.has(a.id)).length;
    if (before.absentAfter !== undefined) unexpected += (await present(url, table, later.filter((a) => a.table === table).map((a) => a.id))).size;
  }
  expectThat(missing === 0, `${label}: all ${expected.length} records acknowledged before the ${before.absentAfter === undefined ? 'backup started' : 'recovery target'} are there (${missing} missing)`);
  if (before.absentAfter !== undefined) expectThat(unexpected === 0, `${label}: none of the ${later.length} records sent after the recovery target is there (${unexpected} found)`);

  const client = new StoryClient(() => hub.url, PASSWORD);
  // Returnees whose consent was acknowledged before the point too: their identity may be read back.
  const sample = expected.filter((a) => a.table === 'consents').slice(-5);
  let read = 0;
  for (const record of sample) {
    const res = await fetch(`${hub.url}/v1/subjects/${record.subjectId}`, { headers: { authorization: `Bearer ${before.token}` } });
    const body = (await res.json()) as { data?: { identity?: unknown } };
    if (res.status === 200 && body.data?.identity) read += 1;
  }
  expectThat(read === sample.length, `${label}: a bearer token issued before the backup still reads (${read} of ${sample.length} returnees, identity included)`);
  const page = await fetch(`${hub.url}/console`, { headers: { cookie: before.session }, redirect: 'manual' });
  expectThat(page.status === 200, `${label}: a console session opened before the backup still works (${page.status})`);

  const verified = await client.verifyLog(before.head.signedHead);
  const witness = verified.body.witness as { consistent?: boolean } | undefined;
  expectThat(verified.status === 200 && verified.body.ok === true && witness?.consistent === true, `${label}: the access log verifies (${String(verified.body.events)} events, ${String(verified.body.heads)} heads), consistent with the head kept before the backup`);
  const now = await latestHead(client);
  if (now.treeSize > before.head.treeSize) {
    const proof = await client.send('GET', `/v1/log/consistency?from=${before.head.treeSize}&to=${now.treeSize}`, ['iom', 'privacy']);
    const hashes = ((proof.body.proof ?? []) as string[]).map((h) => Buffer.from(h, 'hex'));
    const consistent = verifyConsistency(before.head.treeSize, now.treeSize, Buffer.from(before.head.rootHash, 'hex'), Buffer.from(now.rootHash, 'hex'), hashes);
    expectThat(consistent, `${label}: the consistency proof from the kept head (${before.head.treeSize}) to the restored log's (${now.treeSize}) checks here`);
  } else expectThat(now.rootHash === before.head.rootHash, `${label}: the restored log's latest head is the kept one`);

  if (options.wrongKey) {
    // The dump alone cannot sign: a hub given another key-encryption key refuses to start.
    const stranger = new HubProcess(entry, hubEnv(await freePort(), server.port, logins, { ...common, PONTE_KEY_ENCRYPTION_KEY: newKeyEncryptionKey() }));
    cleanups.push(() => stranger.kill());
    const refused = await stranger.start(30_000).then(
      () => false,
      () => /refusing to start/.test(stranger.logs.join('')),
    );
    await stranger.kill();
    expectThat(refused, `${label}: a hub with another key-encryption key refuses to start on the restored database (the dump alone cannot sign)`);
  }
  const fresh = await client.token('iom', 'caseworker', true);
  const jwks = createRemoteJWKSet(new URL(`${hub.url}/.well-known/jwks.json`));
  const checked = await jwtVerify(fresh, jwks, { issuer: common.PONTE_PUBLIC_URL, audience: 'ponte-api' }).catch((e: Error) => e);
  expectThat(!(checked instanceof Error) && checked.protectedHeader.kid === before.kid, `${label}: the restored hub signs new tokens with the same key (kid ${before.kid})`);
  const written = await client.change('subject', `RestoreCheck${label.replace(/\W/g, '')}`, '/v1/subjects', ['iom', 'caseworker'], returnee('RestoreCheck'), Date.now() + 10_000, (b) => String(b.id));
  expectThat(written.outcome === 'acknowledged', `${label}: the restored hub writes`);
  await hub.stop();
  return { checked: expected.length + later.length, absentChecked: later.length };
}

async function main() {
  if (!binaries) throw new Error('no PostgreSQL server programs (pg_config --bindir) on this machine');
  const bundles = await buildBundles('restore-drill');
  const logins = newLogins();
  const common: Record<string, string> = {
    HOST: '127.0.0.1',
    // The public URL (the tokens' issuer) is the deployment's name, the same for the restored hub.
    PONTE_PUBLIC_URL: 'http://127.0.0.1:8080',
    PONTE_KEY_ENCRYPTION_KEY: newKeyEncryptionKey(),
    PONTE_MIGRATE: 'off',
    PONTE_SEED_DEMO: 'false',
    PONTE_DEMO_PASSWORD: PASSWORD,
    PONTE_DEMO_WITNESSES: 'false',
    PONTE_SEAL_INTERVAL_MS: '500',
    PONTE_RATE_LIMIT_PER_MINUTE: '1000000',
    PONTE_TOKEN_RATE_LIMIT_PER_MINUTE: '100000',
    LOG_LEVEL: 'warn',
  };

  // The source: a private instance archiving its WAL.
  const source = new PrivatePostgres(binaries);
  cleanups.push(() => source.destroy());
  await source.init();
  const archive = serviceFolder('ponte-wal-archive-');
  cleanups.push(() => removeQuietly(archive));
  psql(source, `alter system set archive_mode = on`);
  psql(source, `alter system set archive_command = 'test ! -f ${archive}/%f && cp %p ${archive}/%f'`);
  psql(source, `alter system set archive_timeout = '60s'`);
  serverProgram(binaries, 'pg_ctl', ['-D', source.data, '-m', 'fast', '-w', 'restart', '-l', join(source.dir, 'server.log')]);
  prepareDatabase(source, logins, { hubRunsWorker: true });
  migrate(bundles, urlOf(source.port, 'ponte_owner', logins.owner));
  const hub = new HubProcess(bundles.hub, hubEnv(await freePort(), source.port, logins, { ...common, PONTE_SEED_DEMO: 'true' }));
  cleanups.push(() => hub.kill());
  await hub.start();
  say(`source: private PostgreSQL ${source.port} archiving its WAL, roles.sql, migrated, a hub (the worker inline) ready`);

  // The base backup for PITR, before the load.
  const backups = serviceFolder('ponte-backups-');
  cleanups.push(() => removeQuietly(backups));
  let t = Date.now();
  const baseBackup = (await script(true, 'base-backup.sh', [source.url(), backups])).split(' ')[0]!;
  const baseSeconds = (Date.now() - t) / 1000;
  say(`base backup (infra/backup/base-backup.sh): ${baseSeconds.toFixed(1)} s, ${mib(bytesOf(baseBackup))}`);

  // What clients hold before the backup: a bearer token, a console session, the key's id.
  const client = new StoryClient(() => hub.url, PASSWORD);
  const token = await client.token('iom', 'caseworker');
  const kid = decodeProtectedHeader(token).kid;
  const session = await consoleSession(hub.url, 'iom', 'caseworker');

  // The load, with the logical backup at 40 % of it and the recovery target at 70 %.
  const acknowledged: Acknowledged[] = [];
  const until = Date.now() + SECONDS * 1000;
  const load = Promise.all(Array.from({ length: CLIENTS }, (_, i) => caseworker(client, `C${i}`, until, acknowledged)));
  await sleep(SECONDS * 400);
  const head = await latestHead(client);
  const backupPoint = Date.now();
  t = Date.now();
  const dump = (await script(false, 'logical-backup.sh', [source.url('postgres', 'ponte'), backups])).split(' ')[0]!;
  const dumpSeconds = (Date.now() - t) / 1000;
  say(`logical backup (infra/backup/logical-backup.sh, pg_dump -Fc) under load: ${dumpSeconds.toFixed(1)} s, ${mib(statSync(dump).size)}; ${acknowledged.length} records acknowledged by then; kept head: ${head.treeSize} events`);
  await sleep(Math.max(0, until - SECONDS * 300 - Date.now()));
  await sleep(500);
  const target = new Date();
  await sleep(500);
  say(`recovery target noted: ${target.toISOString()}`);
  await load;
  say(`load done: ${acknowledged.length} records acknowledged by ${CLIENTS} caseworkers in ${SECONDS} s`);

  // Everything up to now into the archive, then the source is gone.
  const walFile = psql(source, 'select pg_walfile_name(pg_switch_wal())');
  for (const deadline = Date.now() + 60_000; psql(source, `select coalesce(last_archived_wal >= '${walFile}', false) from pg_stat_archiver`) !== 't'; await sleep(200))
    if (Date.now() > deadline) throw new Error('the WAL was not archived within 60 s');
  const archiveBytes = bytesOf(archive);
  await hub.stop();
  await source.destroy();
  say(`source stopped and removed; WAL archive ${readdirSync(archive).length} files, ${mib(archiveBytes)}`);

  // Logical restore: a new instance, the roles from roles.sql, the dump into the new database.
  const logical = new PrivatePostgres(binaries);
  cleanups.push(() => logical.destroy());
  await logical.init();
  t = Date.now();
  await script(false, 'logical-restore.sh', [dump, logical.url()], { PONTE_OWNER_PASSWORD: logins.owner, PONTE_HUB_PASSWORD: logins.hub, PONTE_BACKGROUND_PASSWORD: logins.background });
  const restoreSeconds = (Date.now() - t) / 1000;
  requirePasswords(logical);
  say(`logical restore (infra/backup/logical-restore.sh: roles.sql, pg_restore into a new database on a new instance): ${restoreSeconds.toFixed(1)} s`);
  const before = { acknowledged, head, token, kid, session };
  const logicalChecked = await checkRestored('logical', logical, logins, common, bundles.hub, { ...before, point: backupPoint }, { wrongKey: true });
  await logical.destroy();

  // PITR: the base backup with the WAL archive, recovered to the target on a new instance.
  // Started here rather than by init() (no initdb: its data is the base backup), so stopped here too.
  const recovered = new PrivatePostgres(binaries);
  cleanups.push(() => recovered.destroy());
  cleanups.push(() => serverProgram(binaries, 'pg_ctl', ['-D', recovered.data, '-m', 'immediate', 'stop']));
  recovered.port = await freePort();
  t = Date.now();
  giveToServiceUser(recovered.dir);
  await script(true, 'pitr-prepare.sh', [baseBackup, recovered.data, archive, target.toISOString().replace('T', ' ').replace('Z', '+00')]);
  const options = `-p ${recovered.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=60`;
  try {
    serverProgram(binaries, 'pg_ctl', ['-D', recovered.data, '-o', options, '-l', join(recovered.dir, 'server.log'), '-w', '-t', '120', 'start']);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${readFileSync(join(recovered.dir, 'server.log'), 'utf8').split('\n').slice(-15).join('\n')}`);
  }
  for (const deadline = Date.now() + 120_000; psql(recovered, 'select pg_is_in_recovery()') !== 'f'; await sleep(200))
    if (Date.now() > deadline) throw new Error('recovery did not end within 120 s');
  const pitrSeconds = (Date.now() - t) / 1000;
  say(`PITR (base backup + ${readdirSync(archive).length} archived WAL files to ${target.toISOString()}): ${pitrSeconds.toFixed(1)} s`);
  const pitrChecked = await checkRestored('PITR', recovered, logins, common, bundles.hub, { ...before, point: target.getTime(), absentAfter: target.getTime() });

  const lines = [
    '',
    'Restore drill',
    `  load                          ${SECONDS} s, ${CLIENTS} caseworkers, ${acknowledged.length} records acknowledged`,
    `  logical backup (pg_dump -Fc)  ${dumpSeconds.toFixed(1)} s under load, ${mib(statSync(dump).size)}`,
    `  logical restore               ${restoreSeconds.toFixed(1)} s (roles.sql + pg_restore), ${logicalChecked.checked} records checked`,
    `  base backup (pg_basebackup)   ${baseSeconds.toFixed(1)} s, ${mib(bytesOf(baseBackup))}`,
    `  WAL archive                   ${readdirSync(archive).length} files, ${mib(archiveBytes)}`,
    `  PITR restore                  ${pitrSeconds.toFixed(1)} s to the target, ${pitrChecked.checked} records checked (${pitrChecked.absentChecked} of them sent after the target, absent)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  process.stderr.write(`\n${(error as Error).stack ?? (error as Error).message}\n`);
} finally {
  await cleanups.run();
  say(failed ? 'FAILED; everything started was stopped and removed' : 'everything started was stopped and removed');
}
process.exit(failed ? 1 : 0);
