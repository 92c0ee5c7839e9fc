import type { TokenService } from '@ponte/auth';
import { insertHead, latestHead, lockSealer, sealNextEvents, withoutTenant, type Db } from '@ponte/db';
import { repeat } from './loop';
import { decodeFrontier, encodeFrontier, pushLeaf, rootOfFrontier } from './frontier';
import { signHead } from './heads';
import { archiveExpiredEvents } from './retention';

/**
 * Seals the events appended since the last head: gives each its place in the log, in the order
 * sealed, hashes it as an RFC 6962 leaf, and signs a new head (size, root, time, previous head).
 * One sealer at a time; events keep being appended meanwhile and wait for the next round.
 */
export async function sealLog({ db, tokens, now = () => new Date(), batchSize = 5000 }: { db: Db; tokens: TokenService; now?: () => Date; batchSize?: number }) {
  return withoutTenant(db, 'sealer', async (tx) => {
    await lockSealer(tx);
    const previous = await latestHead(tx);
    const from = previous?.tree_size ?? 0;
    // Placed, owners completed and hashed by PostgreSQL in one statement; the tree is built here.
    const leaves = await sealNextEvents(tx, from, batchSize);
    if (leaves.length === 0) return { sealed: 0, treeSize: from };
    const frontier = previous ? decodeFrontier(previous.frontier) : [];
    for (const { leaf } of leaves) pushLeaf(frontier, leaf);
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

/** Seals the log every `intervalMs` until stopped; with `retentionDays`, also archives what is past it. */
export function startSealingLoop(options: { db: Db; tokens: TokenService; intervalMs?: number; retentionDays?: number; onError?: (error: unknown) => void }) {
  // Retention moves whole stretches, at most hourly, not a few events every round.
  let lastArchive = 0;
  return repeat(
    async () => {
      await sealLog(options);
      if (!options.retentionDays || Date.now() - lastArchive < 3_600_000) return;
      lastArchive = Date.now();
      await archiveExpiredEvents({ db: options.db, retentionDays: options.retentionDays });
    },
    options.intervalMs ?? 5000,
    options.onError,
  );
}
