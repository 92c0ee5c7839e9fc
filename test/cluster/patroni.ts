/**
 * PostgreSQL managed by Patroni, as Debian packages it, for `pnpm test:cluster`: one etcd member
 * as Patroni's store and Patroni nodes on free ports of 127.0.0.1, each with its own folder. The
 * first node to start bootstraps the primary; the others clone it (pg_basebackup) and stream from
 * it. Synchronous mode is on, so a commit is acknowledged only once the synchronous standby has
 * flushed it, and a standby promoted after a crash holds every acknowledged transaction.
 * `primary_start_timeout: 0` makes Patroni fail over when the primary's postgres crashes, rather
 * than restart it in place. Nothing here touches a server it did not start.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../support/private-postgres';
import { giveToServiceUser, Service, serviceFolder, sleep } from '../deploy/cluster';

export const PATRONI = '/usr/bin/patroni';
export const ETCD = '/usr/bin/etcd';

const asServiceUser = (): string[] => (process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : []);

/** One etcd member, alone in its cluster: the store Patroni keeps its leader lock in. */
export class Etcd {
  readonly dir = serviceFolder('ponte-etcd-');
  clientPort = 0;
  #service: Service | undefined;

  get url(): string {
    return `http://127.0.0.1:${this.clientPort}`;
  }

  async start(): Promise<void> {
    this.clientPort = await freePort();
    const peer = `http://127.0.0.1:${await freePort()}`;
    this.#service = new Service('etcd', [
      ETCD,
      '--name=ponte-test',
      `--data-dir=${join(this.dir, 'data')}`,
      `--listen-client-urls=${this.url}`,
      `--advertise-client-urls=${this.url}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=ponte-test=${peer}`,
      '--initial-cluster-state=new',
      '--log-level=warn',
    ]);
    this.#service.start();
    for (const deadline = Date.now() + 20_000; ; await sleep(100)) {
      const health = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(1000) }).then((r) => r.json() as Promise<{ health?: string }>, () => ({}) as { health?: string });
      if (health.health === 'true') return;
      if (!this.#service.running || Date.now() > deadline) throw new Error(`etcd did not start:\n${this.#service.tail()}`);
    }
  }

  async stop(): Promise<void> {
    await this.#service?.stop();
  }
}

export interface PatroniCluster {
  scope: string;
  etcd: Etcd;
  binaries: string;
  /** The replication login's password (the superuser is trusted from 127.0.0.1 only, as in the other harnesses). */
  replicationPassword: string;
}

/** One Patroni node and the postgres it manages. */
export class PatroniNode {
  readonly dir = serviceFolder('ponte-patroni-');
  readonly data = join(this.dir, 'data');
  port = 0;
  restPort = 0;
  #service: Service | undefined;

  constructor(
    readonly name: string,
    private readonly cluster: PatroniCluster,
  ) {}

  get rest(): string {
    return `http://127.0.0.1:${this.restPort}`;
  }

  url(user = 'postgres', database = 'postgres'): string {
    return `postgres://${user}@127.0.0.1:${this.port}/${database}`;
  }

