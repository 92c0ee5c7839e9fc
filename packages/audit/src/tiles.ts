import type { Frontier } from './frontier';
import { nodeHash, type Hash } from './merkle';

/**
 * The log's tree stored as C2SP `tlog-tiles`: a tile holds up to 256 hashes of one level; level 0
 * holds leaf hashes, and each hash of level L+1 is the root of the 256 hashes of a full tile of
 * level L, so level L holds the roots of the tree's perfect subtrees of 256^L leaves. Any perfect
 * subtree's hash is a few hashes of one tile away, so a proof reads a few tiles, never the log.
 */
export const TILE_WIDTH = 256;
export const TILE_HEIGHT = 8;
export const HASH_SIZE = 32;

export interface Tile {
  level: number;
  index: number;
  hashes: Buffer;
}

/** The root of 2^k consecutive hashes of one level (a perfect subtree above them). */
export function rootOfRun(hashes: readonly Hash[]): Hash {
  let nodes = hashes;
  while (nodes.length > 1) {
    const next: Hash[] = [];
    for (let i = 0; i < nodes.length; i += 2) next.push(nodeHash(nodes[i]!, nodes[i + 1]!));
    nodes = next;
  }
  return nodes[0]!;
}

const hashesOf = (tile: Buffer): Hash[] => {
  const out: Hash[] = [];
  for (let i = 0; i < tile.length; i += HASH_SIZE) out.push(tile.subarray(i, i + HASH_SIZE));
  return out;
};

/** How many hashes level `level` holds in a tree of `size` leaves. */
export const entriesAt = (size: number, level: number) => Math.floor(size / TILE_WIDTH ** level);

/**
 * The right edge of the tiles as a sealer grows them: at each level, the hashes of its last,
 * partial tile. Appending leaves fills level 0; a full tile's root goes up a level. `changed`
 * gives every tile written since the edge was loaded, full ones and the grown partial ones.
 */
export class TileEdge {
  readonly #levels: Hash[][];
  readonly #counts: number[];
  readonly #changed = new Map<string, Tile>();

  /** The edge of a tree of `size` leaves, from its partial tiles (`partial[L]`, empty where none). */
  constructor(size: number, partial: Buffer[]) {
    this.#levels = [];
    this.#counts = [];
    for (let level = 0; level === 0 || entriesAt(size, level) > 0; level++) {
      const count = entriesAt(size, level);
      const stored = partial[level] ?? Buffer.alloc(0);
      if (stored.length !== (count % TILE_WIDTH) * HASH_SIZE) throw new Error(`the stored edge of level ${level} does not match a tree of ${size}`);
      this.#levels.push(hashesOf(stored));
      this.#counts.push(count);
    }
  }

  /** The coordinates of the partial tiles a tree of `size` has, to load the edge. */
  static partialTiles(size: number): Array<{ level: number; index: number }> {
    const out = [];
    for (let level = 0; entriesAt(size, level) > 0; level++) {
      const count = entriesAt(size, level);
      if (count % TILE_WIDTH > 0) out.push({ level, index: Math.floor(count / TILE_WIDTH) });
    }
    return out;
  }

  append(leaf: Hash): void {
    this.#push(0, leaf);
  }

