import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1, as the system hands one out. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Where the PostgreSQL server programs are (initdb, pg_ctl), or undefined on a machine without them. */
export function serverBinaries(): string | undefined {
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    return existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A PostgreSQL server of the test's own, in a temporary folder on a free port, that the test may
 * stop with `-m immediate` (a crash, as far as the data knows) and start again, without touching
 * any server another test uses. PostgreSQL refuses to run as root, so under root it runs as the
 * `postgres` system user.
 */
export class PrivatePostgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'ponte-pg-'));
  readonly data = join(this.dir, 'data');
  port = 0;
  #asUser: string[] = [];

  constructor(private readonly bin: string) {}

  /** Runs a server program without blocking this process (its clients keep running meanwhile). */
  async #run(program: string, args: string[]): Promise<string> {
    const [command, ...rest] = [...this.#asUser, join(this.bin, program), ...args];
    try {
      return (await promisify(execFile)(command!, rest, { encoding: 'utf8' })).stdout;
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`${program} failed: ${stderr || stdout || String(error)}`);
    }
  }

  async init(): Promise<void> {
    await this.#prepare();
    await this.#run('initdb', ['-D', this.data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    await this.start();
  }

  /** The folder given to the server's user (under root), and a free port. */
  async #prepare(): Promise<void> {
    if (process.getuid?.() === 0) {
      const ids = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
      const group = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
      chownSync(this.dir, Number(ids), Number(group));
      this.#asUser = ['runuser', '-u', 'postgres', '--'];
    }
    this.port = await freePort();
  }

  /**
   * A hot standby of this server, started on a port of its own: a base backup streamed from it
   * (`pg_basebackup -R -X stream`, as its superuser, whom pg_hba.conf trusts for replication on
   * 127.0.0.1), then streaming replication, read-only queries allowed (`hot_standby`, on by default).
   */
  async standby(): Promise<PrivatePostgres> {
    const standby = new PrivatePostgres(this.bin);
    await standby.#prepare();
    await standby.#run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', '-D', standby.data, '-R', '-X', 'stream', '-c', 'fast', '--no-sync']);
    await standby.start();
    return standby;
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=on -c max_connections=60`;
    await this.#run('pg_ctl', ['-D', this.data, '-o', options, '-l', join(this.dir, 'server.log'), '-w', '-t', '60', 'start']);
  }

  /** Stops the server the hard way: no checkpoint, clients cut; recovery replays the WAL on start. */
  async stopImmediate(): Promise<void> {
    await this.#run('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', 'stop']);
  }

  url(user = 'postgres', database = 'postgres'): string {
    return `postgres://${user}@127.0.0.1:${this.port}/${database}`;
  }

  /** Runs a psql script (meta-commands such as `\connect` included) as the superuser, with psql variables. */
  psqlFile(file: string, variables: Record<string, string> = {}): { status: number | null; output: string } {
    const vars = Object.entries(variables).flatMap(([k, v]) => ['-v', `${k}=${v}`]);
    const result = spawnSync('psql', ['-v', 'ON_ERROR_STOP=1', '-q', ...vars, '-d', this.url(), '-f', file], { encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  async destroy(): Promise<void> {
    await this.#run('pg_ctl', ['-D', this.data, '-m', 'immediate', 'stop']).catch(() => undefined); // perhaps already stopped
    rmSync(this.dir, { recursive: true, force: true });
  }
}
