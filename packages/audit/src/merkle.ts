import { createHash, hash } from 'node:crypto';

/**
 * The Merkle tree of RFC 6962 (§2.1): leaves hashed `SHA-256(0x00 ‖ entry)`, nodes
 * `SHA-256(0x01 ‖ left ‖ right)`, a tree of n leaves split at the largest power of two below n.
 * Inclusion proofs (audit paths) and consistency proofs, and their verification as RFC 9162
 * §2.1.3.2 and §2.1.4.2 give it.
 */
export type Hash = Buffer;

const sha256 = (...parts: Uint8Array[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

export const leafHash = (entry: Uint8Array): Hash => sha256(Buffer.from([0x00]), entry);

/** `0x01 ‖ left ‖ right`, written in place: a node is hashed in one call, the tree's hot loop. */
const node = Buffer.alloc(65, 0x01);
export const nodeHash = (left: Hash, right: Hash): Hash => {
  if (left.length !== 32 || right.length !== 32) return sha256(Buffer.from([0x01]), left, right);
  node.set(left, 1);
  node.set(right, 33);
  return hash('sha256', node, 'buffer') as unknown as Hash;
};
export const emptyRoot = (): Hash => sha256();

/** The largest power of two smaller than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over leaf hashes. */
export function rootOf(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return emptyRoot();
  if (leaves.length === 1) return leaves[0]!;
  const k = split(leaves.length);
  return nodeHash(rootOf(leaves.slice(0, k)), rootOf(leaves.slice(k)));
}

/** A stretch of leaves `[lo, hi)`: a proof is a list of the roots of such stretches. */
export type Range = [lo: number, hi: number];

/** PATH(m, D[n]) as the stretches whose roots make the audit path of leaf `index` in a tree of `size`. */
export function inclusionRanges(index: number, size: number): Range[] {
  if (index < 0 || index >= size) throw new RangeError('leaf index outside the tree');
  const path = (m: number, lo: number, hi: number): Range[] => {
    if (hi - lo === 1) return [];
    const k = split(hi - lo);
    return m < lo + k ? [...path(m, lo, lo + k), [lo + k, hi]] : [...path(m, lo + k, hi), [lo, lo + k]];
  };
  return path(index, 0, size);
}

/** PROOF(m, D[n]) as stretches: proves the tree of the first m leaves is a prefix of the tree of n. */
export function consistencyRanges(m: number, n: number): Range[] {
  if (m < 1 || m > n) throw new RangeError('old size outside the tree');
  const subproof = (count: number, lo: number, hi: number, complete: boolean): Range[] => {
    if (count === hi - lo) return complete ? [] : [[lo, hi]];
    const k = split(hi - lo);
    return count <= k ? [...subproof(count, lo, lo + k, complete), [lo + k, hi]] : [...subproof(count - k, lo + k, hi, false), [lo, lo + k]];
  };
  return subproof(m, 0, n, true);
}

const rootsOf = (ranges: Range[], leaves: readonly Hash[]) => ranges.map(([lo, hi]) => rootOf(leaves.slice(lo, hi)));

/** PATH(m, D[n]) over the leaves themselves (small trees and tests; the hub reads tiles). */
export const inclusionProof = (index: number, leaves: readonly Hash[]): Hash[] => rootsOf(inclusionRanges(index, leaves.length), leaves);

/** PROOF(m, D[n]) over the leaves themselves. */
export const consistencyProof = (m: number, leaves: readonly Hash[]): Hash[] => rootsOf(consistencyRanges(m, leaves.length), leaves);

const odd = (x: number) => x % 2 === 1;
const half = (x: number) => Math.floor(x / 2);

/** RFC 9162 §2.1.3.2: does this audit path lead from the leaf to the root? */
export function verifyInclusion(index: number, size: number, leaf: Hash, proof: readonly Hash[], root: Hash): boolean {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!odd(fn))
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2: is the tree (m, oldRoot) a prefix of the tree (n, newRoot)? */
export function verifyConsistency(m: number, n: number, oldRoot: Hash, newRoot: Hash, proof: readonly Hash[]): boolean {
  if (m > n || m < 1) return false;
  if (m === n) return proof.length === 0 && oldRoot.equals(newRoot);
  const path = (m & (m - 1)) === 0 ? [oldRoot, ...proof] : [...proof];
  if (path.length === 0) return false;
  let fn = m - 1;
  let sn = n - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!odd(fn))
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return fr.equals(oldRoot) && sr.equals(newRoot) && sn === 0;
}
