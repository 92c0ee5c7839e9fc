/**
 * The pieces of a deployment as plain processes, for `pnpm test:deploy` (local-cluster.ts) and
 * `pnpm test:restore`: a private PostgreSQL instance with the deployment's roles and password
 * logins, the migration job, PgBouncer in transaction mode, the hub and the worker, each from the
 * bundles `pnpm build` writes. Nothing here touches a server it did not start.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleAll } from '@ponte/hub/build';
import { freePort, type PrivatePostgres } from '../support/private-postgres';

export const ROOT = resolve(import.meta.dirname, '../..');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The bundles, built as `pnpm build` builds them into a folder of this run's own (a concurrent build is left alone). */
export async function buildBundles(name: string): Promise<{ hub: string; worker: string; cli: string }> {
  const dir = resolve(ROOT, 'services/hub/dist', name);
  await bundleAll(dir);
  return { hub: join(dir, 'hub.mjs'), worker: join(dir, 'worker.mjs'), cli: join(dir, 'cli.mjs') };
}

/** The logins' passwords, new for each run. */
export interface Logins {
  owner: string;
  hub: string;
  background: string;
}
export const newLogins = (): Logins => ({ owner: randomBytes(12).toString('hex'), hub: randomBytes(12).toString('hex'), background: randomBytes(12).toString('hex') });

/** A key-encryption key for the signing keys (base64 of 32 random bytes), new for each run. */
export const newKeyEncryptionKey = () => randomBytes(32).toString('base64');

