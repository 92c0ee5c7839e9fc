import type { TokenService } from '@ponte/auth';
import { ensurePartitions, insertHead, latestHead, lockSealer, sealNextEvents, tilesAt, withoutTenant, writeTiles, type Db } from '@ponte/db';
import { DAY_MS } from '@ponte/contracts';
import { repeat } from './loop';
import { encodeFrontier, rootOfFrontier } from './frontier';
import { signHead } from './heads';
import { archiveExpiredMonths } from './retention';
import { TileEdge } from './tiles';

/**
 * Seals the next batch of events appended since the last head: gives each its place in the log,
 * in the order sealed, hashes it as an RFC 6962 leaf, appends the leaves and the tree's tiles, and
 * signs a new head (size, root, time, previous head). Events are never written. One sealer at a
 * time; events keep being appended meanwhile and wait for the next batch.
 */
export async function sealBatch({ db, tokens, now = () => new Date(), batchSize = 5000 }: { db: Db; tokens: TokenService; now?: () => Date; batchSize?: number }) {
  return withoutTenant(db, 'sealer', async (tx) => {
    await lockSealer(tx);
    const previous = await latestHead(tx);
    const from = previous?.tree_size ?? 0;
    // Placed and hashed by PostgreSQL in one statement; the tree is built here.
    const leaves = await sealNextEvents(tx, from, batchSize);
    if (leaves.length === 0) return { sealed: 0, treeSize: from };
    leaves.forEach((l, i) => {
      if (l.log_index !== from + i) throw new Error(`the sealed leaves are not consecutive at ${from + i}`);
    });
    const partial: Buffer[] = [];
    for (const tile of await tilesAt(tx, TileEdge.partialTiles(from))) partial[tile.level] = tile.hashes;
    const edge = new TileEdge(from, partial);
    for (const { leaf } of leaves) edge.append(leaf);
    await writeTiles(tx, edge.changed());
    const frontier = edge.frontier();
    const size = from + leaves.length;
    const root = rootOfFrontier(frontier)!.toString('hex');
    const at = now();
    const signedHead = await signHead(
      tokens,
      { treeSize: size, rootHash: root, timestamp: at.toISOString(), previous: previous ? { treeSize: previous.tree_size, rootHash: previous.root_hash } : null },
      at,
    );
    await insertHead(tx, { tree_size: size, root_hash: root, previous_size: previous?.tree_size ?? null, frontier: encodeFrontier(frontier), signed_head: signedHead, created_at: at });
    return { sealed: leaves.length, treeSize: size };
  });
}

/**
 * Seals everything queued, a batch (and a head) at a time, each batch its own short transaction;
 * stops after `maxBatches` so one round never runs unbounded under a flood.
 */
export async function sealLog(options: { db: Db; tokens: TokenService; now?: () => Date; batchSize?: number; maxBatches?: number }) {
  const batchSize = options.batchSize ?? 5000;
  let sealed = 0;
  let treeSize = 0;
  for (let batch = 0; batch < (options.maxBatches ?? 1000); batch++) {
    const result = await sealBatch({ ...options, batchSize });
    sealed += result.sealed;
    treeSize = result.treeSize;
    if (result.sealed < batchSize) break;
  }
  return { sealed, treeSize };
}

/** Makes the log's monthly partitions from this month to `monthsAhead` months on. */
export function preparePartitions({ db, now = () => new Date(), monthsAhead = 3 }: { db: Db; now?: () => Date; monthsAhead?: number }) {
  const today = now();
  return withoutTenant(db, 'sealer', (tx) => ensurePartitions(tx, today, new Date(today.getTime() + monthsAhead * 31 * DAY_MS)));
}

/**
 * Seals the log every `intervalMs` until stopped; hourly, makes the months ahead and, with
 * `retentionDays`, archives the months past it.
 */
export function startSealingLoop(options: { db: Db; tokens: TokenService; intervalMs?: number; retentionDays?: number; archiveDir?: string; onError?: (error: unknown) => void }) {
  let lastHourly = 0;
  return repeat(
    async () => {
      await sealLog(options);
      if (Date.now() - lastHourly < 3_600_000) return;
      lastHourly = Date.now();
      await preparePartitions({ db: options.db });
      if (options.retentionDays && options.archiveDir) await archiveExpiredMonths({ db: options.db, tokens: options.tokens, retentionDays: options.retentionDays, archiveDir: options.archiveDir });
    },
    options.intervalMs ?? 5000,
    options.onError,
  );
}
