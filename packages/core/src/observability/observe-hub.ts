import {
  dbPoolConnections,
  dbPoolWaiting,
  accessLogHeadAge,
  accessLogHeadSize,
  accessLogOldestUnsealedAge,
  accessLogUnsealed,
  accessLogVerificationOk,
  outboxOldestPendingAge,
  outboxPending,
  webhookDeadLetters,
  witnessCosignedAge,
  witnessCosignedSize,
} from '@ponte/metrics';
import { withoutTenant, type Database } from '@ponte/db';
import { sql, type Kysely } from 'kysely';

/** What a process reads when it is scraped: its pool's connections and the hub's queues. */
export async function observeStorage(storage: { db: Kysely<Database>; poolStats?: (() => { busy: number; idle: number; waiting: number }) | undefined }): Promise<void> {
  const pool = storage.poolStats?.();
  if (pool) {
    dbPoolConnections.set({ state: 'busy' }, pool.busy);
    dbPoolConnections.set({ state: 'idle' }, pool.idle);
    dbPoolWaiting.set(pool.waiting);
  }
  await observeHub(storage.db);
}

/**
 * The state of the hub's queues, read from the database when metrics are scraped: what the sealer
 * has not sealed yet, the latest signed head, the latest verification, and what the outbox still
 * owes. Each part is read in the role that may read it; a login that may not (a hub whose worker
 * roles were taken away) leaves those gauges to the worker's own metrics.
 */
export async function observeHub(db: Kysely<Database>, now = new Date()): Promise<void> {
  const age = (at: Date | string | null) => (at === null ? 0 : Math.max(0, (now.getTime() - new Date(at).getTime()) / 1000));
  await Promise.all([
    part(async () => {
      const { rows } = await withoutTenant(db, 'sealer', (tx) =>
        sql<{ unsealed: number; oldest: Date | null; size: number | null; signed_at: Date | null }>`
          select (select count(*)::int from log_pending) as unsealed, (select min(occurred_at) from log_pending) as oldest,
                 h.tree_size as size, h.created_at as signed_at
          from (select 1) one left join lateral (select tree_size, created_at from log_heads order by tree_size desc limit 1) h on true`.execute(tx),
      );
      const row = rows[0]!;
      accessLogUnsealed.set(row.unsealed);
      accessLogOldestUnsealedAge.set(age(row.oldest));
      if (row.size !== null) {
        accessLogHeadSize.set(Number(row.size));
        accessLogHeadAge.set(age(row.signed_at));
      }
    }),
    part(async () => {
      const { rows } = await withoutTenant(db, 'auditor', (tx) =>
        sql<{ ok: boolean }>`
          select status = 'done' and coalesce(report->>'ok', 'false') = 'true' as ok
          from log_verifications where status in ('done', 'failed') order by finished_at desc nulls last limit 1`.execute(tx),
      );
      if (rows[0]) accessLogVerificationOk.set({ check: 'full' }, rows[0].ok ? 1 : 0);
    }),
    part(async () => {
      const { rows } = await withoutTenant(db, 'worker', (tx) =>
        sql<{ slug: string | null; pending: number; oldest: Date | null; dead: number }>`
          select a.slug, count(*) filter (where d.status not in ('delivered', 'dead'))::int as pending,
                 min(d.created_at) filter (where d.status not in ('delivered', 'dead')) as oldest,
                 count(*) filter (where d.status = 'dead')::int as dead
          from webhook_deliveries d join agencies a on a.id = d.agency_id
          group by a.slug`.execute(tx),
      );
      outboxPending.set(rows.reduce((n, r) => n + r.pending, 0));
      const oldest = rows.map((r) => r.oldest).filter((o): o is Date => o !== null).sort((a, b) => new Date(a).getTime() - new Date(b).getTime())[0] ?? null;
      outboxOldestPendingAge.set(age(oldest));
      webhookDeadLetters.reset();
      for (const row of rows) if (row.slug) webhookDeadLetters.set({ agency: row.slug }, row.dead);
    }),
    part(async () => {
      // Each witnessing agency's latest cosignature, over its keys in use (C2SP tlog-witness).
      const { rows } = await withoutTenant(db, 'auditor', (tx) =>
        sql<{ slug: string; size: number | null; at: Date | null }>`
          select a.slug, max(c.tree_size) as size, max(c.created_at) as at
          from log_witness_keys k join agencies a on a.id = k.agency_id left join log_cosignatures c on c.witness_key_id = k.id
          where k.revoked_at is null group by a.slug`.execute(tx),
      );
      witnessCosignedSize.reset();
      witnessCosignedAge.reset();
      for (const row of rows)
        if (row.size !== null) {
          witnessCosignedSize.set({ agency: row.slug }, Number(row.size));
          witnessCosignedAge.set({ agency: row.slug }, age(row.at));
        }
    }),
  ]);
}

/** One group of gauges; a group this login may not read is left out rather than failing the scrape. */
async function part(read: () => Promise<void>): Promise<void> {
  try {
    await read();
  } catch {
    // insufficient privilege, or the database away: the scrape still answers what it has.
  }
}

/**
 * How long the oldest access event has waited to be sealed, in seconds (0 when none waits), or
 * undefined when this login may not read the sealer's queue.
 */
export async function sealLagSeconds(db: Kysely<Database>, now = new Date()): Promise<number | undefined> {
  try {
    const { rows } = await withoutTenant(db, 'sealer', (tx) => sql<{ oldest: Date | null }>`select min(occurred_at) as oldest from log_pending`.execute(tx));
    const oldest = rows[0]?.oldest;
    return oldest ? Math.max(0, (now.getTime() - new Date(oldest).getTime()) / 1000) : 0;
  } catch {
    return undefined;
  }
}