export const urlOf = (port: number, user: string, password: string, database = 'ponte') => `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;

/** Who a server program runs as: PostgreSQL and PgBouncer refuse root, so under root they run as `postgres`. */
const asServiceUser = (): string[] => (process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : []);

/** Runs a PostgreSQL program (pg_ctl, pg_basebackup) from `bin` as the service user; throws with its output when it fails. */
export function serverProgram(bin: string, program: string, args: string[]): string {
  const [command, ...rest] = [...asServiceUser(), join(bin, program), ...args];
  const result = spawnSync(command!, rest, { encoding: 'utf8', timeout: 300_000 });
  if (result.status !== 0) throw new Error(`${program} failed: ${result.stderr || result.stdout}`);
  return result.stdout;
}

/** A folder of the service user's, for a server program to write in (a WAL archive, a base backup). */
export function serviceFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  giveToServiceUser(dir);
  return dir;
}

/** Gives a folder to the `postgres` system user when running as root (a server program writes there). */
export function giveToServiceUser(dir: string): void {
  if (process.getuid?.() !== 0) return;
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  chownSync(dir, uid, gid);
}

/** Runs SQL as the instance's superuser; throws with psql's own words when it fails. */
export function psql(server: PrivatePostgres, sql: string, database = 'postgres'): string {
  const result = spawnSync('psql', ['-v', 'ON_ERROR_STOP=1', '-X', '-q', '-At', '-d', server.url('postgres', database), '-c', sql], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
  return result.stdout.trim();
}

/**
 * The deployment's roles and database (infra/postgres/roles.sql) on `server`, with the hub's login
 * giving up the worker's and sealer's roles (services/worker does that work), and logins that
 * need their password from now on: only the superuser (this harness) and replication stay trusted.
 */
export function prepareDatabase(server: PrivatePostgres, logins: Logins, options: { hubRunsWorker?: boolean } = {}): void {
  const roles = server.psqlFile(join(ROOT, 'infra/postgres/roles.sql'), { db: 'ponte', owner_password: logins.owner, hub_password: logins.hub, background_password: logins.background });
  if (roles.status !== 0) throw new Error(`roles.sql failed: ${roles.output}`);
  if (!options.hubRunsWorker) psql(server, 'revoke ponte_worker, ponte_sealer from ponte_hub');
  requirePasswords(server);
}

/** pg_hba.conf: the superuser and replication trusted on 127.0.0.1 (the harness), every login by SCRAM password. */
export function requirePasswords(server: PrivatePostgres): void {
  const hba = ['host all postgres 127.0.0.1/32 trust', 'host replication postgres 127.0.0.1/32 trust', 'host all all 127.0.0.1/32 scram-sha-256', ''].join('\n');
  writeFileSync(join(server.data, 'pg_hba.conf'), hba);
  psql(server, 'select pg_reload_conf()');
}

/** The migration job, `ponte migrate`: the schema owner's credentials here and nowhere else. Answers what it said. */
export function migrate(bundles: { cli: string }, databaseUrl: string): string {
  const result = spawnSync(process.execPath, [bundles.cli, 'migrate'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`the migration job failed (${result.status}): ${result.stderr}`);
  return `${result.stdout}${result.stderr}`.trim();
}

/**
 * A long-running process of the deployment (PgBouncer, the worker), in a process group of its
 * own, so stopping it reaches it through `runuser` too. Its output is kept for the harness.
 */
export class Service {
  readonly logs: string[] = [];
  #child: ChildProcess | undefined;
  #exited: Promise<number | null> = Promise.resolve(null);

  constructor(
    readonly name: string,
    private readonly command: string[],
    private readonly env: Record<string, string> = {},
  ) {}

  start(): void {
    const [program, ...args] = this.command;
    const child = spawn(program!, args, { cwd: ROOT, env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.#child = child;
    const keep = (chunk: Buffer) => {
      this.logs.push(chunk.toString('utf8'));
      if (this.logs.length > 2000) this.logs.splice(0, 500);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    this.#exited = new Promise((done) => child.once('exit', (code) => done(code)));
  }

  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** SIGTERM to the group, then SIGKILL after `graceMs`; answers the exit code (null when killed by a signal). */
  async stop(graceMs = 10_000, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.#child;
    if (!child?.pid || !this.running) return this.#exited;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, graceMs);
    const code = await this.#exited;
    clearTimeout(timer);
    return code;
  }

  tail(lines = 20): string {
    return this.logs.join('').split('\n').slice(-lines).join('\n');
  }
}

/** Where the `pgbouncer` program is, or undefined (Debian puts it in /usr/sbin). */
export function pgbouncerProgram(): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin']) if (dir && existsSync(join(dir, 'pgbouncer'))) return join(dir, 'pgbouncer');
  return undefined;
}

/**
 * PgBouncer in transaction mode with infra/pgbouncer/pgbouncer.ini as shipped, but for the lines
 * that name a deployment's hosts, ports and folders: `ponte` on `primary` (host:port on 127.0.0.1
 * by port), `ponte_read` on `replica` when given, a free port of its own, and an auth file
 * accepting the hub's login only (SCRAM).
 */
export async function startPgbouncer(primary: { port: number }, hubPassword: string, replica?: { port: number }): Promise<{ service: Service; port: number; dir: string }> {
  const program = pgbouncerProgram();
  if (!program) throw new Error('pgbouncer is not installed (infra/local-cluster.sh installs Debian’s package)');
  const dir = mkdtempSync(join(tmpdir(), 'ponte-pgbouncer-'));
  const port = await freePort();
  writeFileSync(join(dir, 'userlist.txt'), `"ponte_hub" "${hubPassword}"\n`, { mode: 0o600 });
  const ours: Record<string, string> = { listen_addr: '127.0.0.1', listen_port: String(port), auth_file: join(dir, 'userlist.txt') };
  const shipped = readFileSync(join(ROOT, 'infra/pgbouncer/pgbouncer.ini'), 'utf8').split('\n');
  const ini = shipped.flatMap((line) => {
    if (/^ponte\s*=/.test(line))
      return [`ponte = host=127.0.0.1 port=${primary.port} dbname=ponte`, ...(replica ? [`ponte_read = host=127.0.0.1 port=${replica.port} dbname=ponte`] : [])];
    const key = /^(\w+)\s*=/.exec(line)?.[1];
    return key && key in ours ? [`${key} = ${ours[key]}`] : [line];
  });
  for (const key of Object.keys(ours)) if (!ini.some((line) => line.startsWith(`${key} =`))) throw new Error(`infra/pgbouncer/pgbouncer.ini has no ${key} line to set`);
  writeFileSync(join(dir, 'pgbouncer.ini'), ini.join('\n'));
  giveToServiceUser(dir);
  giveToServiceUser(join(dir, 'userlist.txt'));
  const service = new Service('pgbouncer', [...asServiceUser(), program, join(dir, 'pgbouncer.ini')]);
  service.start();
  const deadline = Date.now() + 15_000;
  while (spawnSync('pg_isready', ['-q', '-h', '127.0.0.1', '-p', String(port), '-d', 'ponte']).status !== 0) {
    if (!service.running || Date.now() > deadline) throw new Error(`PgBouncer did not start:\n${service.tail()}`);
    await sleep(100);
  }
  return { service, port, dir };
}

/** A removal that never throws, for cleanups. */
export const removeQuietly = (path: string) => rmSync(path, { recursive: true, force: true });

/** A whole-number `--name n` from the command line, within bounds; exits 2 naming the option otherwise. */
export function numberOption(name: string, fallback: number, min: number, max: number): number {
  const at = process.argv.indexOf(name);
  const value = at > 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    process.stderr.write(`${name} takes a whole number from ${min} to ${max}\n`);
    process.exit(2);
  }
  return value;
}

/**
 * What a harness started, to stop and remove last to first: `push` a cleanup as each piece
 * starts; `run` runs them once (later calls wait for the same run). Ctrl-C and SIGTERM (a CI
 * timeout) run them too, then exit.
 */
export function cleanupsOnExit(): { push(cleanup: () => unknown): void; run(): Promise<void> } {
  const cleanups: Array<() => unknown> = [];
  let cleaning: Promise<void> | undefined;
  const run = () =>
    (cleaning ??= (async () => {
      for (const cleanup of cleanups.reverse()) await Promise.resolve().then(cleanup).catch(() => undefined);
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      process.stdout.write(`\n${signal}: stopping what was started\n`);
      void run().then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  return { push: (cleanup) => void cleanups.push(cleanup), run };
}