  #push(level: number, hash: Hash): void {
    if (this.#levels.length === level) {
      this.#levels.push([]);
      this.#counts.push(0);
    }
    const run = this.#levels[level]!;
    run.push(hash);
    this.#counts[level]! += 1;
    if (run.length === TILE_WIDTH) {
      // A full tile is written once, as it completes; the partial one at the right edge, at the end.
      const index = Math.floor((this.#counts[level]! - 1) / TILE_WIDTH);
      this.#changed.set(`${level}/${index}`, { level, index, hashes: Buffer.concat(run) });
      this.#levels[level] = [];
      this.#push(level + 1, rootOfRun(run));
    } else this.#grown.add(level);
  }

  readonly #grown = new Set<number>();

  changed(): Tile[] {
    const partial = [...this.#grown]
      .filter((level) => this.#levels[level]!.length > 0)
      .map((level) => ({ level, index: Math.floor(this.#counts[level]! / TILE_WIDTH), hashes: Buffer.concat(this.#levels[level]!) }));
    return [...this.#changed.values(), ...partial];
  }

  /**
   * The tree's right edge (its perfect subtrees, largest first), from the partial runs alone: at
   * each level, from the top, the run's length in binary gives the subtrees of 2^r of its hashes.
   * A few hundred hashes a seal, not one a leaf.
   */
  frontier(): Frontier {
    const edge: Frontier = [];
    for (let level = this.#levels.length - 1; level >= 0; level--) {
      const run = this.#levels[level]!;
      let offset = 0;
      for (let r = TILE_HEIGHT - 1; r >= 0; r--) {
        if ((run.length & (1 << r)) === 0) continue;
        edge.push({ height: level * TILE_HEIGHT + r, hash: rootOfRun(run.slice(offset, offset + (1 << r))) });
        offset += 1 << r;
      }
    }
    return edge;
  }
}

/**
 * Reads the hash of any subtree `[lo, hi)` of a tree of `size` leaves from its tiles, fetching only
 * the tiles it needs. A subtree is either perfect and aligned (a run of one tile's hashes) or split
 * as RFC 6962 splits it, at the largest power of two below its size.
 */
export class TileReader {
  readonly #tiles = new Map<string, Buffer>();

  constructor(
    readonly size: number,
    private readonly fetch: (coordinates: Array<{ level: number; index: number }>) => Promise<Tile[]>,
  ) {}

  /** Loads every tile the given ranges need, in one fetch. */
  async load(ranges: ReadonlyArray<[number, number]>): Promise<void> {
    const wanted = new Map<string, { level: number; index: number }>();
    for (const [lo, hi] of ranges) for (const node of perfectNodes(lo, hi)) for (const tile of tilesOf(node)) if (!this.#tiles.has(key(tile))) wanted.set(key(tile), tile);
    if (wanted.size === 0) return;
    for (const tile of await this.fetch([...wanted.values()])) this.#tiles.set(key(tile), tile.hashes);
  }

  /** The hash of `[lo, hi)`: its tiles must be loaded. */
  hash(lo: number, hi: number): Hash {
    if (hi > this.size || lo < 0 || hi <= lo) throw new RangeError('a subtree outside the tree');
    const width = hi - lo;
    if ((width & (width - 1)) === 0 && lo % width === 0) return this.#perfect(Math.log2(width), lo / width);
    let k = 1;
    while (k * 2 < width) k *= 2;
    return nodeHash(this.hash(lo, lo + k), this.hash(lo + k, hi));
  }

  #perfect(height: number, index: number): Hash {
    const level = Math.floor(height / TILE_HEIGHT);
    const run = 2 ** (height % TILE_HEIGHT);
    const first = index * run;
    const tile = this.#tiles.get(`${level}/${Math.floor(first / TILE_WIDTH)}`);
    const offset = (first % TILE_WIDTH) * HASH_SIZE;
    if (!tile || tile.length < offset + run * HASH_SIZE) throw new Error(`the log's tiles lack level ${level} hashes ${first}–${first + run - 1}`);
    return rootOfRun(hashesOf(tile.subarray(offset, offset + run * HASH_SIZE)));
  }
}

const key = (tile: { level: number; index: number }) => `${tile.level}/${tile.index}`;

/** The perfect aligned subtrees `[lo, hi)` is made of, as (height, index). */
function* perfectNodes(lo: number, hi: number): Generator<{ height: number; index: number }> {
  const width = hi - lo;
  if (width <= 0) return;
  if ((width & (width - 1)) === 0 && lo % width === 0) {
    const height = Math.log2(width);
    yield { height, index: lo / width };
    return;
  }
  let k = 1;
  while (k * 2 < width) k *= 2;
  yield* perfectNodes(lo, lo + k);
  yield* perfectNodes(lo + k, hi);
}

function* tilesOf(node: { height: number; index: number }): Generator<{ level: number; index: number }> {
  const level = Math.floor(node.height / TILE_HEIGHT);
  const first = node.index * 2 ** (node.height % TILE_HEIGHT);
  yield { level, index: Math.floor(first / TILE_WIDTH) };
}

/**
 * A tile's path as C2SP `tlog-tiles` writes it: `<L>/<N>[.p/<W>]`, N in groups of three digits,
 * all but the last prefixed with `x` (index 1234067 is `x001/x234/067`).
 */
export function tilePath(level: number, index: number, width: number): string {
  const digits = String(index).padStart(3, '0');
  const padded = digits.padStart(Math.ceil(digits.length / 3) * 3, '0');
  const groups = padded.match(/.{3}/g)!;
  const n = groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
  return `${level}/${n}${width < TILE_WIDTH ? `.p/${width}` : ''}`;
}

/** The tile a path names, or why it names none. */
export function parseTilePath(path: string): { level: number; index: number; width: number } | { invalid: string } {
  const match = /^(\d{1,2})\/((?:x\d{3}\/)*\d{3})(?:\.p\/(\d{1,3}))?$/.exec(path);
  if (!match) return { invalid: 'path' };
  const level = Number(match[1]);
  if (level > 63 || String(level) !== match[1]) return { invalid: 'level' };
  const index = Number(match[2]!.replaceAll('x', '').replaceAll('/', ''));
  if (!Number.isSafeInteger(index)) return { invalid: 'index' };
  const width = match[3] === undefined ? TILE_WIDTH : Number(match[3]);
  if (match[3] !== undefined && (width < 1 || width > 255 || String(width) !== match[3])) return { invalid: 'width' };
  // One tile, one path: no extra leading groups of zeros.
  if (tilePath(level, index, width) !== path) return { invalid: 'path' };
  return { level, index, width };
}
