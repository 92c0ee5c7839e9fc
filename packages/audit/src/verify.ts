import type { TokenService } from '@ponte/auth';
import { allCosignatures, exportSnapshot, failingLeaves, firstMissingLeaf, latestWitnessed, listHeads, listPartitionArchives, tilesAt, tilesOfLevel, withoutTenant, type Db, type ScopedTx } from '@ponte/db';
import { cosignedAt, openNote, readCheckpoint } from './checkpoint';
import { readSignedHead, type TreeHead } from './heads';
import { entriesAt, HASH_SIZE, rootOfRun, TILE_WIDTH, TileReader } from './tiles';

export type Finding =
  | { problem: 'event_missing'; logIndex: number; eventId?: string }
  | { problem: 'event_changed'; logIndex: number; eventId: string }
  | { problem: 'tile_missing'; level: number; index: number }
  | { problem: 'tile_mismatch'; level: number; index: number }
  | { problem: 'head_not_genuine'; treeSize: number; reason: string }
  | { problem: 'head_mismatch'; treeSize: number }
  | { problem: 'head_chain_broken'; treeSize: number }
  | { problem: 'log_truncated'; treeSize: number; logSize: number }
  | { problem: 'witness_not_genuine'; reason: string }
  | { problem: 'witness_inconsistent'; treeSize: number }
  | { problem: 'cosignature_invalid'; treeSize: number; witnessKeyId: string };

export interface VerificationReport {
  ok: boolean;
  events: number;
  heads: number;
  /** The first thing that does not match, in log order. */
  firstProblem: Finding | null;
  witness?: { treeSize: number; consistent: boolean } | undefined;
  /** The agencies' witnesses: how many cosignatures the hub holds (each checked), and the latest checkpoint witnessed enough. */
  witnesses?: { required: number; cosignatures: number; latestWitnessed: { treeSize: number; agencyIds: string[] } | null };
  /** Of `events`, how many are in months retention archived (verified from their archives, `ponte audit verify --archive`). */
  archivedEvents?: number;
}

/**
 * Recomputes the log from the stored events and checks every signed head: each event's leaf
 * against the hash the tiles hold at its place, each tile above the leaves against the tile below
 * it, each head's signature, link to the one before and root (computed from the checked tiles).
 * With a head an agency kept (a witness copy), also checks that the log still extends it, so a
 * truncated or rewritten log cannot pass. Reports the first event or head that does not match.
 *
 * The leaves are the work: with `parallelism` above 1 (PostgreSQL), ranges of them are recomputed
 * at once on as many connections, all reading one exported snapshot.
 */
