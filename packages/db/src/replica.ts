import { dbReadsRouted, dbReplicaLag } from '@ponte/metrics';
import pg from 'pg';
import type { Kysely } from 'kysely';
import { CommitOutcomeUnknown, isDatabaseUnavailable } from './errors';
import type { Database } from './schema';
import { settleAccountCheck } from './scope';

/**
 * A read replica (a hot standby of the primary, `PONTE_READ_DATABASE_URL`) for the reads that may
 * be stale: the privacy officer's log search, the referral figures, the service directory. The
 * replica is reached by a pool of its own, as the same login, and its units of work take the same
 * roles and agency as on the primary (`set_config(..., true)` inside a READ ONLY transaction works on
 * a hot standby), so row-level security binds there just as it does on the primary.
 *
 * What never goes to the replica: writes, the access events of a read served there (written on the
 * primary, see `withAccessLog`), the check of the account behind a token (on the primary, before the
 * read: a disabled account is refused at once, not once the replica has caught up), and every verb
 * not marked as tolerating stale reads.
 */
export interface ReplicaReads {
  /** The replica's connections, for a read-only unit of work. */
  readonly db: Kysely<Database>;
  /** Where a read that may be stale goes now: checked at most once a second, the check shared. */
  decision(): Promise<ReadDecision>;
  /** A read on the replica failed as if it were gone: reads go to the primary until the next check. */
  failed(): void;
  close(): Promise<void>;
}

export type ReadDecision = { target: 'replica'; reason: 'current' } | { target: 'primary'; reason: 'stale' | 'unreachable' };

/** What one check of the replica read. */
export interface ReplicaState {
  /** False for a server that is not a standby (a promoted replica): it is its own latest state. */
  inRecovery: boolean;
  /**
   * It has replayed all the WAL it received, and a WAL receiver is running: current, however long
   * ago the last transaction was (an idle primary sends nothing, and the replay timestamp stops).
   */
  caughtUp: boolean;
  /** `now() - pg_last_xact_replay_timestamp()` in seconds; null when nothing was replayed since it started. */
  sinceLastReplay: number | null;
}

/**
 * How far behind the replica is, in seconds. Caught up, 0. Otherwise, the time since the last
 * transaction it replayed committed on the primary: an over-estimate when the primary was idle
 * before its latest writes (those writes are a moment old, the last replayed one older), which
 * sends reads to the primary for a check or two, never a stale one to the replica. The two clocks
 * are the two servers': their skew adds to the figure.
 */
export function replicaLag(state: ReplicaState): number {
  if (!state.inRecovery || state.caughtUp) return 0;
  return state.sinceLastReplay ?? Number.POSITIVE_INFINITY;
}

/** The replica while it is at most `maxStalenessSeconds` behind (see {@link replicaLag}); the primary otherwise. */
export function decideRead(lagSeconds: number, maxStalenessSeconds: number): ReadDecision {
  return lagSeconds <= maxStalenessSeconds ? { target: 'replica', reason: 'current' } : { target: 'primary', reason: 'stale' };
}

/**
 * The check, as the hub's login (these functions and the WAL receiver's `pid` are open to every
 * role; the receiver's other columns are not, and are not read).
 */
const REPLICA_STATE = `
  select pg_is_in_recovery() as in_recovery,
         coalesce(pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() and exists (select 1 from pg_stat_wal_receiver), false) as caught_up,
         extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 as since_last_replay`;

/** Reads the replica's state on a connection of its own (never queued behind the reads), giving up after a second. */
export function replicaProbe(url: string): { measure: () => Promise<ReplicaState>; close: () => Promise<void> } {
  const probe = new pg.Pool({ connectionString: url, max: 1, application_name: 'ponte-replica-check', connectionTimeoutMillis: 1000, query_timeout: 1000, idleTimeoutMillis: 60_000 });
  probe.on('error', () => undefined);
  return {
    measure: async () => {
      const { rows } = await probe.query<{ in_recovery: boolean; caught_up: boolean; since_last_replay: number | null }>(REPLICA_STATE);
      const row = rows[0]!;
      return { inRecovery: row.in_recovery, caughtUp: row.caught_up, sinceLastReplay: row.since_last_replay };
    },
    close: () => probe.end(),
  };
}

