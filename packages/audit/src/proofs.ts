import { tilesAt, type ScopedTx } from '@ponte/db';
import type { Frontier } from './frontier';
import { consistencyRanges, inclusionRanges, type Hash, type Range } from './merkle';
import { TileReader } from './tiles';

/** Reads the hashes of these stretches of a tree of `size` leaves from its tiles, in one fetch. */
async function rootsOf(tx: ScopedTx, size: number, ranges: Range[]): Promise<Hash[]> {
  const reader = new TileReader(size, (coordinates) => tilesAt(tx, coordinates));
  await reader.load(ranges);
  return ranges.map(([lo, hi]) => reader.hash(lo, hi));
}

/** The leaf at `index` and its audit path in the tree of `size` leaves: a few tiles read, never the log. */
export async function inclusionFromTiles(tx: ScopedTx, index: number, size: number): Promise<{ leaf: Hash; path: Hash[] }> {
  const [leaf, ...path] = await rootsOf(tx, size, [[index, index + 1], ...inclusionRanges(index, size)]);
  return { leaf: leaf!, path };
}

/** The consistency proof from the tree of `m` leaves to the tree of `n`, from the tiles. */
export function consistencyFromTiles(tx: ScopedTx, m: number, n: number): Promise<Hash[]> {
  return rootsOf(tx, n, consistencyRanges(m, n));
}

/** The right edge (perfect subtrees, largest first) of the tree of the first `size` leaves. */
export async function frontierFromTiles(tx: ScopedTx, size: number): Promise<Frontier> {
  const ranges: Range[] = [];
  for (let lo = 0, bit = 2 ** Math.floor(Math.log2(Math.max(size, 1))); bit >= 1; bit /= 2) {
    if (size - lo >= bit) {
      ranges.push([lo, lo + bit]);
      lo += bit;
    }
  }
  if (size === 0) return [];
  const hashes = await rootsOf(tx, size, ranges);
  return ranges.map(([lo, hi], i) => ({ height: Math.log2(hi - lo), hash: hashes[i]! }));
}
