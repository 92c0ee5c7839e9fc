import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pushLeaf, rootOfFrontier, type Frontier } from './frontier';
import { consistencyProof, consistencyRanges, inclusionProof, inclusionRanges, rootOf } from './merkle';
import { FullTiles } from './proofs';
import { parseTilePath, TileEdge, TileReader, tilePath } from './tiles';

const leaf = (i: number) => createHash('sha256').update(`leaf ${i}`).digest();

/** Tiles of `n` leaves, grown in uneven batches as the sealer grows them, and kept as the database keeps them. */
function grow(n: number, batches: number[]) {
  const stored = new Map<string, Buffer>();
  let size = 0;
  let frontier: Frontier = [];
  for (let b = 0; size < n; b++) {
    const batch = Math.min(batches[b % batches.length]!, n - size);
    const partial: Buffer[] = [];
    for (const { level, index } of TileEdge.partialTiles(size)) partial[level] = stored.get(`${level}/${index}`)!;
    const edge = new TileEdge(size, partial);
    for (let i = size; i < size + batch; i++) edge.append(leaf(i));
    for (const tile of edge.changed()) stored.set(`${tile.level}/${tile.index}`, tile.hashes);
    size += batch;
    frontier = edge.frontier();
  }
  return { stored, frontier };
}

describe('tiles', () => {
  it.each([1, 2, 3, 255, 256, 257, 511, 4_097, 65_536, 65_537])('of %i leaves give the frontier, the root and the proofs the leaves give', (n) => {
    const leaves = Array.from({ length: n }, (_, i) => leaf(i));
    const { stored, frontier } = grow(n, [1, 7, 300, 5_000]);
    const expected: Frontier = [];
    for (const l of leaves) pushLeaf(expected, l);
    expect(frontier.map((f) => [f.height, f.hash.toString('hex')])).toEqual(expected.map((f) => [f.height, f.hash.toString('hex')]));
    expect(rootOfFrontier(frontier)!.equals(rootOf(leaves))).toBe(true);
    const reader = new TileReader(n, async (coordinates) => coordinates.flatMap(({ level, index }) => (stored.has(`${level}/${index}`) ? [{ level, index, hashes: stored.get(`${level}/${index}`)! }] : [])));
    return (async () => {
      for (const index of [0, Math.floor(n / 3), n - 1]) {
        const ranges = inclusionRanges(index, n);
        await reader.load(ranges);
        expect(ranges.map(([lo, hi]) => reader.hash(lo, hi).toString('hex'))).toEqual(inclusionProof(index, leaves).map((h) => h.toString('hex')));
      }
      for (const m of [1, Math.max(1, Math.floor(n / 2)), n]) {
        const ranges = consistencyRanges(m, n);
        await reader.load(ranges);
        expect(ranges.map(([lo, hi]) => reader.hash(lo, hi).toString('hex'))).toEqual(consistencyProof(m, leaves).map((h) => h.toString('hex')));
      }
    })();
  });

  it('are named as C2SP tlog-tiles names them, and only so', () => {
    expect(tilePath(0, 0, 256)).toBe('0/000');
    expect(tilePath(1, 1_234_067, 256)).toBe('1/x001/x234/067');
    expect(tilePath(0, 5, 7)).toBe('0/005.p/7');
    expect(parseTilePath('1/x001/x234/067')).toEqual({ level: 1, index: 1_234_067, width: 256 });
    expect(parseTilePath('0/005.p/7')).toEqual({ level: 0, index: 5, width: 7 });
    for (const bad of ['0/x000/005', '0/5', '0/005.p/0', '0/005.p/256', '0/005.p/007', '64/000', '00/000', 'entries/000', '0/000/', '0/x001']) expect(parseTilePath(bad), bad).toHaveProperty('invalid');
  });

  it('full ones are kept by a process and read once; partial ones, which still grow, are read every time', async () => {
    const n = 70_000;
    const leaves = Array.from({ length: n }, (_, i) => leaf(i));
    const { stored } = grow(n, [5_000]);
    const read: string[] = [];
    const fetch = async (coordinates: Array<{ level: number; index: number }>) =>
      coordinates.map(({ level, index }) => (read.push(`${level}/${index}`), { level, index, hashes: stored.get(`${level}/${index}`)! }));
    const kept = new FullTiles(3);
    const proofOf = async (index: number) => {
      const reader = new TileReader(n, kept.through(fetch));
      const ranges = inclusionRanges(index, n);
      await reader.load(ranges);
      expect(ranges.map(([lo, hi]) => reader.hash(lo, hi).toString('hex'))).toEqual(inclusionProof(index, leaves).map((h) => h.toString('hex')));
    };
    await proofOf(1_000);
    const first = read.splice(0);
    expect(first).toEqual(expect.arrayContaining(['0/3', '1/0', '1/1']));
    await proofOf(1_001);
    // The leaf's tile and level 1's first are kept; the right edge (level 0's tile 273 of 112
    // hashes, level 1's tile 1 of 17) is partial and read again.
    expect(read.splice(0).sort()).toEqual(['0/273', '1/1']);
    await proofOf(69_999);
    await proofOf(40_000);
    await proofOf(20_000);
    await proofOf(1_002);
    // Three kept at most: the oldest went.
    expect(read.splice(0)).toContain('0/3');
  });
});
