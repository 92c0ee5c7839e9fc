import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { TokenService } from '@ponte/auth';
import { DAY_MS } from '@ponte/contracts';
import {
  anyPendingBetween,
  dropPartition,
  eventsOfMonth,
  headCovering,
  insertPartitionArchive,
  latestHead,
  listPartitions,
  lockSealer,
  placesBetween,
  tilesOfLevel,
  withoutTenant,
  type Db,
} from '@ponte/db';
import { writeArchive, type ArchiveLine } from './archive';
import { encodeFrontier } from './frontier';
import { frontierFromTiles } from './proofs';
import { TILE_WIDTH } from './tiles';

/**
 * Retention by month: each month that ended more than `retentionDays` ago, once all its events are
 * sealed, is written to an archive file in `archiveDir` (its events, their leaves and the head that
 * proves them; see `archive.ts`), read a page at a time in short transactions; then, in one short
 * transaction, the archive is recorded and the month's partition detached and dropped. Nothing is
 * rewritten and no transaction stays open while the archive is written; appends wait at most for
 * the detach's moment (its lock wait is bounded; a busy moment is retried next round).
 */
export async function archiveExpiredMonths({ db, tokens, retentionDays, archiveDir, now = () => new Date() }: { db: Db; tokens: TokenService; retentionDays: number; archiveDir: string; now?: () => Date }) {
  const cutoff = now().getTime() - retentionDays * DAY_MS;
  const archived: Array<{ partition: string; events: number; file: string }> = [];
  await mkdir(archiveDir, { recursive: true });
  for (const month of await withoutTenant(db, 'sealer', (tx) => listPartitions(tx))) {
    if (month.ends.getTime() > cutoff) break;
    const ready = await withoutTenant(db, 'sealer', async (tx) => ({
      pending: await anyPendingBetween(tx, month.starts, month.ends),
      places: await placesBetween(tx, month.starts, month.ends),
    }));
    // Seal first: a month goes only whole.
    if (ready.pending) break;
    const head = await withoutTenant(db, 'sealer', (tx) => (ready.places.last === null ? latestHead(tx) : headCovering(tx, ready.places.last + 1)));
    if (ready.places.last !== null && !head) break;
    const treeSize = head?.tree_size ?? 0;
    const firstIndex = ready.places.first ?? treeSize;
    const startFrontier = await withoutTenant(db, 'auditor', (tx) => frontierFromTiles(tx, firstIndex));
    const file = `${month.name}-${now().toISOString().replace(/[:.]/g, '')}.jsonl.gz`;
    const sha256 = await writeArchive(
      join(archiveDir, file),
      {
        format: 'ponte.access-log-archive.v1',
        partition: month.name,
        starts: month.starts.toISOString(),
        ends: month.ends.toISOString(),
        firstIndex,
        treeSize,
        startFrontier: encodeFrontier(startFrontier),
        signedHead: head?.signed_head ?? '',
        keys: tokens.jwks(),
      },
      archiveLines(db, month, firstIndex, treeSize),
    );
    const done = await withoutTenant(db, 'sealer', async (tx) => {
      await lockSealer(tx);
      // Nothing may have joined the month since it was read (a late append would be lost).
      const again = await placesBetween(tx, month.starts, month.ends);
      if (again.events !== ready.places.events || (await anyPendingBetween(tx, month.starts, month.ends))) return false;
      await insertPartitionArchive(tx, {
        partition_name: month.name,
        starts: month.starts,
        ends: month.ends,
        file_name: file,
        sha256,
        events: ready.places.events,
        first_index: ready.places.first,
        up_to_size: treeSize,
        archived_at: now(),
      });
      await dropPartition(tx, month.name);
      return true;
    });
    if (!done) break;
    archived.push({ partition: month.name, events: ready.places.events, file });
  }
  return { archived };
}

/** The archive's lines: the month's events a page at a time, then the leaves from the tiles, then the counts. */
async function* archiveLines(db: Db, month: { starts: Date; ends: Date }, firstIndex: number, treeSize: number): AsyncGenerator<ArchiveLine> {
  let events = 0;
  for (let after: { agencyId: string; atKey: string; id: string } | undefined; ; ) {
    const page = await withoutTenant(db, 'sealer', (tx) => eventsOfMonth(tx, { starts: month.starts, ends: month.ends, after, limit: 5000 }));
    for (const { at_key: _, ...event } of page) yield { event };
    events += page.length;
    if (page.length < 5000) break;
    const last = page.at(-1)!;
    after = { agencyId: last.agency_id, atKey: last.at_key, id: last.id };
  }
  for (let tile = Math.floor(firstIndex / TILE_WIDTH); tile * TILE_WIDTH < treeSize; tile += 64) {
    const tiles = await withoutTenant(db, 'auditor', (tx) => tilesOfLevel(tx, 0, tile, tile + 63));
    for (const t of tiles) {
      const from = Math.max(firstIndex, t.index * TILE_WIDTH);
      const to = Math.min(treeSize, t.index * TILE_WIDTH + t.hashes.length / 32);
      if (to > from) yield { leaves: { from, hashes: t.hashes.subarray((from - t.index * TILE_WIDTH) * 32, (to - t.index * TILE_WIDTH) * 32).toString('hex') } };
    }
  }
  yield { end: { events, leaves: treeSize - firstIndex } };
}