export async function verifyLog({
  db,
  tokens,
  witness,
  onProgress,
  pageSize = 50_000,
  witnessesRequired = 1,
  parallelism = 1,
}: {
  db: Db;
  tokens: TokenService;
  witness?: string | undefined;
  witnessesRequired?: number;
  onProgress?: ((done: number, total: number) => void) | undefined;
  pageSize?: number;
  parallelism?: number;
}): Promise<VerificationReport> {
  // One snapshot for the whole check: sealing and retention may run meanwhile without a false alarm.
  return withoutTenant(db, 'auditor', async (tx) => {
    const heads: Array<{ size: number; root: string; signed: string; previousSize: number | null }> = [];
    for (let after = 0; ; ) {
      const page = await listHeads(tx, { afterSize: after, limit: 1000 });
      heads.push(...page.map((h) => ({ size: h.tree_size, root: h.root_hash, signed: h.signed_head, previousSize: h.previous_size })));
      if (page.length < 1000) break;
      after = page.at(-1)!.tree_size;
    }
    let witnessHead: TreeHead | undefined;
    if (witness) {
      const read = await readSignedHead(tokens, witness);
      if ('rejected' in read) return { ok: false, events: 0, heads: heads.length, firstProblem: { problem: 'witness_not_genuine', reason: read.rejected } };
      witnessHead = read.head;
    }
    const total = heads.at(-1)?.size ?? 0;
    const report = (firstProblem: Finding | null, events: number, witnessResult?: VerificationReport['witness']): VerificationReport => ({
      ok: firstProblem === null,
      events,
      heads: heads.length,
      firstProblem,
      ...(witnessResult ? { witness: witnessResult } : {}),
    });

    // Every leaf, in ranges (one per connection), each on the same snapshot.
    const archivedMonths = (await listPartitionArchives(tx)).map((a) => ({ starts: a.starts, ends: a.ends }));
    const ranges = leafRanges(total, parallelism > 1 && total > pageSize ? parallelism : 1);
    const snapshot = ranges.length > 1 ? await exportSnapshot(tx) : undefined;
    const done = ranges.map(() => 0);
    const results = await Promise.all(
      ranges.map(([from, to], i) => {
        const progress = (checked: number) => {
          done[i] = checked;
          onProgress?.(done.reduce((a, b) => a + b, 0), total);
        };
        const check = (range: ScopedTx) => checkLeaves(range, { from, to, pageSize, archivedMonths, onProgress: progress });
        return i === 0 ? check(tx) : withoutTenant(db, 'auditor', check, { snapshot });
      }),
    );
    const archivedEvents = results.reduce((sum, r) => sum + r.archived, 0);
    const leafProblem = results.find((r) => r.problem)?.problem;
    if (leafProblem) return report(leafProblem, leafProblem.logIndex);

    const tileProblem = await checkUpperTiles(tx, total);
    if (tileProblem) return report(tileProblem, total);

    // Each head: genuine, linked to the one before, with the root the checked tiles give.
    let witnessResult: VerificationReport['witness'];
    let previous: { size: number; root: string } | null = null;
    let reader = new TileReader(total, (coordinates) => tilesAt(tx, coordinates));
    const rootAt = async (size: number) => {
      await reader.load([[0, size]]);
      return reader.hash(0, size).toString('hex');
    };
    for (const [i, head] of heads.entries()) {
      // A fresh cache now and then: the right edge of each head is a tile of its own.
      if (i % 1000 === 999) reader = new TileReader(total, (coordinates) => tilesAt(tx, coordinates));
      const read = await readSignedHead(tokens, head.signed);
      if ('rejected' in read) return report({ problem: 'head_not_genuine', treeSize: head.size, reason: read.rejected }, head.size);
      if (read.head.treeSize !== head.size || read.head.rootHash !== head.root || head.root !== (await rootAt(head.size))) return report({ problem: 'head_mismatch', treeSize: head.size }, head.size);
      const expectedPrevious = previous ? { treeSize: previous.size, rootHash: previous.root } : null;
      if (JSON.stringify(read.head.previous) !== JSON.stringify(expectedPrevious)) return report({ problem: 'head_chain_broken', treeSize: head.size }, head.size);
      previous = { size: head.size, root: head.root };
    }
    if (witnessHead) {
      if (witnessHead.treeSize > total) return report({ problem: 'log_truncated', treeSize: witnessHead.treeSize, logSize: total }, total, { treeSize: witnessHead.treeSize, consistent: false });
      witnessResult = { treeSize: witnessHead.treeSize, consistent: witnessHead.treeSize > 0 && witnessHead.rootHash === (await rootAt(witnessHead.treeSize)) };
      if (!witnessResult.consistent) return report({ problem: 'witness_inconsistent', treeSize: witnessHead.treeSize }, total, witnessResult);
    }
    const roots = new Map(heads.map((h) => [h.size, h.root]));
    const witnesses = await checkCosignatures(tx, roots, witnessesRequired);
    if ('problem' in witnesses) return report(witnesses, total);
    return { ...report(null, total, witnessResult), archivedEvents, witnesses };
  }, { snapshot: true });
}

/** `[0, total)` in `parts` ranges, each a whole number of tiles but the last. */
function leafRanges(total: number, parts: number): Array<[number, number]> {
  const size = Math.ceil(total / parts / TILE_WIDTH) * TILE_WIDTH || TILE_WIDTH;
  const ranges: Array<[number, number]> = [];
  for (let from = 0; from < total; from += size) ranges.push([from, Math.min(total, from + size)]);
  return ranges.length > 0 ? ranges : [[0, 0]];
}

/**
 * Leaves `[from, to)`, a chunk at a time: PostgreSQL recomputes each from the stored event and
 * compares it with the hash its tile holds at its place (`failingLeaves`), sending back only those
 * that fail; an event may be missing only in a month retention archived. The first problem in the
 * range, and how many leaves were of archived months.
 */