  /** The node's configuration (patroni.yml), written as JSON, which is YAML too. */
  #config() {
    const { scope, etcd, binaries, replicationPassword } = this.cluster;
    return {
      scope,
      namespace: '/ponte-test/',
      name: this.name,
      restapi: { listen: `127.0.0.1:${this.restPort}`, connect_address: `127.0.0.1:${this.restPort}` },
      etcd3: { hosts: `127.0.0.1:${etcd.clientPort}` },
      bootstrap: {
        dcs: {
          // The leader lock lives 20 s; Patroni looks every second. A crashed primary is failed
          // over at once (primary_start_timeout 0); a node that vanishes whole, after its lock expires.
          ttl: 20,
          loop_wait: 1,
          retry_timeout: 5,
          primary_start_timeout: 0,
          maximum_lag_on_failover: 1048576,
          synchronous_mode: true,
          postgresql: {
            use_pg_rewind: true,
            use_slots: true,
            parameters: { wal_level: 'replica', hot_standby: 'on', wal_log_hints: 'on', max_wal_senders: 10, max_replication_slots: 10, max_connections: 120, hot_standby_feedback: 'on' },
          },
        },
        initdb: [{ encoding: 'UTF8' }, { locale: 'C' }],
      },
      postgresql: {
        listen: `127.0.0.1:${this.port}`,
        connect_address: `127.0.0.1:${this.port}`,
        data_dir: this.data,
        bin_dir: binaries,
        pgpass: join(this.dir, 'pgpass'),
        authentication: {
          superuser: { username: 'postgres' },
          replication: { username: 'replicator', password: replicationPassword },
        },
        parameters: { unix_socket_directories: this.dir },
        pg_hba: [
          'local all all trust',
          'host all postgres 127.0.0.1/32 trust',
          'host replication replicator 127.0.0.1/32 scram-sha-256',
          'host all all 127.0.0.1/32 scram-sha-256',
        ],
      },
      tags: { nofailover: false, noloadbalance: false, clonefrom: false, nosync: false },
    };
  }

  async start(): Promise<void> {
    if (this.port === 0) {
      this.port = await freePort();
      this.restPort = await freePort();
    }
    const file = join(this.dir, 'patroni.yml');
    writeFileSync(file, JSON.stringify(this.#config(), null, 2));
    giveToServiceUser(file);
    this.#service = new Service(`patroni ${this.name}`, [...asServiceUser(), PATRONI, file]);
    this.#service.start();
  }

  /** What Patroni's REST API says of this node: its role and state, or undefined when it does not answer. */
  async status(): Promise<{ role?: string; state?: string; timeline?: number } | undefined> {
    return fetch(`${this.rest}/patroni`, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.json() as Promise<{ role?: string; state?: string; timeline?: number }>,
      () => undefined,
    );
  }

  /** Waits until Patroni reports this node running in `role` ('primary' or 'replica'). */
  async waitFor(role: 'primary' | 'replica', timeoutMs = 120_000): Promise<void> {
    for (const deadline = Date.now() + timeoutMs; ; await sleep(250)) {
      const status = await this.status();
      if (status?.state === 'running' && (status.role === role || (role === 'primary' && status.role === 'master'))) return;
      if (!this.#service?.running) throw new Error(`patroni ${this.name} exited:\n${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`patroni ${this.name} is not a running ${role} after ${timeoutMs / 1000} s (${JSON.stringify(status)}):\n${this.tail()}`);
    }
  }

  /** Waits until this node is the synchronous standby (Patroni's `/sync` answers 200): only then may a crash of the primary fail over to it. */
  async waitForSync(timeoutMs = 60_000): Promise<void> {
    for (const deadline = Date.now() + timeoutMs; ; await sleep(250)) {
      if ((await fetch(`${this.rest}/sync`, { signal: AbortSignal.timeout(1000) }).then((r) => r.status, () => 0)) === 200) return;
      if (Date.now() > deadline) throw new Error(`patroni ${this.name} is not the synchronous standby after ${timeoutMs / 1000} s:\n${this.tail()}`);
    }
  }

  /** SIGKILL of this node's postmaster: the database crashes; Patroni stays up and sees it. */
  killPostgres(): number {
    const pid = Number(readFileSync(join(this.data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    return pid;
  }

  tail(lines = 30): string {
    return this.#service?.tail(lines) ?? '';
  }

  /** Stops Patroni, which stops its postgres (fast), then SIGKILL of both after the grace time. */
  async stop(): Promise<void> {
    await this.#service?.stop(20_000);
    try {
      const pid = Number(readFileSync(join(this.data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid) process.kill(pid, 'SIGKILL');
    } catch {
      // postgres is not running
    }
  }
}
