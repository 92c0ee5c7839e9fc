import { gunzipSync, gzipSync } from 'node:zlib';
import { DAY_MS } from '@ponte/contracts';
import { archivedUpTo, findHead, leafHashes, listArchives, type ScopedTx, insertArchive, lockSealer, newestHeadOlderThan, sealedEvents, deleteSealedBefore, withoutTenant, type Db } from '@ponte/db';

/**
 * Moves events past the retention period out of the live log: up to the newest signed head
 * whose events are all older than the period, they are written to an archive (compressed, with
 * the frontier they start from and the head that proves them) and then removed. The archive
 * and what remains both still verify.
 */
export async function archiveExpiredEvents({ db, now = () => new Date(), retentionDays }: { db: Db; now?: () => Date; retentionDays: number }) {
  return withoutTenant(db, 'sealer', async (tx) => {
    await lockSealer(tx);
    const from = await archivedUpTo(tx);
    const cutoff = new Date(now().getTime() - retentionDays * DAY_MS);
    const head = await newestHeadOlderThan(tx, cutoff);
    if (!head || head.tree_size <= from) return { archived: 0, archivedUpTo: from };
    const startFrontier = from === 0 ? [] : (await findHead(tx, from))!.frontier;
    const events = [];
    for (let index = from; index < head.tree_size; ) {
      const page = await sealedEvents(tx, index, 5000);
      events.push(...page.filter((e) => e.log_index! < head.tree_size));
      if (page.length === 0) break;
      index = page.at(-1)!.log_index! + 1;
    }
    await insertArchive(tx, {
      from_size: from,
      up_to_size: head.tree_size,
      start_frontier: startFrontier,
      signed_head: head.signed_head,
      events: gzipSync(Buffer.from(JSON.stringify(events))),
      archived_at: now(),
    });
    const removed = await deleteSealedBefore(tx, head.tree_size);
    return { archived: removed, archivedUpTo: head.tree_size };
  });
}

/**
 * Leaf hashes of the first `size` events of the log, archived ones included: what proofs are
 * built from, whatever retention has moved out of the live table.
 */
export async function allLeafHashes(tx: ScopedTx, size: number): Promise<Buffer[]> {
  const archived: Buffer[] = [];
  for (const archive of await listArchives(tx)) {
    if (archive.from_size >= size) break;
    const events = JSON.parse(gunzipSync(archive.events).toString('utf8')) as Array<{ leaf_hash: string }>;
    archived.push(...events.map((e) => Buffer.from(e.leaf_hash, 'hex')));
  }
  const live = (await leafHashes(tx, size)).map((h) => Buffer.from(h, 'hex'));
  return [...archived, ...live].slice(0, size);
}