async function checkLeaves(
  tx: ScopedTx,
  options: { from: number; to: number; pageSize: number; archivedMonths: Array<{ starts: Date; ends: Date }>; onProgress: (checked: number) => void },
): Promise<{ problem: (Finding & { logIndex: number }) | null; archived: number }> {
  let archived = 0;
  for (let from = options.from; from < options.to; from += options.pageSize) {
    const to = Math.min(options.to, from + options.pageSize);
    const chunk = await failingLeaves(tx, { from, to, archived: options.archivedMonths, limit: 1 });
    archived += chunk.archived;
    const gap = chunk.leaves < to - from ? await firstMissingLeaf(tx, from, to) : undefined;
    const failing = chunk.failing[0];
    if (gap !== undefined && (!failing || gap < failing.log_index)) return { problem: { problem: 'event_missing', logIndex: gap }, archived };
    if (failing) {
      const problem: Finding & { logIndex: number } =
        failing.problem === 'tile_missing'
          ? ({ problem: 'tile_missing', level: 0, index: Math.floor(failing.log_index / TILE_WIDTH), logIndex: failing.log_index } as Finding & { logIndex: number })
          : { problem: failing.problem, logIndex: failing.log_index, eventId: failing.event_id };
      return { problem, archived };
    }
    options.onProgress(to - options.from);
  }
  return { problem: null, archived };
}

/**
 * Each hash of the tiles above level 0 must be the root of the full tile below it: proofs are read
 * from them, so a forged upper tile would send a proof astray. Upper levels are 1/256 of the log.
 */
async function checkUpperTiles(tx: ScopedTx, size: number): Promise<Finding | null> {
  for (let level = 1; entriesAt(size, level) > 0; level++) {
    const count = entriesAt(size, level);
    const tilesAbove = Math.ceil(count / TILE_WIDTH);
    for (let tileIndex = 0; tileIndex < tilesAbove; tileIndex++) {
      const [tile] = await tilesOfLevel(tx, level, tileIndex, tileIndex);
      const width = Math.min(TILE_WIDTH, count - tileIndex * TILE_WIDTH);
      if (!tile || tile.hashes.length < width * HASH_SIZE) return { problem: 'tile_missing', level, index: tileIndex };
      const below = await tilesOfLevel(tx, level - 1, tileIndex * TILE_WIDTH, tileIndex * TILE_WIDTH + width - 1);
      for (let i = 0; i < width; i++) {
        const child = below[i];
        if (!child || child.index !== tileIndex * TILE_WIDTH + i || child.hashes.length !== TILE_WIDTH * HASH_SIZE) return { problem: 'tile_missing', level: level - 1, index: tileIndex * TILE_WIDTH + i };
        const hashes = [];
        for (let h = 0; h < TILE_WIDTH; h++) hashes.push(child.hashes.subarray(h * HASH_SIZE, (h + 1) * HASH_SIZE));
        if (!rootOfRun(hashes).equals(tile.hashes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE))) return { problem: 'tile_mismatch', level, index: tileIndex };
      }
    }
  }
  return null;
}

/**
 * Every cosignature the hub holds must be its witness key's valid signature of a checkpoint of a
 * head the log has, with that head's root: the hub cannot keep one it could not show a witness.
 */
async function checkCosignatures(tx: ScopedTx, roots: ReadonlyMap<number, string>, required: number): Promise<NonNullable<VerificationReport['witnesses']> | Finding> {
  let count = 0;
  for (let after: { treeSize: number; agencyId: string; witnessKeyId: string } | undefined; ; ) {
    const page = await allCosignatures(tx, { after, limit: 1000 });
    for (const c of page) {
      const bad = { problem: 'cosignature_invalid' as const, treeSize: c.tree_size, witnessKeyId: c.witness_key_id };
      const checkpoint = readCheckpoint(c.body);
      if ('invalid' in checkpoint || checkpoint.size !== c.tree_size || checkpoint.rootHash !== c.root_hash || roots.get(c.tree_size) !== c.root_hash) return bad;
      const note = openNote(`${c.body}\n\u2014 ${c.name} ${c.signature.toString('base64')}\n`);
      if ('invalid' in note || !cosignedAt(note, { name: c.name, publicKey: c.public_key })) return bad;
      count += 1;
    }
    if (page.length < 1000) break;
    const last = page.at(-1)!;
    after = { treeSize: last.tree_size, agencyId: last.agency_id, witnessKeyId: last.witness_key_id };
  }
  const latest = await latestWitnessed(tx, required);
  return { required, cosignatures: count, latestWitnessed: latest ? { treeSize: latest.tree_size, agencyIds: latest.agency_ids } : null };
}
