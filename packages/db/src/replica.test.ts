import { registry } from '@ponte/metrics';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { decideRead, readMayBeStale, replicaLag, ReplicaRouter, type ReplicaState } from './replica';
import type { Database } from './schema';

const standby = (state: Partial<ReplicaState>): ReplicaState => ({ inRecovery: true, caughtUp: false, sinceLastReplay: 0, ...state });
const primaryDb = { name: 'primary' } as unknown as Kysely<Database>;
const replicaDb = { name: 'replica' } as unknown as Kysely<Database>;

/** A router over a replica whose state the test sets, on a clock the test moves. */
function router(maxStalenessSeconds = 10) {
  const clock = { ms: 0 };
  const replica = { state: standby({ caughtUp: true }) as ReplicaState | Error, checks: 0 };
  const routed = new ReplicaRouter(
    replicaDb,
    async () => {
      replica.checks++;
      if (replica.state instanceof Error) throw replica.state;
      return replica.state;
    },
    { maxStalenessSeconds, now: () => clock.ms },
  );
  return { routed, clock, replica };
}

async function routedCount(target: string, reason: string): Promise<number> {
  const metric = (await registry.getSingleMetric('ponte_db_reads_routed_total')?.get())?.values ?? [];
  return metric.find((v) => v.labels.target === target && v.labels.reason === reason)?.value ?? 0;
}

describe('where a read that may be stale goes', () => {
  it('to a replica that has replayed all it received, however long ago its last transaction (an idle primary)', () => {
    expect(replicaLag(standby({ caughtUp: true, sinceLastReplay: 3600 }))).toBe(0);
    expect(decideRead(replicaLag(standby({ caughtUp: true, sinceLastReplay: 3600 })), 10)).toEqual({ target: 'replica', reason: 'current' });
  });

  it('to a replica behind by no more than the bound, and to the primary past it', () => {
    expect(decideRead(replicaLag(standby({ sinceLastReplay: 10 })), 10).target).toBe('replica');
    expect(decideRead(replicaLag(standby({ sinceLastReplay: 10.5 })), 10)).toEqual({ target: 'primary', reason: 'stale' });
  });

  it('to the primary when the replica has replayed nothing since it started and is still receiving', () => {
    expect(replicaLag(standby({ sinceLastReplay: null }))).toBe(Number.POSITIVE_INFINITY);
    expect(decideRead(replicaLag(standby({ sinceLastReplay: null })), 10).target).toBe('primary');
  });

  it('to a server that is no standby (a promoted replica): it is its own latest state', () => {
    expect(decideRead(replicaLag({ inRecovery: false, caughtUp: false, sinceLastReplay: null }), 10).target).toBe('replica');
  });
});

describe('the replica router', () => {
  it('checks at most once a second, one check for the requests that arrive together', async () => {
    const { routed, clock, replica } = router();
    const together = await Promise.all([routed.decision(), routed.decision(), routed.decision()]);
    expect(together.map((d) => d.target)).toEqual(['replica', 'replica', 'replica']);
    expect(replica.checks).toBe(1);
    replica.state = standby({ sinceLastReplay: 60 });
    clock.ms = 999;
    expect((await routed.decision()).target).toBe('replica');
    expect(replica.checks).toBe(1);
    clock.ms = 1000;
    expect(await routed.decision()).toEqual({ target: 'primary', reason: 'stale' });
    expect(replica.checks).toBe(2);
  });

  it('sends reads to the primary while the replica cannot be checked, and back once it can', async () => {
    const { routed, clock, replica } = router();
    replica.state = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(await routed.decision()).toEqual({ target: 'primary', reason: 'unreachable' });
    replica.state = standby({ caughtUp: true });
    clock.ms = 1000;
    expect((await routed.decision()).target).toBe('replica');
  });

  it('tells when reads change where they go, and why, once each time', async () => {
    const changes: string[] = [];
    const clock = { ms: 0 };
    const replica = { state: standby({ caughtUp: true }) };
    const routed = new ReplicaRouter(replicaDb, async () => replica.state, { maxStalenessSeconds: 10, now: () => clock.ms, onChange: (d, lag) => changes.push(`${d.target}/${d.reason}/${lag}`) });
    for (const sinceLastReplay of [null, 30, 40, null]) {
      replica.state = sinceLastReplay === null ? standby({ caughtUp: true }) : standby({ sinceLastReplay });
      await routed.decision();
      clock.ms += 1000;
    }
    routed.failed();
    expect(changes).toEqual(['replica/current/0', 'primary/stale/30', 'replica/current/0', 'primary/unreachable/undefined']);
  });

  it('after a read failed on the replica, sends reads to the primary until the next check', async () => {
    const { routed, clock } = router();
    expect((await routed.decision()).target).toBe('replica');
    clock.ms = 500;
    routed.failed();
    clock.ms = 1400;
    expect(await routed.decision()).toEqual({ target: 'primary', reason: 'unreachable' });
    clock.ms = 1500;
    expect((await routed.decision()).target).toBe('replica');
  });
});

describe('readMayBeStale', () => {
  it('reads on the primary, uncounted, when there is no replica', async () => {
    const before = await routedCount('primary', 'stale');
    expect(await readMayBeStale(primaryDb, undefined, async (on) => on)).toEqual({ db: primaryDb, replica: false });
    expect(await routedCount('primary', 'stale')).toBe(before);
  });

  it('reads on a current replica, and on the primary when it is stale, counting each', async () => {
    const { routed, clock, replica } = router();
    const [onReplica, onPrimary] = [await routedCount('replica', 'current'), await routedCount('primary', 'stale')];
    expect(await readMayBeStale(primaryDb, routed, async (on) => on)).toEqual({ db: replicaDb, replica: true });
    replica.state = standby({ sinceLastReplay: 11 });
    clock.ms = 1000;
    expect(await readMayBeStale(primaryDb, routed, async (on) => on)).toEqual({ db: primaryDb, replica: false });
    expect([await routedCount('replica', 'current'), await routedCount('primary', 'stale')]).toEqual([onReplica + 1, onPrimary + 1]);
  });

  it('makes a read the replica failed (gone, or cancelled for a replay conflict) again on the primary, once', async () => {
    for (const code of ['57P01', '40001']) {
      const { routed } = router();
      const failed = await routedCount('primary', 'failed');
      const tried: boolean[] = [];
      const result = await readMayBeStale(primaryDb, routed, async (on) => {
        tried.push(on.replica);
        if (on.replica) throw Object.assign(new Error('the replica failed'), { code });
        return 'from the primary';
      });
      expect(result).toBe('from the primary');
      expect(tried).toEqual([true, false]);
      expect(await routedCount('primary', 'failed')).toBe(failed + 1);
      // Gone: the primary until the next check; a conflict: the replica still.
      expect((await routed.decision()).target).toBe(code === '57P01' ? 'primary' : 'replica');
    }
  });

  it('does not make again on the primary what failed for its own reasons (a refusal, a timeout)', async () => {
    for (const error of [new Error('forbidden'), Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' })]) {
      const { routed } = router();
      const tried: boolean[] = [];
      await expect(
        readMayBeStale(primaryDb, routed, async (on) => {
          tried.push(on.replica);
          throw error;
        }),
      ).rejects.toBe(error);
      expect(tried).toEqual([true]);
    }
  });
});