export interface ReplicaRouterOptions {
  maxStalenessSeconds: number;
  /** How long a check's answer holds (1 s). */
  checkIntervalMs?: number | undefined;
  /** A clock in milliseconds (`performance.now()`). */
  now?: (() => number) | undefined;
  /** Told when reads change where they go, and why (the first decision included): for the log. */
  onChange?: ((decision: ReadDecision, lagSeconds: number | undefined) => void) | undefined;
}

/**
 * Decides where reads that may be stale go, from a check of the replica made at most once per
 * interval: requests arriving while a check runs wait for that one. A check that fails (the
 * replica is down, refuses the login, does not answer within a second) sends reads to the primary
 * until the next: a replica that is down never fails a request.
 */
export class ReplicaRouter implements ReplicaReads {
  readonly #interval: number;
  readonly #now: () => number;
  #last: { at: number; decision: ReadDecision } | undefined;
  #checking: Promise<ReadDecision> | undefined;

  constructor(
    readonly db: Kysely<Database>,
    private readonly measure: () => Promise<ReplicaState>,
    private readonly options: ReplicaRouterOptions,
    private readonly onClose: () => Promise<void> = async () => undefined,
  ) {
    this.#interval = options.checkIntervalMs ?? 1000;
    this.#now = options.now ?? (() => performance.now());
  }

  decision(): Promise<ReadDecision> {
    const last = this.#last;
    if (last && this.#now() - last.at < this.#interval) return Promise.resolve(last.decision);
    return (this.#checking ??= this.#check().finally(() => (this.#checking = undefined)));
  }

  failed(): void {
    this.#change({ target: 'primary', reason: 'unreachable' });
  }

  async close(): Promise<void> {
    await this.onClose();
    await this.db.destroy();
  }

  async #check(): Promise<ReadDecision> {
    let decision: ReadDecision;
    let lag: number | undefined;
    try {
      lag = replicaLag(await this.measure());
      if (Number.isFinite(lag)) dbReplicaLag.set(lag);
      decision = decideRead(lag, this.options.maxStalenessSeconds);
    } catch {
      decision = { target: 'primary', reason: 'unreachable' };
    }
    this.#change(decision, lag);
    return decision;
  }

  #change(decision: ReadDecision, lag?: number): void {
    const before = this.#last?.decision.reason;
    this.#last = { at: this.#now(), decision };
    if (before !== decision.reason) this.options.onChange?.(decision, lag);
  }
}

/**
 * The replica failed the read in a way the primary would not: it went away (a connection error, the
 * commit's answer lost: a read-only unit has nothing to lose), or cancelled the read for a conflict
 * with the WAL it replays (40001). A timeout is not one: the request's time is spent either way.
 */
function failedOnReplica(error: unknown): boolean {
  if (isDatabaseUnavailable(error) || error instanceof CommitOutcomeUnknown) return true;
  return (error as { code?: unknown } | null)?.code === '40001';
}

/** Where {@link readMayBeStale} runs the read: the replica's read-only units of work, or the primary's own. */
export interface ReadTarget {
  db: Kysely<Database>;
  /** True on the replica: the unit must be READ ONLY, and whatever it logs is written on the primary. */
  replica: boolean;
}

/**
 * Runs a read that may be stale on the replica when there is one and it is current enough, else on
 * the primary; a read that fails on the replica as the replica went away is made again on the
 * primary, once (it wrote nothing). The request's account is checked on the primary first.
 */
export async function readMayBeStale<T>(primary: Kysely<Database>, replica: ReplicaReads | undefined, read: (target: ReadTarget) => Promise<T>): Promise<T> {
  if (!replica) return read({ db: primary, replica: false });
  const decision = await replica.decision();
  if (decision.target === 'primary') {
    dbReadsRouted.inc({ target: 'primary', reason: decision.reason });
    return read({ db: primary, replica: false });
  }
  await settleAccountCheck(primary);
  try {
    const result = await read({ db: replica.db, replica: true });
    dbReadsRouted.inc({ target: 'replica', reason: 'current' });
    return result;
  } catch (error) {
    if (!failedOnReplica(error)) throw error;
    if ((error as { code?: unknown } | null)?.code !== '40001') replica.failed();
    dbReadsRouted.inc({ target: 'primary', reason: 'failed' });
    return read({ db: primary, replica: false });
  }
}
