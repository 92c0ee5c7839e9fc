import { tilesAt, type ScopedTx } from '@ponte/db';
import type { Frontier } from './frontier';
import { consistencyRanges, inclusionRanges, type Hash, type Range } from './merkle';
import { HASH_SIZE, TileReader, TILE_WIDTH, type Tile } from './tiles';

type TileFetch = (coordinates: Array<{ level: number; index: number }>) => Promise<Tile[]>;

/**
 * Full tiles a process has read. A full tile never changes (a stored tile only grows, by
 * extension, and a full one cannot grow), so it may be kept: the upper levels, which every proof
 * reads, are then never read again. Bounded (8 KB a tile), the least recently used first out.
 */
export class FullTiles {
  readonly #tiles = new Map<string, Buffer>();

  constructor(private readonly capacity = 1024) {}

  /** `fetch`, reading only the tiles not kept, and keeping the full ones it read. */
  through(fetch: TileFetch): TileFetch {
    return async (coordinates) => {
      const found: Tile[] = [];
      const missing = coordinates.filter((c) => {
        const hashes = this.#take(`${c.level}/${c.index}`);
        if (hashes) found.push({ ...c, hashes });
        return !hashes;
      });
      for (const tile of missing.length > 0 ? await fetch(missing) : []) {
        found.push(tile);
        if (tile.hashes.length === TILE_WIDTH * HASH_SIZE) this.#keep(`${tile.level}/${tile.index}`, tile.hashes);
      }
      return found;
    };
  }

  #take(key: string): Buffer | undefined {
    const hashes = this.#tiles.get(key);
    if (hashes) {
      this.#tiles.delete(key);
      this.#tiles.set(key, hashes);
    }
    return hashes;
  }

  #keep(key: string, hashes: Buffer) {
    this.#tiles.set(key, Buffer.from(hashes));
    if (this.#tiles.size > this.capacity) this.#tiles.delete(this.#tiles.keys().next().value!);
  }
}

const fullTilesOf = new WeakMap<object, FullTiles>();

/** The full tiles kept for one database (`db`: its handle), made on first use. */
export function fullTilesFor(db: object): FullTiles {
  let tiles = fullTilesOf.get(db);
  if (!tiles) fullTilesOf.set(db, (tiles = new FullTiles()));
  return tiles;
}

/** Reads the hashes of these stretches of a tree of `size` leaves from its tiles, in one fetch. */
async function rootsOf(tx: ScopedTx, size: number, ranges: Range[], kept?: FullTiles): Promise<Hash[]> {
  const fetch: TileFetch = (coordinates) => tilesAt(tx, coordinates);
  const reader = new TileReader(size, kept ? kept.through(fetch) : fetch);
  await reader.load(ranges);
  return ranges.map(([lo, hi]) => reader.hash(lo, hi));
}

/** The leaf at `index` and its audit path in the tree of `size` leaves: a few tiles read, never the log. */
export async function inclusionFromTiles(tx: ScopedTx, index: number, size: number, kept?: FullTiles): Promise<{ leaf: Hash; path: Hash[] }> {
  const [leaf, ...path] = await rootsOf(tx, size, [[index, index + 1], ...inclusionRanges(index, size)], kept);
  return { leaf: leaf!, path };
}

/** The consistency proof from the tree of `m` leaves to the tree of `n`, from the tiles. */
export function consistencyFromTiles(tx: ScopedTx, m: number, n: number, kept?: FullTiles): Promise<Hash[]> {
  return rootsOf(tx, n, consistencyRanges(m, n), kept);
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
